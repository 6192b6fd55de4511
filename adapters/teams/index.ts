import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ParentChannelIngest } from '../../src/channels/parent-channel';
import type { School } from '../../src/config/load-school';
import { SchoolgateError } from '../../src/errors';
import type { Db } from '../../src/store/open';
import type { WorkflowApi } from '../../src/workflow/views';
import { TeamsActions } from './actions';
import { TeamsAlertChannel } from './alert-channel';
import { TeamsBot } from './bot';
import { TeamsConversations } from './conversations';
import { TeamsParentSender } from './sender';
import { type RenderOptions, TEAMS_MESSAGES_PATH } from './types';

export { TeamsActions } from './actions';
export { TeamsAlertChannel } from './alert-channel';
export { TeamsBot } from './bot';
export { alertCard } from './cards/index';
export { TeamsConversations } from './conversations';
export { TeamsParentSender } from './sender';
export { TEAMS_MESSAGES_PATH } from './types';

/** The Teams settings, as parsed from the environment by src/config/env.ts. */
export interface TeamsSettings {
  MICROSOFT_APP_ID?: string;
  MICROSOFT_APP_PASSWORD?: string;
  MICROSOFT_APP_TENANT_ID?: string;
  MICROSOFT_APP_TYPE?: 'SingleTenant';
  /** Adds an "Open in console" button to each card. */
  PUBLIC_URL?: string;
}

export interface TeamsDeps {
  schools: ReadonlyMap<string, School>;
  db: Db;
  /** Where parents' Teams messages go: the same ingest as SMS (stored and queued before Teams gets its 200). */
  ingest: ParentChannelIngest;
  /** The one workflow service every card button calls; absent in pipeline-only deployments (presses are refused). */
  workflow?: WorkflowApi;
  clock?: () => Date;
  log?: { info?(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface TeamsSurface {
  /** Mounts POST /api/messages: verified by botbuilder, or refused with what to set. Always mounted, so it fails closed. */
  route: (scope: FastifyInstance) => void;
  /** Posts and updates staff alert cards; null until Teams is configured. */
  channel: TeamsAlertChannel | null;
  /** Sends approved replies to parents who wrote on Teams; null until Teams is configured. */
  sender: TeamsParentSender | null;
  /** What is missing for a school that uses Teams, to warn about at start. */
  problems: string[];
}

export function renderOptions(schools: ReadonlyMap<string, School>, publicUrl?: string): (schoolId: string) => RenderOptions {
  return (schoolId) => {
    const school = schools.get(schoolId);
    return {
      schoolName: school?.name,
      timezone: school?.timezone,
      staffName: (id) => school?.staffById.get(id)?.name,
      staff: school ? [...school.staffById.values()].map((s) => ({ id: s.id, name: s.name, roles: s.roles })) : [],
      consoleUrl: publicUrl,
    };
  };
}

/**
 * botbuilder's response object over Fastify's reply: it checks only these four functions (and `socket`). It calls
 * send and then end; the first answer wins (Fastify's send may still be in its onSend hooks when end comes).
 */
function botResponse(reply: FastifyReply) {
  let answered = false;
  const answer = (body?: unknown) => {
    if (answered || reply.sent) return;
    answered = true;
    reply.send(body ?? '');
  };
  return {
    socket: reply.raw.socket,
    status(code: number) {
      if (!answered) reply.status(code);
      return this;
    },
    header(name: string, value: unknown) {
      if (!answered) reply.header(name, value as string);
      return this;
    },
    send(body?: unknown) {
      answer(body);
      return this;
    },
    end() {
      answer();
      return this;
    },
  };
}

/**
 * Teams for one deployment (one Azure Bot, single tenant): the endpoint the Bot Framework POSTs to, the staff alert
 * channel and the parents' reply sender. Every request to /api/messages must carry a Bot Framework JWT for our app
 * id, which botbuilder verifies (signature against the Bot Framework's published keys, issuer, audience, service
 * URL, the channel's endorsement); without the app id, secret and tenant it answers 503 and says what to set.
 */
export function createTeamsSurface(s: TeamsSettings, deps: TeamsDeps): TeamsSurface {
  const problems: string[] = [];
  const schools = [...deps.schools.values()];
  const wantsAlerts = schools.some((school) => school.file.alerts.teams);
  const hasTeamsParents = schools.some((school) => school.file.parents.some((p) => p.teams_ids.length > 0));
  const missing = (['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'] as const).filter((k) => !s[k]);
  if (missing.length) {
    if (wantsAlerts) problems.push(`a school file sets alerts.teams, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set: no Teams alerts are sent (see README, Microsoft Teams)`);
    if (hasTeamsParents) problems.push(`a school file lists parents' Teams ids, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set: their Teams messages are refused`);
    const refusal = new SchoolgateError(
      'CONFIG_INVALID',
      `Microsoft Teams is not set up on this Schoolgate: set ${missing.join(', ')} (Azure portal: your Azure Bot's Configuration page gives the Microsoft App ID and the tenant; a client secret of its app registration is the password).`,
    );
    return {
      // Refused before the body is read: nothing from an unverifiable caller is parsed.
      route: (scope) => {
        scope.post(TEAMS_MESSAGES_PATH, { onRequest: async () => Promise.reject(refusal) }, async () => {});
      },
      channel: null,
      sender: null,
      problems,
    };
  }
  const appId = s.MICROSOFT_APP_ID as string;
  const tenantId = s.MICROSOFT_APP_TENANT_ID as string;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: s.MICROSOFT_APP_PASSWORD,
    MicrosoftAppType: s.MICROSOFT_APP_TYPE ?? 'SingleTenant',
    MicrosoftAppTenantId: tenantId,
  });
  const adapter = new CloudAdapter(auth);
  // No onTurnError on purpose: a failure (the database down while storing a parent's message) must reach
  // adapter.process, which answers 500 so Teams delivers the activity again, rather than a 200 that loses it.
  const conversations = new TeamsConversations(deps.db, deps.clock);
  const render = renderOptions(deps.schools, s.PUBLIC_URL);
  const actions = deps.workflow ? new TeamsActions({ workflow: deps.workflow, schools: deps.schools, render, log: deps.log }) : null;
  const bot = new TeamsBot({ schools: deps.schools, conversations, ingest: deps.ingest, actions, tenantId, clock: deps.clock, log: deps.log });
  const run = (ctx: TurnContext) => bot.run(ctx);
  return {
    route: (scope) => {
      scope.post(TEAMS_MESSAGES_PATH, async (request, reply) => {
        await adapter.process({ body: request.body as Record<string, unknown>, headers: request.headers as Record<string, string>, method: request.method }, botResponse(reply), run);
        return reply;
      });
    },
    channel: new TeamsAlertChannel(adapter, appId, conversations, render),
    sender: new TeamsParentSender(adapter, appId, conversations),
    problems,
  };
}
