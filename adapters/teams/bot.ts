import { type Activity, ActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext, TurnContext as Turn } from 'botbuilder';
import { InboundText, type MediaRef, type ParentChannelIngest } from '../../src/channels/parent-channel';
import type { School } from '../../src/config/load-school';
import type { TeamsActions } from './actions';
import { CARD_CONTENT_TYPE, refusalCard } from './cards/index';
import type { TeamsConversations } from './conversations';
import { parentMatch, schoolForTenant, staffMatches, type TeamsUser } from './people';

/**
 * What the bot does with each activity Teams sends, after botbuilder has verified its token. It converts and
 * forwards: a parent's message to the same ingest as an SMS, a card press to TeamsActions (the workflow), and the
 * conversation reference of anyone who writes to or installs the bot to TeamsConversations.
 */

export interface TeamsBotDeps {
  schools: ReadonlyMap<string, School>;
  conversations: TeamsConversations;
  ingest: ParentChannelIngest;
  /** Null when this deployment runs without the workflow service: presses are refused. */
  actions: TeamsActions | null;
  /** MICROSOFT_APP_TENANT_ID: activities from any other tenant are ignored (the bot is single tenant). */
  tenantId: string;
  clock?: () => Date;
  log?: { info?(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** InboundText's body limit: a longer Teams message is kept up to it, and says it was cut. */
const MAX_BODY = 10_000;
const CUT = '\n[…the rest of this message was too long to keep]';

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

export function tenantOf(a: Partial<Activity>): string | undefined {
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

const userOf = (a: Partial<Activity>): TeamsUser => ({ id: a.from?.id ?? '', aadObjectId: a.from?.aadObjectId });

/** A reference for proactive sends later: the conversation, the bot and the service URL, without the activity it came with. */
function referenceOf(a: Partial<Activity>) {
  const { activityId: _drop, ...reference } = Turn.getConversationReference(a);
  return reference;
}

export class TeamsBot extends ActivityHandler {
  private readonly clock: () => Date;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.clock = deps.clock ?? (() => new Date());
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
    this.onConversationUpdate(async (ctx, next) => {
      if (ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient.id)) await this.installed(ctx);
      await next();
    });
    this.onInstallationUpdate(async (ctx, next) => {
      const action = (ctx.activity as { action?: string }).action ?? '';
      if (action.startsWith('add')) await this.installed(ctx);
      else if (action.startsWith('remove')) await this.deps.conversations.forget(ctx.activity.conversation.id);
      await next();
    });
  }

  /** Only Teams, only our tenant: anything else is not a school's member of staff or parent. */
  private ours(ctx: TurnContext): boolean {
    const a = ctx.activity;
    const ok = a.channelId === 'msteams' && same(tenantOf(a), this.deps.tenantId);
    if (!ok) this.deps.log?.warn({ component: 'teams', channelId: a.channelId, tenantId: tenantOf(a) ?? null, type: a.type }, 'ignored a Teams activity from another channel or tenant');
    return ok;
  }

  private personal(ctx: TurnContext): boolean {
    const type = ctx.activity.conversation?.conversationType;
    return !type || type === 'personal';
  }

  private async message(ctx: TurnContext): Promise<void> {
    if (!this.ours(ctx)) return;
    const a = ctx.activity;
    // An old Action.Submit card, or an empty event: nothing a person wrote.
    if (a.value !== undefined && !a.text) return;
    if (!this.personal(ctx)) {
      await ctx.sendActivity('Schoolgate answers in a 1:1 chat: please message this app directly.');
      return;
    }
    const user = userOf(a);
    const staff = staffMatches(this.deps.schools.values(), user);
    if (staff.length) {
      await this.rememberStaff(ctx, staff);
      const names = staff.map((s) => s.school.name).join(' and ');
      await ctx.sendActivity(
        `Hello ${staff[0]!.member.name}. Schoolgate posts its alerts for ${names} to you here: cards with buttons to decide, acknowledge, reply and approve. Messages you write here are not sent anywhere.`,
      );
      return;
    }
    await this.parentMessage(ctx, user);
  }

  /**
   * A parent's message (or a Teams user the school files do not list, whose message goes to the office like a text
   * from an unknown number): stored and queued for triage before Teams gets its 200, de-duplicated by the activity.
   */
  private async parentMessage(ctx: TurnContext, user: TeamsUser): Promise<void> {
    const a = ctx.activity;
    let body = (Turn.removeRecipientMention(a) ?? a.text ?? '').trim();
    const media: MediaRef[] = (a.attachments ?? [])
      .filter((x) => typeof x.contentUrl === 'string' && /^https:\/\//.test(x.contentUrl) && x.contentType !== 'text/html')
      .map((x) => ({ url: x.contentUrl as string, contentType: x.contentType || 'application/octet-stream' }));
    if (!body && !media.length) return;
    if ([...body].length > MAX_BODY) body = [...body].slice(0, MAX_BODY - CUT.length).join('') + CUT;

    const schools = [...this.deps.schools.values()];
    const match = parentMatch(schools, user);
    const school = match?.school ?? schoolForTenant(schools, tenantOf(a));
    const address = match?.address ?? user.aadObjectId ?? user.id;
    await this.deps.conversations.remember({
      schoolId: school.id,
      kind: 'parent',
      memberId: match?.parent.id ?? null,
      address,
      teamsUserId: user.id,
      aadObjectId: user.aadObjectId ?? null,
      reference: referenceOf(a),
    });
    const text = InboundText.parse({
      channel: 'teams',
      // Teams' message ids are unique within a conversation, not across them: qualify by the conversation.
      providerMessageId: `${a.conversation.id}|${a.id}`,
      from: address,
      to: a.recipient.id,
      receivedAt: this.clock().toISOString(),
      body,
      media,
      schoolId: school.id,
    });
    const { stored } = await this.deps.ingest.acceptInbound(text);
    this.deps.log?.info?.({ component: 'teams', schoolId: school.id, known: !!match, stored }, 'a parent message from Teams');
  }

  /** Installed (or added to a chat): remember the conversation of whoever installed it, and say hello. */
  private async installed(ctx: TurnContext): Promise<void> {
    if (!this.ours(ctx) || !this.personal(ctx)) return;
    const user = userOf(ctx.activity);
    const staff = staffMatches(this.deps.schools.values(), user);
    if (staff.length) {
      await this.rememberStaff(ctx, staff);
      await ctx.sendActivity(`Hello ${staff[0]!.member.name}. Schoolgate will post its alerts for ${staff.map((s) => s.school.name).join(' and ')} to you here.`);
      return;
    }
    const match = parentMatch(this.deps.schools.values(), user);
    if (!match) return; // someone the school files do not list: remembered if and when they write
    await this.deps.conversations.remember({
      schoolId: match.school.id,
      kind: 'parent',
      memberId: match.parent.id,
      address: match.address,
      teamsUserId: user.id,
      aadObjectId: user.aadObjectId ?? null,
      reference: referenceOf(ctx.activity),
    });
    await ctx.sendActivity(`Hello. You can message ${match.school.name} here; the school office will see your message and staff will reply here.`);
  }

  private async rememberStaff(ctx: TurnContext, staff: { school: School; member: { id: string; contact: { teams_user_id?: string } } }[]): Promise<void> {
    const user = userOf(ctx.activity);
    for (const { school, member } of staff)
      await this.deps.conversations.remember({
        schoolId: school.id,
        kind: 'staff',
        memberId: member.id,
        address: member.contact.teams_user_id ?? user.id,
        teamsUserId: user.id,
        aadObjectId: user.aadObjectId ?? null,
        reference: referenceOf(ctx.activity),
      });
  }

  /** A card button (Action.Execute): the answer is the card that replaces the pressed one. */
  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const answer = (card: object): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: CARD_CONTENT_TYPE, value: card as Record<string, unknown> });
    if (!this.ours(ctx)) return answer(refusalCard('This card can only be used from the school’s own Microsoft Teams.'));
    if (!this.deps.actions) return answer(refusalCard('Staff actions are not available on this Schoolgate; use the console.'));
    return answer(await this.deps.actions.handle(userOf(ctx.activity), value));
  }
}
