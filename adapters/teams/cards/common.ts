import type { StaffAlert } from '../../../src/alerts/alert-channel';
import { actorName } from '../../../src/alerts/case-status';
import type { CaseDetail, MessageView, ReplyView } from '../../../src/workflow/views';
import type { RenderOptions } from '../types';
import { type CardAction, type CardElement, LIMITS, openUrl, richText, text } from './elements';
import { escapeMarkdown, schoolTime, truncate, words } from './text';

/** What the cards share: names, states, the footer, the console link. The content matches the Slack messages. */

/** A staff id or an audit actor ("staff:macey") → the name to show. */
export function nameOf(idOrActor: string | null | undefined, o: RenderOptions): string {
  return actorName(idOrActor, o.staffName);
}

export const when = (iso: string, o: RenderOptions) => schoolTime(iso, o.timezone);

/** Who sent it: the parent's name from the school file, or their address when the school does not know them. */
export function sender(c: CaseDetail): string {
  const where = c.message.channel === 'teams' ? 'Teams' : c.message.from;
  return c.parent ? `${c.parent.name} (${where})` : `${c.message.channel === 'teams' ? 'A Teams user' : c.message.from} (not a known parent)`;
}

export function latestReply(c: CaseDetail): ReplyView | undefined {
  return [...c.replies].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
}

export function replyLine(r: ReplyView, o: RenderOptions): string {
  const by = nameOf(r.authorId, o);
  switch (r.state) {
    case 'awaiting_approval':
      return `Reply by ${by}, waiting for approval`;
    case 'rejected':
      return `Reply by ${by} was not approved${r.rejectedReason ? `: “${truncate(r.rejectedReason, 300)}”` : ''}`;
    case 'failed':
      return `Reply by ${by} could not be sent${r.delivery?.lastError ? `: ${truncate(r.delivery.lastError, 300)}` : ''}`;
    default:
      return `Reply by ${by}: ${words(r.state)}${r.approvedBy ? `, approved by ${nameOf(r.approvedBy, o)}` : ''}`;
  }
}

/** One earlier message of the sender: when, its flags, and their words (or why they are withheld). */
export function historyItem(m: MessageView, o: RenderOptions): CardElement[] {
  const flags = m.triage?.flags.length ? ` · ${m.triage.flags.join(', ')}` : '';
  return [
    text(escapeMarkdown(`${when(m.receivedAt, o)}${flags}`), { size: 'Small', isSubtle: true, spacing: 'Small' }),
    m.withheld || m.body === null
      ? text('_Withheld: it names you, and another reviewer handles it._', { size: 'Small', spacing: 'None' })
      : { ...richText(truncate(m.body, LIMITS.historyBody), [], { italic: true }), spacing: 'None' },
  ];
}

/** Plain text of ours that includes names from the school file or a member of staff's words: Markdown made literal. */
export const safe = (s: string) => escapeMarkdown(s);

export function footer(alert: StaffAlert, o: RenderOptions): CardElement {
  const school = o.schoolName ? `${o.schoolName} · ` : '';
  return text(safe(`${school}Schoolgate case ${alert.case.id} · updated ${when(alert.case.updatedAt, o)}`), { size: 'Small', isSubtle: true, separator: true });
}

export function consoleLink(alert: StaffAlert, o: RenderOptions): CardAction | null {
  if (!o.consoleUrl) return null;
  return openUrl('Open in console', `${o.consoleUrl.replace(/\/+$/, '')}/console/cases/${encodeURIComponent(alert.case.id)}`);
}
