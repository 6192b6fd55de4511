import { type Activity, CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AlertRecipient, PostedAlert, StaffAlert, StaffAlertChannel } from '../../src/alerts/alert-channel';
import { err, ok, type Result, SchoolgateError } from '../../src/errors';
import { type AdaptiveCard, alertCard, fitsTeams } from './cards/index';
import { referenceOf, type TeamsConversations } from './conversations';
import { fromTeamsError } from './errors';
import { postNew } from './proactive';
import { type RenderOptions, TeamsCardRef } from './types';

/** The message activity that carries a card; its summary (the notification) never quotes a parent. */
export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return { type: 'message', summary: card.fallbackText, attachments: [CardFactory.adaptiveCard(card)] };
}

/**
 * Staff alerts as Adaptive Cards in each member of staff's 1:1 chat with the bot, sent proactively
 * (continueConversationAsync) with the conversation reference kept when they first wrote to or installed the bot.
 * The posted activity's id is the PostedAlert's ref, so updateActivity can replace the card in place.
 */
export class TeamsAlertChannel implements StaffAlertChannel {
  readonly name = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: TeamsConversations,
    private readonly render: (schoolId: string) => RenderOptions = () => ({}),
  ) {}

  async canReach(schoolId: string, recipient: AlertRecipient): Promise<boolean> {
    if (!recipient.teamsUserId) return false;
    return (await this.conversations.forStaff(schoolId, recipient.teamsUserId)) !== null;
  }

  async post(alert: StaffAlert): Promise<Result<PostedAlert>> {
    const listed = alert.recipient.teamsUserId;
    if (!listed) return err(new SchoolgateError('CONFIG_INVALID', `${alert.recipient.name} has no contact.teams_user_id in the school file, so Teams cannot reach them.`));
    const row = await this.conversations.forStaff(alert.schoolId, listed);
    if (!row)
      return err(new SchoolgateError('NOT_FOUND', `${alert.recipient.name} has not yet opened Schoolgate in Teams (install the app or message it once), so no alert can be sent to them there.`));
    const card = this.card(alert);
    const reference = referenceOf(row);
    try {
      let activityId: string | undefined;
      await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
        activityId = await postNew(ctx, cardActivity(card));
      });
      if (!activityId) return err(fromTeamsError(new Error('Teams answered without the id of the message'), 'post an alert'));
      const ref: TeamsCardRef = { conversationId: row.conversationId, activityId, serviceUrl: reference.serviceUrl ?? '', tenantId: reference.conversation?.tenantId };
      return ok({ channel: 'teams', ref: JSON.stringify(ref) });
    } catch (e) {
      return err(fromTeamsError(e, `post an alert to ${alert.recipient.name}`));
    }
  }

  async update(posted: PostedAlert, alert: StaffAlert): Promise<Result<void>> {
    const ref = parseRef(posted.ref);
    if (!ref) return err(new SchoolgateError('INPUT_INVALID', `Not a Teams message reference: ${posted.ref.slice(0, 100)}`));
    const row = await this.conversations.byConversationId(ref.conversationId);
    // The stored reference is fresher (Teams may move a chat to another service URL); the ref alone still works.
    const reference: Partial<ConversationReference> = row
      ? referenceOf(row)
      : { channelId: 'msteams', serviceUrl: ref.serviceUrl, conversation: { id: ref.conversationId, tenantId: ref.tenantId, isGroup: false, conversationType: 'personal', name: '' } };
    const card = this.card(alert);
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
        await ctx.updateActivity({ ...cardActivity(card), id: ref.activityId });
      });
      return ok(undefined);
    } catch (e) {
      return err(fromTeamsError(e, `update the alert to ${alert.recipient.name}`));
    }
  }

  private card(alert: StaffAlert): AdaptiveCard {
    const card = alertCard(alert, this.render(alert.schoolId));
    // A card Teams would refuse (too large) becomes the same card without the sender's history, which is what grows.
    return fitsTeams(card) ? card : alertCard({ ...alert, history: [] }, this.render(alert.schoolId));
  }
}

export function parseRef(ref: string): TeamsCardRef | null {
  try {
    const parsed = TeamsCardRef.safeParse(JSON.parse(ref));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
