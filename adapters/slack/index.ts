import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { School } from '../../src/config/load-school';
import { SchoolgateError } from '../../src/errors';
import type { RawWebhook } from '../../src/server/app';
import type { StaffCaller, WorkflowApi } from '../../src/workflow/views';
import { SlackAlertChannel } from './alert-channel';
import { boltLogger, type LogSink } from './errors';
import { SlackInteractions } from './interactions';
import { type RenderOptions, SLACK_EVENTS_PATH } from './types';

export { SlackAlertChannel } from './alert-channel';
export { alertMessage } from './blocks';
export { SlackInteractions } from './interactions';
export { SLACK_EVENTS_PATH } from './types';

/** The Slack settings, as parsed from the environment by src/config/env.ts. */
export interface SlackSettings {
  SLACK_BOT_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_APP_TOKEN?: string;
  /** Adds an "Open in console" link to each message. */
  PUBLIC_URL?: string;
}

export interface SlackDeps {
  workflow: WorkflowApi;
  schools: ReadonlyMap<string, School>;
  log?: LogSink & { info?(obj: object, msg: string): void };
  suggestReply?: (caseId: string, caller: StaffCaller) => Promise<string | undefined>;
  /** Tests and special deployments only: the Web API's base URL (default https://slack.com/api/). */
  slackApiUrl?: string;
  /** Largest request Slack may send us; a message's blocks come back inside each button press. */
  bodyLimitBytes?: number;
}

/** Socket Mode: an outbound WebSocket to Slack, so a school needs no public URL. */
export interface SlackSocketMode {
  /** Resolves once Slack says hello on the socket; rejects on a refused app token. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackSurface {
  /** Posts and updates the alert messages; null without SLACK_BOT_TOKEN. */
  channel: SlackAlertChannel | null;
  /** POST /webhooks/slack/events: verified by Bolt, or refused with what to set. Always mounted, so it fails closed. */
  webhook: RawWebhook;
  /** Present when SLACK_APP_TOKEN is set. Not started: the composition root starts and stops it. */
  socketMode: SlackSocketMode | null;
  /** What is missing for a school that asks for Slack alerts, to warn about at start. */
  problems: string[];
}

const DEFAULT_BODY_LIMIT = 512 * 1024;

/** The Web API client every post, update and modal goes through. Retries belong to the queue, so the SDK's are few. */
export function createSlackClient(token: string, o: { slackApiUrl?: string; log?: LogSink } = {}): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: o.slackApiUrl,
    logger: boltLogger(o.log),
    retryConfig: { retries: 1, factor: 1, minTimeout: 500, maxTimeout: 1000 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

export function renderOptions(schools: ReadonlyMap<string, School>, publicUrl?: string): (schoolId: string) => RenderOptions {
  return (schoolId) => {
    const school = schools.get(schoolId);
    return { schoolName: school?.name, staffName: (id) => school?.staffById.get(id)?.name, consoleUrl: publicUrl };
  };
}

/**
 * Slack for one deployment (one Slack app, one workspace): the alert channel, the HTTP endpoint Slack POSTs button
 * presses to, and Socket Mode when an app-level token is set. Each school's file says whether it alerts on Slack.
 */
export function createSlackSurface(s: SlackSettings, deps: SlackDeps): SlackSurface {
  const log = boltLogger(deps.log);
  const problems: string[] = [];
  const token = s.SLACK_BOT_TOKEN;
  const wantsSlack = [...deps.schools.values()].some((school) => school.file.alerts.slack);
  if (!token) {
    if (wantsSlack) problems.push('a school file sets alerts.slack, but SLACK_BOT_TOKEN is not set: no Slack alerts are sent (see README, Slack)');
    const refusal = new SchoolgateError(
      'CONFIG_INVALID',
      'Slack is not set up on this Schoolgate: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack app settings: OAuth & Permissions, Basic Information).',
    );
    return { channel: null, webhook: { path: SLACK_EVENTS_PATH, handler: refusal }, socketMode: null, problems };
  }
  const client = createSlackClient(token, { slackApiUrl: deps.slackApiUrl, log: deps.log });
  const render = renderOptions(deps.schools, s.PUBLIC_URL);
  const interactions = new SlackInteractions({ workflow: deps.workflow, schools: deps.schools, client, render, suggestReply: deps.suggestReply, log: deps.log });
  // Our own authorize: the bot token as given. Bolt's default calls auth.test at construction and caches a failure
  // for ever; our listeners use `client` above, so the bot's ids are never needed.
  const authorize = async () => ({ botToken: token });
  const clientOptions = { slackApiUrl: deps.slackApiUrl, retryConfig: { retries: 1 }, rejectRateLimitedCalls: true, logger: log };

  let webhook: RawWebhook;
  if (s.SLACK_SIGNING_SECRET) {
    const receiver = new HTTPReceiver({
      signingSecret: s.SLACK_SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      // Ack first, then act: a modal's trigger_id lasts 3 s, and Slack retries anything slower.
      processBeforeResponse: false,
      logger: log,
      bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    });
    const app = new App({ receiver, authorize, ignoreSelf: false, logger: log, clientOptions });
    interactions.register(app);
    webhook = { path: SLACK_EVENTS_PATH, handler: receiver.requestListener };
  } else {
    webhook = {
      path: SLACK_EVENTS_PATH,
      handler: new SchoolgateError(
        'CONFIG_INVALID',
        s.SLACK_APP_TOKEN
          ? 'This Schoolgate talks to Slack over Socket Mode (SLACK_APP_TOKEN); to take Slack requests over HTTP as well, set SLACK_SIGNING_SECRET (Slack app settings, Basic Information, App Credentials).'
          : 'Slack requests are refused until SLACK_SIGNING_SECRET is set (Slack app settings, Basic Information, App Credentials), or use Socket Mode with SLACK_APP_TOKEN.',
      ),
    };
    if (!s.SLACK_APP_TOKEN && wantsSlack)
      problems.push('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN: Slack alerts are posted, but their buttons are refused');
  }

  let socketMode: SlackSocketMode | null = null;
  if (s.SLACK_APP_TOKEN) {
    const receiver = new SocketModeReceiver({ appToken: s.SLACK_APP_TOKEN, logger: log });
    const app = new App({ receiver, authorize, ignoreSelf: false, logger: log, clientOptions });
    interactions.register(app);
    socketMode = {
      start: async () => {
        await app.start();
      },
      stop: async () => {
        await app.stop();
      },
    };
  }
  return { channel: new SlackAlertChannel(client, render), webhook, socketMode, problems };
}
