import type { webApi } from '@slack/bolt';
import type { AlertRecipient, PostedAlert, StaffAlert, StaffAlertChannel } from '../../src/alerts/alert-channel';
import { err, ok, type Result, SchoolgateError } from '../../src/errors';
import { alertMessage } from './blocks';
import { fromSlackError } from './errors';
import { type RenderOptions, SlackMessageRef } from './types';

/**
 * Staff alerts as Slack direct messages from the app: conversations.open finds (or opens) the DM with the member of
 * staff's Slack user id, chat.postMessage posts the Block Kit message, and its channel + ts are the PostedAlert's
 * ref, so chat.update can replace it in place when the case changes.
 */
export class SlackAlertChannel implements StaffAlertChannel {
  readonly name = 'slack' as const;
  /** Slack user id → their DM channel with the app. A DM's id never changes, so it is kept for the process's life. */
  private readonly dms = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly render: (schoolId: string) => RenderOptions = () => ({}),
  ) {}

  async canReach(_schoolId: string, recipient: AlertRecipient): Promise<boolean> {
    return !!recipient.slackUserId;
  }

  async post(alert: StaffAlert): Promise<Result<PostedAlert>> {
    const user = alert.recipient.slackUserId;
    if (!user) return err(new SchoolgateError('CONFIG_INVALID', `${alert.recipient.name} has no contact.slack_user_id in the school file, so Slack cannot reach them.`));
    try {
      const channel = await this.dmWith(user);
      const message = alertMessage(alert, this.render(alert.schoolId));
      const posted = await this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      if (!posted.channel || !posted.ts) return err(fromSlackError(new Error('chat.postMessage answered without channel and ts'), 'post an alert'));
      const ref: SlackMessageRef = { channel: posted.channel, ts: posted.ts };
      return ok({ channel: 'slack', ref: JSON.stringify(ref) });
    } catch (e) {
      return err(fromSlackError(e, `post an alert to ${alert.recipient.name}`));
    }
  }

  async update(posted: PostedAlert, alert: StaffAlert): Promise<Result<void>> {
    const ref = parseRef(posted.ref);
    if (!ref) return err(new SchoolgateError('INPUT_INVALID', `Not a Slack message reference (channel and ts): ${posted.ref.slice(0, 100)}`));
    try {
      const message = alertMessage(alert, this.render(alert.schoolId));
      await this.client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
      return ok(undefined);
    } catch (e) {
      return err(fromSlackError(e, `update the alert to ${alert.recipient.name}`));
    }
  }

  private async dmWith(user: string): Promise<string> {
    const known = this.dms.get(user);
    if (known) return known;
    const opened = await this.client.conversations.open({ users: user });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open answered without a channel id');
    this.dms.set(user, id);
    return id;
  }
}

export function parseRef(ref: string): SlackMessageRef | null {
  try {
    const parsed = SlackMessageRef.safeParse(JSON.parse(ref));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
