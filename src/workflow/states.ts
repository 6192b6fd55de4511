import { err, ok, type Result, SchoolgateError } from '../errors';

/**
 * The three state machines of the workflow, as data. Every state change anywhere in Schoolgate goes through
 * `transition`, so a move the table does not list is an error, never a silent no-op.
 *
 * review   (one per flagged message, for the senior reviewers)
 *   open ──escalate──▶ escalated            (a senior reviewer hands the decision to the head teacher)
 *   open|escalated ──decide_not_breach──▶ not_breach   (any enquiry is released to routing)
 *   open|escalated ──decide_breach──▶ breach            (an incident is opened)
 *
 * enquiry  (one per routed message)
 *   open ──submit_reply──▶ reply_pending_approval ──reject_reply──▶ open
 *                                                 ──approve_reply──▶ replied ──close──▶ closed
 *   open ──close (with a reason)──▶ closed;  replied ──submit_reply──▶ reply_pending_approval (a follow-up)
 *
 * reply
 *   draft ──submit──▶ awaiting_approval ──approve──▶ approved ──start_sending──▶ sending ──accept──▶ sent
 *                                       ──reject──▶ rejected                                  sent ──deliver──▶ delivered
 *   sending|sent ──fail──▶ failed ──retry──▶ approved  (a new, visible attempt; never a silent duplicate)
 *   approved ──fail──▶ failed  (the outbox refused before sending: the parent opted out, or no channel is set up)
 *
 * `reassign` keeps the state, in every state that is still open.
 */
export const MACHINES = {
  review: {
    entityType: 'case',
    label: 'Review case',
    initial: 'open',
    transitions: {
      open: { escalate: 'escalated', reassign: 'open', decide_not_breach: 'not_breach', decide_breach: 'breach' },
      escalated: { reassign: 'escalated', decide_not_breach: 'not_breach', decide_breach: 'breach' },
      not_breach: {},
      breach: {},
    },
  },
  enquiry: {
    entityType: 'case',
    label: 'Enquiry case',
    initial: 'open',
    transitions: {
      open: { submit_reply: 'reply_pending_approval', close: 'closed', reassign: 'open' },
      reply_pending_approval: { reject_reply: 'open', approve_reply: 'replied', reassign: 'reply_pending_approval' },
      replied: { submit_reply: 'reply_pending_approval', close: 'closed', reassign: 'replied' },
      closed: {},
    },
  },
  reply: {
    entityType: 'reply',
    label: 'Reply',
    initial: 'draft',
    transitions: {
      draft: { submit: 'awaiting_approval' },
      awaiting_approval: { approve: 'approved', reject: 'rejected' },
      // The outbox may refuse before sending (STOP received, channel not configured): the failure must show.
      approved: { start_sending: 'sending', fail: 'failed' },
      // Twilio's status callback can overtake the API response, so `deliver` is accepted while still sending.
      sending: { accept: 'sent', deliver: 'delivered', fail: 'failed' },
      sent: { deliver: 'delivered', fail: 'failed' },
      failed: { retry: 'approved' },
      rejected: {},
      delivered: {},
    },
  },
} as const;

type Machines = typeof MACHINES;
export type MachineKind = keyof Machines;
export type StateOf<K extends MachineKind> = keyof Machines[K]['transitions'] & string;
export type EventOf<K extends MachineKind> = {
  [S in StateOf<K>]: keyof Machines[K]['transitions'][S];
}[StateOf<K>] &
  string;

export type ReviewState = StateOf<'review'>;
export type EnquiryState = StateOf<'enquiry'>;
export type ReplyState = StateOf<'reply'>;
export type ReviewEvent = EventOf<'review'>;
export type EnquiryEvent = EventOf<'enquiry'>;
export type ReplyEvent = EventOf<'reply'>;
export type CaseKind = 'review' | 'enquiry';

function table(kind: MachineKind): Readonly<Record<string, Readonly<Record<string, string>>>> {
  return MACHINES[kind].transitions as Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const statesOf = (kind: MachineKind): string[] => Object.keys(table(kind));

/** The events allowed from a state, in table order (empty for a terminal state). */
export function eventsFrom(kind: MachineKind, from: string): string[] {
  return Object.keys(table(kind)[from] ?? {});
}

export const isTerminal = (kind: MachineKind, state: string): boolean =>
  state in table(kind) && eventsFrom(kind, state).length === 0;

/**
 * The state `event` moves `from` to, or ILLEGAL_TRANSITION naming the entity, its state and the event.
 * States read from storage arrive as strings, so unknown states are checked at run time too.
 */
export function transition<K extends MachineKind>(
  kind: K,
  from: StateOf<K> | (string & {}),
  event: EventOf<K> | (string & {}),
  entityId?: string,
): Result<StateOf<K>> {
  const machine = MACHINES[kind];
  const name = entityId ? `${machine.label} ${entityId}` : machine.label;
  const row = table(kind)[from];
  if (!row) {
    return err(
      new SchoolgateError(
        'ILLEGAL_TRANSITION',
        `${name} is in state "${from}", which is not a ${kind} state (expected one of: ${statesOf(kind).join(', ')}).`,
        { kind, entityId, from, event },
      ),
    );
  }
  const to = row[event];
  if (to === undefined) {
    const allowed = Object.keys(row);
    const hint = allowed.length
      ? `From "${from}" it can only: ${allowed.join(', ')}.`
      : `"${from}" is final: nothing more can happen to it.`;
    return err(
      new SchoolgateError('ILLEGAL_TRANSITION', `${name} is "${from}" and cannot "${event}". ${hint}`, {
        kind,
        entityId,
        from,
        event,
        allowed,
      }),
    );
  }
  return ok(to as StateOf<K>);
}
