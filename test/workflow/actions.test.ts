import { describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/workflow/actor';
import {
  approveReplyAction,
  closeEnquiryAction,
  deliveryAction,
  escalateReviewAction,
  reassignAction,
  rejectReplyAction,
  retrySendAction,
  writeReplyAction,
  type ReplyFacts,
} from '../../src/workflow/actions';
import { ATTENDANCE, DSL, enquiryCase, HEAD, NOW, OFFICE, reviewCase, school, TEACHER } from './fixtures';

const base = { school, now: NOW };
const reply = (over: Partial<ReplyFacts> = {}): ReplyFacts => ({ id: 'rep-1', caseId: 'case-e1', state: 'awaiting_approval', authorId: 'green', body: 'Thank you, get well soon Lily.', attempt: 1, ...over });
const pending = enquiryCase({ state: 'reply_pending_approval' });

describe('writing a reply', () => {
  it('creates the reply awaiting approval and moves the enquiry to reply_pending_approval', () => {
    const r = writeReplyAction({ ...base, actor: ATTENDANCE, case: enquiryCase(), replyId: 'rep-1', input: { body: '  Thank you, get well soon Lily.  ' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.caseTo).toBe('reply_pending_approval');
    expect(r.value.reply).toEqual({ id: 'rep-1', caseId: 'case-e1', authorId: 'green', body: 'Thank you, get well soon Lily.', state: 'awaiting_approval' });
    expect(r.value.audit.map((a) => a.action)).toEqual(['reply.submit', 'enquiry.submit_reply']);
  });

  it('refuses an empty body, a second reply while one waits, and the wrong person', () => {
    const empty = writeReplyAction({ ...base, actor: ATTENDANCE, case: enquiryCase(), replyId: 'r', input: { body: ' ' } });
    expect(!empty.ok && empty.error.message).toMatch(/body: the text must not be empty/);
    const long = writeReplyAction({ ...base, actor: ATTENDANCE, case: enquiryCase(), replyId: 'r', input: { body: 'x'.repeat(1601) } });
    expect(!long.ok && long.error.code).toBe('INPUT_INVALID');
    const twice = writeReplyAction({ ...base, actor: ATTENDANCE, case: pending, replyId: 'r', input: { body: 'again' } });
    expect(!twice.ok && twice.error.code).toBe('ILLEGAL_TRANSITION');
    const teacher = writeReplyAction({ ...base, actor: TEACHER, case: enquiryCase(), replyId: 'r', input: { body: 'hi' } });
    expect(!teacher.ok && teacher.error.code).toBe('FORBIDDEN');
    const onReview = writeReplyAction({ ...base, actor: HEAD, case: reviewCase(), replyId: 'r', input: { body: 'hi' } });
    expect(!onReview.ok && onReview.error.code).toBe('INPUT_INVALID');
  });
});

describe('approving and rejecting', () => {
  it('approves as written', () => {
    const r = approveReplyAction({ ...base, actor: OFFICE, case: pending, reply: reply(), input: {} });
    expect(r.ok && { replyTo: r.value.replyTo, caseTo: r.value.caseTo, edited: r.value.edited, finalBody: r.value.finalBody }).toEqual({
      replyTo: 'approved',
      caseTo: 'replied',
      edited: false,
      finalBody: 'Thank you, get well soon Lily.',
    });
  });

  it('approves with the office’s edit, recording before and after', () => {
    const r = approveReplyAction({ ...base, actor: OFFICE, case: pending, reply: reply(), input: { editedBody: 'Thank you. Get well soon, Lily.' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.finalBody).toBe('Thank you. Get well soon, Lily.');
    expect(r.value.audit[0]).toMatchObject({ action: 'reply.approve', actor: OFFICE, data: { edited: true, before: 'Thank you, get well soon Lily.', after: 'Thank you. Get well soon, Lily.' } });
    expect(r.value.audit[1]?.action).toBe('enquiry.approve_reply');
  });

  it('rejects with a reason, reopening the enquiry; a reason is required', () => {
    const r = rejectReplyAction({ ...base, actor: OFFICE, case: pending, reply: reply(), input: { reason: 'Please add the return date.' } });
    expect(r.ok && [r.value.replyTo, r.value.caseTo]).toEqual(['rejected', 'open']);
    expect(r.ok && r.value.audit[0]?.data).toMatchObject({ reason: 'Please add the return date.' });
    const none = rejectReplyAction({ ...base, actor: OFFICE, case: pending, reply: reply(), input: {} });
    expect(!none.ok && none.error.message).toMatch(/reason: reason for rejecting the reply is required/);
  });

  it('no approval by the author, by a teacher, or twice', () => {
    const own = approveReplyAction({ ...base, actor: ATTENDANCE, case: pending, reply: reply(), input: {} });
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    const teacher = approveReplyAction({ ...base, actor: TEACHER, case: pending, reply: reply(), input: {} });
    expect(!teacher.ok && teacher.error.code).toBe('FORBIDDEN');
    const twice = approveReplyAction({ ...base, actor: OFFICE, case: enquiryCase({ state: 'replied' }), reply: reply({ state: 'approved' }), input: {} });
    expect(!twice.ok && twice.error.message).toMatch(/Reply rep-1 is "approved" and cannot "approve"/);
  });
});

describe('sending, delivery and retry', () => {
  it('the system moves a reply through sending to delivered', () => {
    let state = 'approved';
    for (const event of ['start_sending', 'accept', 'deliver'] as const) {
      const r = deliveryAction({ actor: SYSTEM, now: NOW, reply: reply({ state }), event });
      expect(r.ok, event).toBe(true);
      if (r.ok) state = r.value.replyTo;
    }
    expect(state).toBe('delivered');
    const staff = deliveryAction({ actor: OFFICE, now: NOW, reply: reply({ state: 'sent' }), event: 'deliver' });
    expect(!staff.ok && staff.error.code).toBe('FORBIDDEN');
  });

  it('a failed reply is retried by the office as a new numbered attempt', () => {
    const failed = deliveryAction({ actor: SYSTEM, now: NOW, reply: reply({ state: 'sent' }), event: 'fail', data: { error: '30003 Unreachable' } });
    expect(failed.ok && failed.value.audit[0]?.data).toMatchObject({ to: 'failed', error: '30003 Unreachable', attempt: 1 });
    const r = retrySendAction({ ...base, actor: OFFICE, reply: reply({ state: 'failed' }) });
    expect(r.ok && [r.value.replyTo, r.value.attempt]).toEqual(['approved', 2]);
    const notFailed = retrySendAction({ ...base, actor: OFFICE, reply: reply({ state: 'delivered' }) });
    expect(!notFailed.ok && notFailed.error.code).toBe('ILLEGAL_TRANSITION');
    const teacher = retrySendAction({ ...base, actor: TEACHER, reply: reply({ state: 'failed' }) });
    expect(!teacher.ok && teacher.error.code).toBe('FORBIDDEN');
  });
});

describe('closing, reassigning, escalating', () => {
  it('closes an open enquiry with a reason; not while a reply waits', () => {
    const r = closeEnquiryAction({ ...base, actor: ATTENDANCE, case: enquiryCase(), input: { reason: 'Absence logged, no reply needed' } });
    expect(r.ok && r.value.caseTo).toBe('closed');
    const noReason = closeEnquiryAction({ ...base, actor: ATTENDANCE, case: enquiryCase(), input: {} });
    expect(!noReason.ok && noReason.error.code).toBe('INPUT_INVALID');
    const waiting = closeEnquiryAction({ ...base, actor: ATTENDANCE, case: pending, input: { reason: 'done now' } });
    expect(!waiting.ok && waiting.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('reassigning keeps the state and records who from and to', () => {
    const r = reassignAction({ ...base, actor: OFFICE, case: pending, input: { toStaffId: 'karen', reason: 'Mrs Green is off' } });
    expect(r.ok && [r.value.caseTo, r.value.assigneeId]).toEqual(['reply_pending_approval', 'karen']);
    expect(r.ok && r.value.audit[0]?.data).toMatchObject({ fromStaffId: 'green', toStaffId: 'karen', reason: 'Mrs Green is off' });
    const same = reassignAction({ ...base, actor: OFFICE, case: enquiryCase(), input: { toStaffId: 'green' } });
    expect(!same.ok && same.error.code).toBe('CONFLICT');
    const closed = reassignAction({ ...base, actor: OFFICE, case: enquiryCase({ state: 'closed' }), input: { toStaffId: 'karen' } });
    expect(!closed.ok && closed.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('escalating a review hands it to the head teacher', () => {
    const r = escalateReviewAction({ ...base, actor: DSL, case: reviewCase({ assigneeId: 'macey' }), input: { reason: 'Needs the head: a governor is involved' } });
    expect(r.ok && [r.value.caseTo, r.value.assigneeId]).toEqual(['escalated', 'harrison']);
    const again = escalateReviewAction({ ...base, actor: HEAD, case: reviewCase({ state: 'escalated' }), input: { reason: 'again and again' } });
    expect(!again.ok && again.error.code).toBe('ILLEGAL_TRANSITION');
  });
});
