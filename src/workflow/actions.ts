import type { School } from '../config/load-school';
import { err, ok, type Result, SchoolgateError } from '../errors';
import type { Actor } from './actor';
import { type AuditEvent, applyEvent } from './audit';
import { ApproveInput, CloseInput, EscalateInput, parseInput, ReassignInput, RejectInput, WriteReplyInput } from './inputs';
import {
  type CaseFacts,
  canApproveReply,
  canCloseEnquiry,
  canEscalateReview,
  canReassign,
  canRetrySend,
  canWriteReply,
  eligibleReviewers,
  requireSystem,
} from './permissions';
import type { ReplyEvent } from './states';

/**
 * Staff and system actions on cases and replies, worked out without storage: who may, whether the input is
 * valid, which states follow, and the audit events. Each returns a value the service writes in one
 * transaction; a refusal is a SchoolgateError value (FORBIDDEN, INPUT_INVALID, ILLEGAL_TRANSITION).
 */

export interface ReplyFacts {
  id: string;
  caseId: string;
  state: string;
  authorId: string;
  body: string;
  attempt: number;
}

interface Base {
  school: School;
  actor: Actor;
  now: Date;
}

export interface CaseChange {
  caseTo: string;
  audit: AuditEvent[];
}

export interface Reassigned extends CaseChange {
  assigneeId: string;
}

export function reassignAction(i: Base & { case: CaseFacts; input: unknown }): Result<Reassigned> {
  const input = parseInput(ReassignInput, i.input, 'reassignment');
  if (!input.ok) return input;
  const allowed = canReassign(i.school, i.actor, i.case, input.value.toStaffId);
  if (!allowed.ok) return allowed;
  if (input.value.toStaffId === i.case.assigneeId)
    return err(new SchoolgateError('CONFLICT', `Case ${i.case.id} is already assigned to ${i.school.staffById.get(input.value.toStaffId)?.name ?? input.value.toStaffId}.`));
  const moved = applyEvent({
    kind: i.case.kind,
    entityId: i.case.id,
    from: i.case.state,
    event: 'reassign',
    actor: i.actor,
    at: i.now,
    data: { fromStaffId: i.case.assigneeId, toStaffId: input.value.toStaffId, reason: input.value.reason ?? null },
  });
  if (!moved.ok) return moved;
  return ok({ caseTo: moved.value.to, assigneeId: input.value.toStaffId, audit: [moved.value.audit] });
}

/** A senior reviewer hands the decision to the head teacher, who becomes the assignee. */
export function escalateReviewAction(i: Base & { case: CaseFacts; input: unknown }): Result<Reassigned> {
  const allowed = canEscalateReview(i.school, i.actor, i.case);
  if (!allowed.ok) return allowed;
  const input = parseInput(EscalateInput, i.input, 'escalation');
  if (!input.ok) return input;
  const head = eligibleReviewers(i.school, i.case.namedInEvidence).find((s) => s.roles.includes('head_teacher'));
  if (!head) return err(new SchoolgateError('FORBIDDEN', `No head teacher can take review ${i.case.id}.`));
  const moved = applyEvent({
    kind: 'review',
    entityId: i.case.id,
    from: i.case.state,
    event: 'escalate',
    actor: i.actor,
    at: i.now,
    data: { reason: input.value.reason, fromStaffId: i.case.assigneeId, toStaffId: head.id },
  });
  if (!moved.ok) return moved;
  return ok({ caseTo: moved.value.to, assigneeId: head.id, audit: [moved.value.audit] });
}

/** Close an enquiry that needs no (more) reply, with the reason. */
export function closeEnquiryAction(i: Base & { case: CaseFacts; input: unknown }): Result<CaseChange> {
  const allowed = canCloseEnquiry(i.school, i.actor, i.case);
  if (!allowed.ok) return allowed;
  const input = parseInput(CloseInput, i.input, 'closing note');
  if (!input.ok) return input;
  const moved = applyEvent({ kind: 'enquiry', entityId: i.case.id, from: i.case.state, event: 'close', actor: i.actor, at: i.now, data: { reason: input.value.reason } });
  if (!moved.ok) return moved;
  return ok({ caseTo: moved.value.to, audit: [moved.value.audit] });
}

export interface ReplyWritten extends CaseChange {
  reply: { id: string; caseId: string; authorId: string; body: string; state: string };
}

/** Staff write a reply: it is created and put before the office at once; the enquiry waits for approval. */
export function writeReplyAction(i: Base & { case: CaseFacts; replyId: string; input: unknown }): Result<ReplyWritten> {
  const author = canWriteReply(i.school, i.actor, i.case);
  if (!author.ok) return author;
  const input = parseInput(WriteReplyInput, i.input, 'reply');
  if (!input.ok) return input;
  const onCase = applyEvent({ kind: 'enquiry', entityId: i.case.id, from: i.case.state, event: 'submit_reply', actor: i.actor, at: i.now, data: { replyId: i.replyId } });
  if (!onCase.ok) return onCase;
  const onReply = applyEvent({ kind: 'reply', entityId: i.replyId, from: 'draft', event: 'submit', actor: i.actor, at: i.now, data: { caseId: i.case.id, body: input.value.body } });
  if (!onReply.ok) return onReply;
  return ok({
    caseTo: onCase.value.to,
    reply: { id: i.replyId, caseId: i.case.id, authorId: author.value.id, body: input.value.body, state: onReply.value.to },
    audit: [onReply.value.audit, onCase.value.audit],
  });
}

export interface ReplyDecided extends CaseChange {
  replyTo: string;
  /** The words that will be sent: the author's, or the office's edit of them. */
  finalBody: string;
  edited: boolean;
}

/** The office approves a reply, optionally editing it first; the edit is recorded (before and after). */
export function approveReplyAction(i: Base & { case: CaseFacts; reply: ReplyFacts; input: unknown }): Result<ReplyDecided> {
  const allowed = canApproveReply(i.school, i.actor, i.reply);
  if (!allowed.ok) return allowed;
  const input = parseInput(ApproveInput, i.input ?? {}, 'approval');
  if (!input.ok) return input;
  const finalBody = input.value.editedBody ?? i.reply.body;
  const edited = finalBody !== i.reply.body;
  const onReply = applyEvent({
    kind: 'reply',
    entityId: i.reply.id,
    from: i.reply.state,
    event: 'approve',
    actor: i.actor,
    at: i.now,
    data: { caseId: i.case.id, edited, ...(edited ? { before: i.reply.body, after: finalBody } : {}) },
  });
  if (!onReply.ok) return onReply;
  const onCase = applyEvent({ kind: 'enquiry', entityId: i.case.id, from: i.case.state, event: 'approve_reply', actor: i.actor, at: i.now, data: { replyId: i.reply.id } });
  if (!onCase.ok) return onCase;
  return ok({ replyTo: onReply.value.to, caseTo: onCase.value.to, finalBody, edited, audit: [onReply.value.audit, onCase.value.audit] });
}

/** The office sends a reply back with the reason; the enquiry is open again for a new reply. */
export function rejectReplyAction(i: Base & { case: CaseFacts; reply: ReplyFacts; input: unknown }): Result<ReplyDecided> {
  const allowed = canApproveReply(i.school, i.actor, i.reply);
  if (!allowed.ok) return allowed;
  const input = parseInput(RejectInput, i.input, 'rejection');
  if (!input.ok) return input;
  const onReply = applyEvent({ kind: 'reply', entityId: i.reply.id, from: i.reply.state, event: 'reject', actor: i.actor, at: i.now, data: { caseId: i.case.id, reason: input.value.reason } });
  if (!onReply.ok) return onReply;
  const onCase = applyEvent({ kind: 'enquiry', entityId: i.case.id, from: i.case.state, event: 'reject_reply', actor: i.actor, at: i.now, data: { replyId: i.reply.id, reason: input.value.reason } });
  if (!onCase.ok) return onCase;
  return ok({ replyTo: onReply.value.to, caseTo: onCase.value.to, finalBody: i.reply.body, edited: false, audit: [onReply.value.audit, onCase.value.audit] });
}

export interface ReplyMoved {
  replyTo: string;
  attempt: number;
  audit: AuditEvent[];
}

/** A failed reply is sent again as a new, numbered attempt (the outbox key changes, so it is never a silent duplicate). */
export function retrySendAction(i: Base & { reply: ReplyFacts }): Result<ReplyMoved> {
  const allowed = canRetrySend(i.school, i.actor, i.reply.id);
  if (!allowed.ok) return allowed;
  const attempt = i.reply.attempt + 1;
  const moved = applyEvent({ kind: 'reply', entityId: i.reply.id, from: i.reply.state, event: 'retry', actor: i.actor, at: i.now, data: { attempt } });
  if (!moved.ok) return moved;
  return ok({ replyTo: moved.value.to, attempt, audit: [moved.value.audit] });
}

export const DELIVERY_EVENTS = ['start_sending', 'accept', 'deliver', 'fail'] as const satisfies readonly ReplyEvent[];
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

/** Sending progress and delivery reports, recorded by Schoolgate itself (the send worker, the status webhook). */
export function deliveryAction(i: { actor: Actor; now: Date; reply: ReplyFacts; event: DeliveryEvent; data?: Record<string, unknown> }): Result<ReplyMoved> {
  const allowed = requireSystem(i.actor, `record "${i.event}" on reply ${i.reply.id}`);
  if (!allowed.ok) return allowed;
  const moved = applyEvent({ kind: 'reply', entityId: i.reply.id, from: i.reply.state, event: i.event, actor: i.actor, at: i.now, data: { attempt: i.reply.attempt, ...i.data } });
  if (!moved.ok) return moved;
  return ok({ replyTo: moved.value.to, attempt: i.reply.attempt, audit: [moved.value.audit] });
}
