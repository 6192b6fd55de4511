import { z } from 'zod';
import { type Result, ok } from '../errors';
import { Actor } from './actor';
import { type EventOf, MACHINES, type MachineKind, type StateOf, transition } from './states';

/** One entry of the audit trail. Every transition produces exactly one; the service stores it in the same transaction. */
export const AuditEvent = z.strictObject({
  /** `<machine>.<event>` for transitions ("review.decide_breach", "reply.approve"), or a creation ("case.opened"). */
  action: z.string().min(1),
  entityType: z.enum(['case', 'reply', 'incident', 'managed_contact']),
  entityId: z.string().min(1),
  actor: Actor,
  at: z.date(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export interface Transitioned<K extends MachineKind> {
  to: StateOf<K>;
  audit: AuditEvent;
}

/**
 * Apply one event to one entity: the new state and its audit event, or ILLEGAL_TRANSITION.
 * `data` carries what the event needs to be understood later (reason, edit, assignee...).
 */
export function applyEvent<K extends MachineKind>(input: {
  kind: K;
  entityId: string;
  from: StateOf<K> | (string & {});
  event: EventOf<K> | (string & {});
  actor: Actor;
  at: Date;
  data?: Record<string, unknown>;
}): Result<Transitioned<K>> {
  const moved = transition(input.kind, input.from, input.event, input.entityId);
  if (!moved.ok) return moved;
  return ok({
    to: moved.value,
    audit: {
      action: `${input.kind}.${input.event}`,
      entityType: MACHINES[input.kind].entityType,
      entityId: input.entityId,
      actor: input.actor,
      at: input.at,
      data: { from: input.from, to: moved.value, ...input.data },
    },
  });
}
