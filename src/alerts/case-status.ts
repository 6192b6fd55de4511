import { eventsFrom } from '../workflow/states';
import type { AuditView, CaseDetail } from '../workflow/views';
import { capital, words } from './card-text';

/** A staff name for display: escaped for the surface's markup (Slack's mrkdwn) or left as it is. */
type Escape = (s: string) => string;
const asIs: Escape = (s) => s;

/** A staff id or audit actor ("staff:macey", "system") as a name, through the school file's names when given. */
export function actorName(
  idOrActor: string | null | undefined,
  staffName?: (staffId: string) => string | undefined,
): string {
  if (!idOrActor) return 'someone';
  if (idOrActor === 'system') return 'Schoolgate';
  const id = idOrActor.startsWith('staff:') ? idOrActor.slice('staff:'.length) : idOrActor;
  return staffName?.(id) ?? id;
}

/** Whether the workflow's state machine has this move from the state (a button shows; the role is checked when pressed). */
export const can = (kind: 'review' | 'enquiry' | 'reply', state: string, event: string): boolean =>
  eventsFrom(kind, state).includes(event);

function lastAudit(c: CaseDetail, pattern: RegExp): AuditView | undefined {
  return [...c.audit].reverse().find((a) => pattern.test(a.action));
}

/** A review case's state in words, with who moved it there: the Status line of every surface's card. */
export function reviewStatus(
  c: CaseDetail,
  staffName?: (staffId: string) => string | undefined,
  esc: Escape = asIs,
): string {
  const by = (p: RegExp) => {
    const a = lastAudit(c, p);
    return a ? ` by ${esc(actorName(a.actor, staffName))}` : '';
  };
  switch (c.state) {
    case 'open':
      return c.assignee?.name ? `Open, with ${esc(c.assignee.name)}` : 'Open';
    case 'escalated':
      return `Escalated to ${esc(c.assignee?.name ?? 'the head teacher')}${by(/^review\.escalate$/)}`;
    case 'not_breach':
      return `Decided: not a breach${by(/^review\.decide_not_breach$/)}`;
    case 'breach':
      return `Decided: breach${by(/^review\.decide_breach$/)}`;
    default:
      return capital(words(c.state));
  }
}

/** An enquiry's state in words, with whom it is. */
export function enquiryStatus(c: CaseDetail, esc: Escape = asIs): string {
  const who = c.assignee?.name ? `, with ${esc(c.assignee.name)}` : '';
  switch (c.state) {
    case 'open':
      return `Open${who}`;
    case 'reply_pending_approval':
      return `Reply waiting for approval${who}`;
    case 'replied':
      return `Replied${who}`;
    case 'closed':
      return 'Closed';
    default:
      return capital(words(c.state));
  }
}
