import type { CloudAdapter } from 'botbuilder';
import type { FindSentOutcome, OutboundText, ParentChannelSender, SendOutcome } from '../../src/channels/parent-channel';
import { referenceOf, type TeamsConversations } from './conversations';
import { fromTeamsError, maybeDelivered } from './errors';
import { postNew } from './proactive';

/**
 * Approved replies and acknowledgements to parents who wrote on Teams, sent proactively to the conversation their
 * message came from (the outbox's `to` is the address their messages are stored under). Sent as plain text: a
 * reply is shown exactly as it was approved, never read as Markdown.
 */
export class TeamsParentSender implements ParentChannelSender {
  readonly channel = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: TeamsConversations,
  ) {}

  async send(message: OutboundText): Promise<SendOutcome> {
    const row = await this.conversations.forParent(message.to);
    if (!row)
      return {
        ok: false,
        retryable: false,
        maybeSent: false,
        message: 'no Teams conversation with this parent is known (they must message the school’s Teams app first, or it was uninstalled)',
      };
    try {
      let id: string | undefined;
      await this.adapter.continueConversationAsync(this.appId, referenceOf(row), async (ctx) => {
        id = await postNew(ctx, { type: 'message', text: message.body, textFormat: 'plain' });
      });
      if (!id) return { ok: false, retryable: false, maybeSent: true, message: 'Teams answered without the id of the message; check the chat before sending again' };
      return { ok: true, providerMessageId: `${row.conversationId}|${id}`, status: 'sent' };
    } catch (e) {
      const why = fromTeamsError(e, 'send a reply to a parent');
      const status = (e as { statusCode?: number }).statusCode;
      const retryable = why.code === 'RATE_LIMITED' || why.code === 'UPSTREAM_FAILED';
      return { ok: false, retryable, maybeSent: retryable && maybeDelivered(e), ...(typeof status === 'number' ? { code: status } : {}), message: why.message };
    }
  }

  /**
   * Teams keeps no list of a bot's sent messages that could be searched, so an attempt whose outcome is unknown
   * cannot be settled here: the outbox then fails the reply with this reason rather than risk sending it twice,
   * and staff check the chat and retry from the case.
   */
  async findRecentlySent(): Promise<FindSentOutcome> {
    return {
      ok: false,
      retryable: false,
      message: 'Teams cannot be asked whether an earlier attempt reached the parent; look in their Teams chat, then use retry on the case if it did not',
    };
  }
}
