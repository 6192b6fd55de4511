import { z } from 'zod';
import type { School } from '../config/load-school';
import type { Role } from '../domain/taxonomy';
import { err, ok, type Result, SchoolgateError } from '../errors';
import type { Actor } from './actor';
import type { AuditEvent } from './audit';
import type { CaseFacts } from './permissions';
import { canActOnSafeguarding, hasRole } from './permissions';

/**
 * A safeguarding concern's own record, kept on its enquiry case: who acknowledged it and when, the actions the
 * DSL recorded with their reasons, and each escalation when nobody acknowledged in time. Pure: the service
 * stores the result and the audit events in one transaction.
 */

export const SafeguardingRecord = z.object({
  acknowledged: z.object({ by: z.string(), at: z.string() }).nullable().default(null),
  actions: z.array(z.object({ by: z.string(), at: z.string(), action: z.string(), reason: z.string() })).default([]),
  escalations: z.array(z.object({ step: z.number().int(), to: z.array(z.string()), at: z.string() })).default([]),
});
export type SafeguardingRecord = z.infer<typeof SafeguardingRecord>;

/** The record kept in a case's details (empty for a concern nobody has touched yet). */
export function safeguardingOf(row: { details: unknown }): SafeguardingRecord {
  const details = (row.details ?? {}) as { safeguarding?: unknown };
  return SafeguardingRecord.parse(details.safeguarding ?? {});
}

export const SafeguardingActionInput = z.strictObject({
  action: z.string({ message: 'action is required' }).trim().min(3, 'action is required: what was done (e.g. "rang children\'s services")').max(500),
  reason: z.string({ message: 'reason is required' }).trim().min(3, 'reason is required: why, for the record').max(2000),
});

/** The escalation ladder: after the DSL, the deputies; after them, the head teacher. */
export const ESCALATION_STEPS: readonly (readonly Role[])[] = [['deputy_dsl'], ['head_teacher']];

const invalid = (m: string) => err(new SchoolgateError('INPUT_INVALID', m));
const escalatedTo = (r: SafeguardingRecord): string[] => r.escalations.flatMap((e) => e.to);

const event = (action: string, caseId: string, actor: Actor, at: Date, data: Record<string, unknown>): AuditEvent => ({ action, entityType: 'case', entityId: caseId, actor, at, data });

export function acknowledge(i: { school: School; actor: Actor; now: Date; case: CaseFacts; record: SafeguardingRecord }): Result<{ record: SafeguardingRecord; audit: AuditEvent[] }> {
  const s = canActOnSafeguarding(i.school, i.actor, i.case, escalatedTo(i.record), `acknowledge safeguarding case ${i.case.id}`);
  if (!s.ok) return s;
  if (i.record.acknowledged) {
    const by = i.school.staffById.get(i.record.acknowledged.by)?.name ?? i.record.acknowledged.by;
    return err(new SchoolgateError('CONFLICT', `Safeguarding case ${i.case.id} was already acknowledged by ${by} at ${i.record.acknowledged.at}.`));
  }
  const at = i.now.toISOString();
  return ok({
    record: { ...i.record, acknowledged: { by: s.value.id, at } },
    audit: [event('safeguarding.acknowledge', i.case.id, i.actor, i.now, { escalations: i.record.escalations.length })],
  });
}

export function recordAction(i: { school: School; actor: Actor; now: Date; case: CaseFacts; record: SafeguardingRecord; input: unknown }): Result<{ record: SafeguardingRecord; audit: AuditEvent[] }> {
  const s = canActOnSafeguarding(i.school, i.actor, i.case, escalatedTo(i.record), `record an action on safeguarding case ${i.case.id}`);
  if (!s.ok) return s;
  const parsed = SafeguardingActionInput.safeParse(i.input);
  if (!parsed.success) return invalid(`The safeguarding action has problems: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'input'}: ${x.message}`).join('; ')}`);
  const entry = { by: s.value.id, at: i.now.toISOString(), ...parsed.data };
  return ok({
    // Acting on a concern acknowledges it too: the DSL cannot have acted without seeing it.
    record: { ...i.record, acknowledged: i.record.acknowledged ?? { by: s.value.id, at: entry.at }, actions: [...i.record.actions, entry] },
    audit: [event('safeguarding.action', i.case.id, i.actor, i.now, { action: entry.action, reason: entry.reason })],
  });
}

/**
 * The escalation due at `step` (1-based) for an unacknowledged concern: whom to alert, or null when it was
 * acknowledged (or closed) meanwhile, the ladder has run out, or the school has nobody in that role.
 */
export function escalationDue(i: {
  school: School;
  now: Date;
  caseId: string;
  /** The enquiry's state: a closed concern is not escalated. */
  state: string;
  record: SafeguardingRecord;
  step: number;
}): { step: number; to: string[]; record: SafeguardingRecord; audit: AuditEvent[] } | null {
  if (i.record.acknowledged || i.state === 'closed') return null;
  // A rung with nobody in its role (a school without a deputy) is passed over, so the head is still reached.
  for (let step = i.step; step <= ESCALATION_STEPS.length; step++) {
    if (i.record.escalations.some((e) => e.step >= step)) return null; // a redelivered job: this rung is done
    const roles = ESCALATION_STEPS[step - 1] ?? [];
    const to = [...i.school.staffById.values()].filter((s) => hasRole(s, roles)).map((s) => s.id);
    if (!to.length) continue;
    const at = i.now.toISOString();
    return {
      step,
      to,
      record: { ...i.record, escalations: [...i.record.escalations, { step, to, at }] },
      audit: [event('safeguarding.escalate', i.caseId, { kind: 'system' }, i.now, { step, to, reason: 'not acknowledged in time' })],
    };
  }
  return null;
}
