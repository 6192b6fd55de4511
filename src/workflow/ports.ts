import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** What the workflow needs from the outside, injected so tests and the `triage` replay control time and ids. */

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type IdKind = 'case' | 'reply' | 'incident' | 'outbox' | 'managed_contact' | 'audit';
export interface IdGenerator {
  next(kind: IdKind): string;
}
export const randomIds: IdGenerator = { next: () => randomUUID() };

/**
 * Why staff are alerted about a case; the notifier words the card from it. `updated` posts nothing new: it
 * brings every card already posted about the case up to date (decided, approved, acknowledged, closed...).
 */
export const ALERT_REASONS = [
  'opened',
  'released',
  'escalated',
  'reassigned',
  'reply_awaiting_approval',
  'reply_rejected',
  'reply_failed',
  'updated',
] as const;

/**
 * The `alert` job the workflow enqueues in the transaction that changed the case (ids only: the notifier reads
 * the rest itself, so a job never carries a parent's words). Replies to parents go through the outbox's `send`
 * job ({schoolId, outboxId}, see src/outbox), not through here.
 */
export const AlertJob = z
  .strictObject({
    schoolId: z.string(),
    caseId: z.string(),
    kind: z.enum(['review', 'enquiry']),
    urgent: z.boolean(),
    reason: z.enum(ALERT_REASONS),
    replyId: z.string().optional(),
    /** Who to alert: the assignee, every eligible reviewer for a review, the approvers for a reply. Empty for `updated`. */
    staffIds: z.array(z.string()),
  })
  .refine((j) => j.reason === 'updated' || j.staffIds.length > 0, { message: 'an alert names at least one member of staff', path: ['staffIds'] });
export type AlertJob = z.infer<typeof AlertJob>;

/** The `escalate` job: look at a safeguarding concern again; `step` 1 alerts the deputies, 2 the head teacher. */
export const EscalationJob = z.strictObject({
  schoolId: z.string(),
  caseId: z.string(),
  step: z.number().int().positive(),
});
export type EscalationJob = z.infer<typeof EscalationJob>;
