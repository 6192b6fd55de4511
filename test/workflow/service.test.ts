import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSchoolgateError } from '../../src/errors';
import type { JobQueue } from '../../src/queue/queue';
import { auditEvents, cases, incidents, managedContacts, outbox, replies } from '../../src/store/schema';
import { updateCase, updateReply } from '../../src/workflow/repository';
import type { StaffCaller } from '../../src/workflow/views';
import { LILY_MUM, STRANGER } from './fixtures';
import { arrive, backends, type Harness, jobs, openHarness } from './store-fixtures';

const as = (staffId: string, schoolId?: string): StaffCaller => ({ kind: 'staff', staffId, ...(schoolId ? { schoolId } : {}), via: 'test' });
const HEAD = as('harrison');
const DSL = as('macey');
const DEPUTY = as('okafor');
const OFFICE = as('karen', 'rossmore');
const ATTENDANCE = as('green');
const TEACHER = as('hughes');
const OPERATOR = { kind: 'operator' } as const;

/** The error a promise rejects with, checked to be a SchoolgateError with that code. */
async function refused(p: Promise<unknown>, code: string): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (!isSchoolgateError(e)) throw e;
    expect(e.code, e.message).toBe(code);
    return e.message;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

const ABUSE_AND_ASK = "You're a useless teacher Mr Hughes. Can Lily have her reading book changed please?";
const KEN_MUM = '+447700900158'; // Amy Clarke, Kai in Oak (Miss Doyle)

describe.each(backends)('the workflow service on $name', (backend) => {
  let h: Harness;
  let failSend = false;
  beforeAll(async () => {
    // The real queue, with one seam: its `send` enqueue can be made to fail, to show the approval is undone with it.
    h = await openHarness(backend, {
      wrapQueue: (q: JobQueue): JobQueue => ({
        enqueue: async (name, jobsIn, options) => {
          if (name === 'send' && failSend) throw new Error('queue unavailable');
          return q.enqueue(name, jobsIn, options);
        },
        work: (name, handler, options) => q.work(name, handler, options),
        wake: (name) => q.wake(name),
        failedJobs: (o) => q.failedJobs(o),
        counts: () => q.counts(),
        health: () => q.health(),
        stop: (t) => q.stop(t),
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const audit = async (entityId: string) =>
    (await h.store.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.id)).map((a) => a.action);
  const caseRow = async (id: string) => (await h.store.db.select().from(cases).where(eq(cases.id, id)))[0]!;

  describe('opening cases from triage', () => {
    it('routes an unflagged enquiry at once, with the whole message, an audit event and an alert', async () => {
      const body = 'Lily has a temperature and will be off today.';
      const { caseIds } = await arrive(h, { from: LILY_MUM, body, topic: 'absence' });
      expect(caseIds).toHaveLength(1);
      const c = await caseRow(caseIds[0]!);
      expect(c).toMatchObject({ kind: 'enquiry', state: 'open', assigneeStaffId: 'green', assigneeRole: 'attendance', forwardedBody: body, topic: 'absence', version: 1 });
      expect(await audit(c.id)).toEqual(['case.opened']);
      expect((await jobs(h, 'alert')).filter((j) => j.caseId === c.id)).toEqual([
        { schoolId: 'rossmore', caseId: c.id, kind: 'enquiry', urgent: false, reason: 'opened', staffIds: ['green'] },
      ]);
    });

    it('sends a flagged message to review and holds its enquiry for the reviewer', async () => {
      const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
      expect(caseIds).toHaveLength(1);
      const review = await caseRow(caseIds[0]!);
      expect(review).toMatchObject({ kind: 'review', state: 'open', flags: ['abusive'], forwardedBody: null });
      expect(review.details).toMatchObject({ namedInEvidence: ['hughes'], heldEnquiry: { role: 'class_teacher', staffId: 'hughes' } });
      const alert = (await jobs(h, 'alert')).find((j) => j.caseId === review.id);
      expect(alert).toMatchObject({ kind: 'review', reason: 'opened', staffIds: ['harrison', 'macey', 'okafor'] });
    });

    it('opens only a review for abuse that asks for nothing', async () => {
      const { caseIds } = await arrive(h, { from: STRANGER, body: 'You lot are a bunch of clowns.', flags: [['abusive', 'bunch of clowns']], topic: 'none' });
      expect(caseIds).toHaveLength(1);
      expect((await caseRow(caseIds[0]!)).details).toMatchObject({ heldEnquiry: null });
    });

    it('sends a flagged safeguarding concern to the DSL at once, whole, beside the review', async () => {
      const body = 'Some f***ing kid punched Lily again and your useless staff did nothing. She has a bruise.';
      const { caseIds } = await arrive(h, { from: LILY_MUM, body, flags: [['profanity', 'f***ing']], topic: 'safeguarding', urgency: 'urgent' });
      const rows = await Promise.all(caseIds.map(caseRow));
      expect(rows.map((r) => r.kind).sort()).toEqual(['enquiry', 'review']);
      const enquiry = rows.find((r) => r.kind === 'enquiry')!;
      expect(enquiry).toMatchObject({ state: 'open', assigneeStaffId: 'macey', urgency: 'urgent', forwardedBody: body });
      expect(enquiry.parentCaseId).toBe(rows.find((r) => r.kind === 'review')!.id);
      const alert = (await jobs(h, 'alert')).find((j) => j.caseId === enquiry.id);
      expect(alert).toMatchObject({ urgent: true, staffIds: ['macey', 'okafor'] });
    });

    it('opens nothing twice for the same message', async () => {
      const first = await arrive(h, { from: LILY_MUM, body: 'Is the trip on Friday still going ahead?', topic: 'general' });
      const again = await h.store.transaction((tx) =>
        h.service.openCasesFromTriage(tx, { school: h.rossmore, messageId: first.messageId, parentId: null, body: 'x', result: first.result, routing: first.routing }),
      );
      expect(again.caseIds).toEqual(first.caseIds);
      expect(await h.store.db.select().from(cases).where(eq(cases.messageId, first.messageId))).toHaveLength(1);
    });
  });

  describe('review decisions', () => {
    it('not a breach: releases the held enquiry with text that leaves out the flagged words', async () => {
      const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
      const reviewId = caseIds[0]!;
      const decided = await h.service.decideReview(reviewId, DSL, { outcome: 'not_breach', reason: 'frustrated, a first message' });
      expect(decided).toMatchObject({ caseId: reviewId, state: 'not_breach', version: 2, incidentId: null });
      const released = await caseRow(decided.releasedCaseId!);
      expect(released).toMatchObject({ kind: 'enquiry', state: 'open', assigneeStaffId: 'hughes', parentCaseId: reviewId });
      expect(released.forwardedBody).toBe('Can Lily have her reading book changed please?');

      // Mr Hughes sees the request, not the abuse; he cannot open the review.
      const seen = await h.service.getCase(released.id, TEACHER);
      expect(seen.message.body).toBe('Can Lily have her reading book changed please?');
      expect(seen.message.redacted).toBe(true);
      expect(seen.flags).toEqual([]);
      expect(seen.reasons.map((r) => r.kind)).toEqual(['topic']);
      expect(seen.reviewCaseId).toBeNull();
      expect(JSON.stringify(seen)).not.toMatch(/useless/);
      await refused(h.service.getCase(reviewId, TEACHER), 'FORBIDDEN');

      expect(await audit(reviewId)).toEqual(['case.opened', 'review.decide_not_breach']);
      expect(await audit(released.id)).toEqual(['case.opened']);
      expect((await caseRow(reviewId)).details).toMatchObject({ heldEnquiry: null, releasedCaseId: released.id });
      expect((await jobs(h, 'alert')).find((j) => j.caseId === released.id)).toMatchObject({ reason: 'released', staffIds: ['hughes'] });
    });

    it('a breach: stores the incident with its letters and the managed-contact arrangement routing can use', async () => {
      const body = "You're a useless teacher Mr Hughes and I'll be telling everyone. Lily needs her inhaler in her bag.";
      const { caseIds } = await arrive(h, { from: LILY_MUM, body, flags: [['abusive', 'useless teacher']], topic: 'medical' });
      const reviewId = caseIds[0]!;
      const decision = {
        outcome: 'breach',
        reason: 'personal abuse of a named teacher',
        breachedFlags: ['abusive'],
        responses: [
          { kind: 'warning_letter' },
          { kind: 'meeting', withStaffId: 'harrison' },
          { kind: 'managed_contact', designatedContactId: 'okafor', allowedTopics: ['absence', 'medical'], reviewDate: '2027-01-31' },
        ],
      };
      // Managed contact is the head teacher's decision.
      await refused(h.service.decideReview(reviewId, DSL, decision), 'FORBIDDEN');
      const decided = await h.service.decideReview(reviewId, HEAD, decision);
      expect(decided.state).toBe('breach');

      const [inc] = await h.store.db.select().from(incidents).where(eq(incidents.caseId, reviewId));
      expect(inc).toMatchObject({ id: decided.incidentId, decidedBy: 'harrison', flags: ['abusive'], reason: 'personal abuse of a named teacher' });
      const responses = inc!.responses as { kind: string; letter?: string }[];
      expect(responses.map((r) => r.kind)).toEqual(['warning_letter', 'meeting', 'managed_contact']);
      expect(responses[0]!.letter).toMatch(/Dear Sarah Jones/);
      expect(responses[1]!.letter).toMatch(/Mrs Harrison/);

      const [mc] = await h.store.db.select().from(managedContacts).where(eq(managedContacts.incidentId, decided.incidentId!));
      expect(mc).toMatchObject({ id: decided.managedContactId, designatedStaffId: 'okafor', allowedTopics: ['absence', 'medical'], reviewDate: '2027-01-31', source: 'incident', active: true });
      expect(await h.service.activeManagedContact('rossmore', mc!.parentId)).toEqual({ designated_contact: 'okafor', allowed_topics: ['absence', 'medical'] });

      expect(await audit(reviewId)).toEqual(['case.opened', 'review.decide_breach']);
      expect(await audit(decided.incidentId!)).toEqual(['incident.opened']);
      expect(await audit(decided.managedContactId!)).toEqual(['managed_contact.opened']);

      const released = await caseRow(decided.releasedCaseId!);
      expect(released.forwardedBody).not.toMatch(/useless/);
      expect(released.assigneeStaffId).toBe('shaw');

      const detail = await h.service.getCase(reviewId, HEAD);
      expect(detail.incident).toMatchObject({ id: decided.incidentId, sender: LILY_MUM, parent: { id: 'jones-lily', name: 'Sarah Jones' } });
      expect(detail.incident!.managedContact).toMatchObject({ parentId: 'jones-lily', designatedStaffId: 'okafor' });
      expect(detail.audit.map((a) => a.action)).toEqual(['case.opened', 'review.decide_breach', 'incident.opened', 'managed_contact.opened']);
      expect(detail.audit[1]!.actor).toBe('staff:harrison');
      expect(detail.audit[1]!.data.via).toBe('test');
    });

    it('refuses forwarded text that keeps the flagged words, and stores nothing', async () => {
      const { caseIds } = await arrive(h, { from: LILY_MUM, body: ABUSE_AND_ASK, flags: [['abusive', 'useless teacher']], topic: 'learning' });
      const msg = await refused(
        h.service.decideReview(caseIds[0]!, DSL, { outcome: 'breach', reason: 'abusive', breachedFlags: ['abusive'], responses: [{ kind: 'warning_letter' }], forwardedText: 'Useless teacher. Reading book please.' }),
        'INPUT_INVALID',
      );
      expect(msg).toMatch(/still contains "useless teacher"/);
      expect(await caseRow(caseIds[0]!)).toMatchObject({ state: 'open', version: 1 });
      expect(await h.store.db.select().from(incidents).where(eq(incidents.caseId, caseIds[0]!))).toEqual([]);
      expect(await audit(caseIds[0]!)).toEqual(['case.opened']);
    });

    it('escalation goes to the head, who alone decides; deciding twice is an illegal transition', async () => {
      const { caseIds } = await arrive(h, { from: STRANGER, body: 'You lot are clowns.', flags: [['abusive', 'clowns']], topic: 'none' });
      const id = caseIds[0]!;
      await refused(h.service.escalateReview(id, OFFICE, { reason: 'not mine' }), 'FORBIDDEN');
      const escalated = await h.service.escalateReview(id, DSL, { reason: 'repeat sender, head should decide' });
      expect(escalated).toMatchObject({ state: 'escalated', assigneeId: 'harrison', version: 2 });
      await refused(h.service.decideReview(id, DEPUTY, { outcome: 'not_breach', reason: 'just rude' }), 'FORBIDDEN');
      await h.service.decideReview(id, HEAD, { outcome: 'not_breach', reason: 'rude, not a breach' });
      const again = await refused(h.service.decideReview(id, HEAD, { outcome: 'not_breach', reason: 'again' }), 'ILLEGAL_TRANSITION');
      expect(again).toMatch(/"not_breach" is final/);
      expect(await audit(id)).toEqual(['case.opened', 'review.escalate', 'review.decide_not_breach']);
      expect((await jobs(h, 'alert')).find((j) => j.caseId === id && j.reason === 'escalated')).toMatchObject({ staffIds: ['harrison'] });
    });

    it('refuses a stale version with CONFLICT', async () => {
      const { caseIds } = await arrive(h, { from: STRANGER, body: 'Clowns, all of you.', flags: [['abusive', 'Clowns']], topic: 'none' });
      await h.service.reassign(caseIds[0]!, DSL, { toStaffId: 'okafor' }, { expectedVersion: 1 });
      const msg = await refused(h.service.decideReview(caseIds[0]!, DSL, { outcome: 'not_breach', reason: 'just rude' }, { expectedVersion: 1 }), 'CONFLICT');
      expect(msg).toMatch(/changed by someone else/);
      expect(await caseRow(caseIds[0]!)).toMatchObject({ state: 'open', assigneeStaffId: 'okafor', version: 2 });
    });
  });

  describe('replies', () => {
    async function enquiry(body = 'Kai has a dentist appointment at 2pm, I will collect him at 1.30.') {
      const { caseIds } = await arrive(h, { from: KEN_MUM, body, topic: 'absence' });
      return caseIds[0]!;
    }

    it('write → approve: the reply, the outbox row and its send job are stored together; approving twice is refused', async () => {
      const caseId = await enquiry();
      const written = await h.service.writeReply(caseId, ATTENDANCE, { body: 'Thank you, noted for 1.30.' });
      expect(written.reply).toMatchObject({ state: 'awaiting_approval', authorId: 'green', attempt: 1, version: 1, delivery: null });
      expect(written.case).toMatchObject({ state: 'reply_pending_approval', version: 2 });
      expect((await jobs(h, 'alert')).find((j) => j.replyId === written.reply.id)).toMatchObject({ reason: 'reply_awaiting_approval', staffIds: ['harrison', 'karen'] });

      // Approving needs a second person.
      await refused(h.service.approveReply(written.reply.id, ATTENDANCE, {}), 'FORBIDDEN');
      const approved = await h.service.approveReply(written.reply.id, OFFICE, { editedBody: 'Thank you, we have noted Kai leaves at 1.30.' });
      expect(approved.reply).toMatchObject({ state: 'approved', approvedBy: 'karen', approvedBody: 'Thank you, we have noted Kai leaves at 1.30.', version: 2 });
      expect(approved.case.state).toBe('replied');
      const rows = await h.store.db.select().from(outbox).where(eq(outbox.replyId, written.reply.id));
      expect(rows).toEqual([
        expect.objectContaining({ id: approved.outboxId, kind: 'reply', state: 'pending', toAddress: KEN_MUM, channel: 'sms', body: 'Thank you, we have noted Kai leaves at 1.30.', idempotencyKey: `${written.reply.id}:1` }),
      ]);
      expect((await jobs(h, 'send')).filter((j) => j.outboxId === approved.outboxId)).toEqual([{ schoolId: 'rossmore', outboxId: approved.outboxId }]);
      expect(approved.reply.delivery).toMatchObject({ outboxId: approved.outboxId, state: 'pending', attempt: 1 });

      await refused(h.service.approveReply(written.reply.id, OFFICE, {}), 'ILLEGAL_TRANSITION');
      expect(await h.store.db.select().from(outbox).where(eq(outbox.replyId, written.reply.id))).toHaveLength(1);
      expect(await audit(written.reply.id)).toEqual(['reply.submit', 'reply.approve']);
      expect(await audit(caseId)).toEqual(['case.opened', 'enquiry.submit_reply', 'enquiry.approve_reply']);
      const edit = (await h.store.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, written.reply.id), eq(auditEvents.action, 'reply.approve'))))[0]!;
      expect(edit.data).toMatchObject({ edited: true, before: 'Thank you, noted for 1.30.', after: 'Thank you, we have noted Kai leaves at 1.30.' });
    });

    it('two approvals at once: one wins, one outbox row, one send job', async () => {
      const caseId = await enquiry();
      const { reply } = await h.service.writeReply(caseId, ATTENDANCE, { body: 'Noted, thank you.' });
      const results = await Promise.allSettled([h.service.approveReply(reply.id, OFFICE, {}), h.service.approveReply(reply.id, HEAD, {})]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(['ILLEGAL_TRANSITION', 'CONFLICT']).toContain(failure.reason.code);
      const rows = await h.store.db.select().from(outbox).where(eq(outbox.replyId, reply.id));
      expect(rows).toHaveLength(1);
      expect((await jobs(h, 'send')).filter((j) => j.outboxId === rows[0]!.id)).toHaveLength(1);
    });

    it('reject sends the reply back with the reason; the enquiry takes a new reply', async () => {
      const caseId = await enquiry();
      const { reply } = await h.service.writeReply(caseId, ATTENDANCE, { body: 'ok' });
      await refused(h.service.rejectReply(reply.id, OFFICE, {}), 'INPUT_INVALID');
      const rejected = await h.service.rejectReply(reply.id, OFFICE, { reason: 'too short for a parent' });
      expect(rejected.reply).toMatchObject({ state: 'rejected', rejectedReason: 'too short for a parent' });
      expect(rejected.case.state).toBe('open');
      expect((await jobs(h, 'alert')).find((j) => j.replyId === reply.id && j.reason === 'reply_rejected')).toMatchObject({ staffIds: ['green'] });
      await refused(h.service.approveReply(reply.id, OFFICE, {}), 'ILLEGAL_TRANSITION');
      expect(await h.store.db.select().from(outbox).where(eq(outbox.replyId, reply.id))).toEqual([]);
      const second = await h.service.writeReply(caseId, ATTENDANCE, { body: 'Thank you for letting us know about the appointment.' });
      expect(second.case.state).toBe('reply_pending_approval');
      expect(await audit(reply.id)).toEqual(['reply.submit', 'reply.reject']);
    });

    it('delivery reports move the reply; a failure alerts staff and a retry is a new attempt with its own outbox row', async () => {
      const caseId = await enquiry();
      const { reply } = await h.service.writeReply(caseId, ATTENDANCE, { body: 'Thank you, noted.' });
      const first = await h.service.approveReply(reply.id, OFFICE, {});
      const report = (state: 'sending' | 'sent' | 'delivered' | 'failed', detail?: string, outboxId?: string) =>
        h.store.transaction((tx) => h.service.replyStateChanged(tx, { schoolId: 'rossmore', replyId: reply.id, state, detail, outboxId }));
      await report('sending');
      await report('sending'); // a send retried after a transient error: the same state again changes nothing
      await report('failed', 'carrier reported undelivered (error 30003)');
      const [failed] = await h.store.db.select().from(replies).where(eq(replies.id, reply.id));
      expect(failed).toMatchObject({ state: 'failed', attempt: 1 });
      expect((await jobs(h, 'alert')).find((j) => j.replyId === reply.id && j.reason === 'reply_failed')).toMatchObject({ urgent: true });

      await refused(h.service.retrySend(reply.id, TEACHER), 'FORBIDDEN');
      const retried = await h.service.retrySend(reply.id, OFFICE);
      expect(retried.reply).toMatchObject({ state: 'approved', attempt: 2 });
      expect(retried.outboxId).not.toBe(first.outboxId);
      const rows = await h.store.db.select().from(outbox).where(eq(outbox.replyId, reply.id)).orderBy(outbox.createdAt);
      expect(rows.map((r) => r.idempotencyKey)).toEqual([`${reply.id}:1`, `${reply.id}:2`]);
      expect((await jobs(h, 'send')).filter((j) => j.outboxId === retried.outboxId)).toHaveLength(1);
      // The first attempt's late receipt does not move the second attempt.
      await report('sending', undefined, first.outboxId);
      expect((await h.store.db.select().from(replies).where(eq(replies.id, reply.id)))[0]!.state).toBe('approved');

      await report('sending', undefined, retried.outboxId);
      await report('delivered'); // the carrier's receipt overtook the API answer
      await report('sent');
      const detail = await h.service.getCase(caseId, OFFICE);
      expect(detail.replies[0]).toMatchObject({ state: 'delivered', attempt: 2, delivery: { outboxId: retried.outboxId, attempt: 2 } });
      expect(await audit(reply.id)).toEqual(['reply.submit', 'reply.approve', 'reply.start_sending', 'reply.fail', 'reply.retry', 'reply.delivery_report_ignored', 'reply.start_sending', 'reply.deliver']);

      // A report the state does not allow is kept as ignored, not thrown into the outbox's transaction.
      await report('failed', 'late report for attempt 1');
      expect((await h.store.db.select().from(replies).where(eq(replies.id, reply.id)))[0]!.state).toBe('delivered');
      expect((await audit(reply.id)).at(-1)).toBe('reply.delivery_report_ignored');
      // The strict form refuses it.
      await refused(h.service.recordDelivery(reply.id, 'fail'), 'ILLEGAL_TRANSITION');
    });

    it('the outbox refusing before sending (STOP received) fails an approved reply', async () => {
      const caseId = await enquiry();
      const { reply } = await h.service.writeReply(caseId, ATTENDANCE, { body: 'Thank you.' });
      await h.service.approveReply(reply.id, OFFICE, {});
      await h.store.transaction((tx) => h.service.replyStateChanged(tx, { schoolId: 'rossmore', replyId: reply.id, state: 'failed', detail: 'the parent has opted out (STOP): not sent' }));
      expect((await h.store.db.select().from(replies).where(eq(replies.id, reply.id)))[0]!.state).toBe('failed');
    });

    it('close needs a reason, only for enquiries, and only once', async () => {
      const caseId = await enquiry('Thanks for a lovely nativity!');
      await refused(h.service.closeCase(caseId, OFFICE, {}), 'INPUT_INVALID');
      const closed = await h.service.closeCase(caseId, OFFICE, { reason: 'thanks, nothing to answer' });
      expect(closed).toMatchObject({ state: 'closed', version: 2 });
      expect((await caseRow(caseId)).closedAt).not.toBeNull();
      await refused(h.service.closeCase(caseId, OFFICE, { reason: 'again' }), 'ILLEGAL_TRANSITION');
      await refused(h.service.writeReply(caseId, OFFICE, { body: 'hello' }), 'ILLEGAL_TRANSITION');
      const { caseIds } = await arrive(h, { from: STRANGER, body: 'Idiots.', flags: [['abusive', 'Idiots']], topic: 'none' });
      expect(await refused(h.service.closeCase(caseIds[0]!, HEAD, { reason: 'not an enquiry' }), 'INPUT_INVALID')).toMatch(/is a review, not an enquiry/);
      expect(await audit(caseId)).toEqual(['case.opened', 'enquiry.close']);
    });

    it('reassigns an enquiry; the new assignee is alerted and the routed role stays', async () => {
      const caseId = await enquiry();
      await refused(h.service.reassign(caseId, TEACHER, { toStaffId: 'doyle' }), 'FORBIDDEN');
      const moved = await h.service.reassign(caseId, OFFICE, { toStaffId: 'doyle', reason: 'Kai is in Oak' });
      expect(moved).toMatchObject({ assigneeId: 'doyle', state: 'open', version: 2 });
      expect(await caseRow(caseId)).toMatchObject({ assigneeStaffId: 'doyle', assigneeRole: 'attendance' });
      expect((await jobs(h, 'alert')).find((j) => j.caseId === caseId && j.reason === 'reassigned')).toMatchObject({ staffIds: ['doyle'] });
      await refused(h.service.reassign(caseId, OFFICE, { toStaffId: 'doyle' }), 'CONFLICT');
      await refused(h.service.reassign(caseId, OFFICE, { toStaffId: 'nobody' }), 'INPUT_INVALID');
    });
  });

  describe('one transaction', () => {
    it('when the send job cannot be queued, the approval, the outbox row and the audit are all undone', async () => {
      const { caseIds } = await arrive(h, { from: KEN_MUM, body: 'Kai is off today, he has a cold.', topic: 'absence' });
      const { reply } = await h.service.writeReply(caseIds[0]!, ATTENDANCE, { body: 'Thank you, get well soon Kai.' });
      failSend = true;
      try {
        await expect(h.service.approveReply(reply.id, OFFICE, {})).rejects.toThrow('queue unavailable');
      } finally {
        failSend = false;
      }
      expect((await h.store.db.select().from(replies).where(eq(replies.id, reply.id)))[0]).toMatchObject({ state: 'awaiting_approval', version: 1 });
      expect((await caseRow(caseIds[0]!)).state).toBe('reply_pending_approval');
      expect(await h.store.db.select().from(outbox).where(eq(outbox.replyId, reply.id))).toEqual([]);
      expect(await h.store.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, reply.id), eq(auditEvents.action, 'reply.approve')))).toEqual([]);
      const ok = await h.service.approveReply(reply.id, OFFICE, {});
      expect(ok.reply.state).toBe('approved');
    });
  });

  describe('optimistic concurrency', () => {
    it('an update made from a row read before someone else changed it is a CONFLICT, and changes nothing', async () => {
      const { caseIds } = await arrive(h, { from: KEN_MUM, body: 'Kai has a cough.', topic: 'absence' });
      const before = await caseRow(caseIds[0]!);
      await h.service.reassign(before.id, OFFICE, { toStaffId: 'karen' });
      const msg = await refused(h.store.transaction((tx) => updateCase(tx, before, { state: 'closed' }, new Date())), 'CONFLICT');
      expect(msg).toMatch(/no longer at version 1/);
      expect(await caseRow(before.id)).toMatchObject({ state: 'open', assigneeStaffId: 'karen', version: 2 });
      const { reply } = await h.service.writeReply(before.id, ATTENDANCE, { body: 'Thank you.' });
      const [stale] = await h.store.db.select().from(replies).where(eq(replies.id, reply.id));
      await h.service.rejectReply(reply.id, OFFICE, { reason: 'say more please' });
      await refused(h.store.transaction((tx) => updateReply(tx, stale!, { state: 'approved' }, new Date())), 'CONFLICT');
      await refused(h.service.approveReply(reply.id, OFFICE, {}, { expectedVersion: 1 }), 'CONFLICT');
    });
  });

  describe('schools', () => {
    it("another school's staff get NOT_FOUND for Rossmore's cases and replies, and see none of them", async () => {
      const caseId = (await arrive(h, { from: LILY_MUM, body: 'Can I pay for the trip in cash?', topic: 'general' })).caseIds[0]!;
      const { reply } = await h.service.writeReply(caseId, OFFICE, { body: 'Yes, at the office.' });
      const ASHBY_HEAD = as('harrison-a');
      const ASHBY_OFFICE = as('karen', 'ashby');
      await refused(h.service.getCase(caseId, ASHBY_HEAD), 'NOT_FOUND');
      await refused(h.service.closeCase(caseId, ASHBY_OFFICE, { reason: 'not ours' }), 'NOT_FOUND');
      await refused(h.service.approveReply(reply.id, ASHBY_OFFICE, {}), 'NOT_FOUND');
      const page = await h.service.listCases(ASHBY_HEAD, {}, { limit: 1000 });
      expect(page.items.every((c) => c.schoolId === 'ashby')).toBe(true);
      // "karen" is in both school files: unqualified, nobody can tell whose data to show.
      expect(await refused(h.service.getCase(caseId, as('karen')), 'INPUT_INVALID')).toMatch(/more than one school file/);
      await refused(h.service.getCase(caseId, as('nobody')), 'FORBIDDEN');
    });

    it('Ashby cases are Ashby’s; the operator sees both schools', async () => {
      const { caseIds } = await arrive(h, { school: h.ashby, from: LILY_MUM, body: 'Lily is off sick today.', topic: 'absence' });
      expect(await caseRow(caseIds[0]!)).toMatchObject({ schoolId: 'ashby', assigneeStaffId: 'green-a' });
      await refused(h.service.getCase(caseIds[0]!, HEAD), 'NOT_FOUND');
      const all = await h.service.listCases(OPERATOR, {}, { limit: 1000 });
      expect(new Set(all.items.map((c) => c.schoolId))).toEqual(new Set(['rossmore', 'ashby']));
      const ashbyOnly = await h.service.listCases(OPERATOR, { school: 'ashby' }, { limit: 1000 });
      expect(ashbyOnly.items.map((c) => c.id)).toContain(caseIds[0]);
      expect(ashbyOnly.items.every((c) => c.schoolId === 'ashby')).toBe(true);
    });
  });

  describe('reading', () => {
    it('lists only the cases a member of staff may see, newest first, page by page', async () => {
      for (let i = 0; i < 5; i++) await arrive(h, { from: '+447700900283', body: `Lily's reading book question ${i}`, topic: 'learning' });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await h.service.listCases(TEACHER, {}, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const all = await h.service.listCases(TEACHER, {}, { limit: 1000 });
      expect(seen).toEqual(all.items.map((c) => c.id));
      expect(pages).toBeGreaterThanOrEqual(3);
      // Only enquiries that are his (class teacher of Rowan) or routed to his role; no reviews, no safeguarding.
      for (const c of all.items) {
        expect(c.kind).toBe('enquiry');
        expect(c.topic).not.toBe('safeguarding');
        expect(c.assignee?.role === 'class_teacher' || c.assignee?.staffId === 'hughes').toBe(true);
      }
      const times = all.items.map((c) => c.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('filters by state, kind, assignee and urgency', async () => {
      const urgent = await h.service.listCases(HEAD, { urgency: 'urgent' }, { limit: 1000 });
      expect(urgent.items.length).toBeGreaterThan(0);
      expect(urgent.items.every((c) => c.urgency === 'urgent')).toBe(true);
      const reviews = await h.service.listCases(HEAD, { kind: 'review', state: 'open' }, { limit: 1000 });
      expect(reviews.items.every((c) => c.kind === 'review' && c.state === 'open')).toBe(true);
      const green = await h.service.listCases(OFFICE, { assignee: 'green' }, { limit: 1000 });
      expect(green.items.length).toBeGreaterThan(0);
      expect(green.items.every((c) => c.assignee?.staffId === 'green')).toBe(true);
    });

    it('the message log withholds a message from the member of staff its flagged words name', async () => {
      const body = 'Karen on reception is a nasty cow. Is the disco on Friday?';
      const { messageId } = await arrive(h, { from: LILY_MUM, body, flags: [['abusive', 'nasty cow']], topic: 'general' });
      const forKaren = await h.service.getMessage(messageId, OFFICE);
      expect(forKaren).toMatchObject({ body: null, withheld: true, reasons: null });
      const forHead = await h.service.getMessage(messageId, HEAD);
      expect(forHead).toMatchObject({ body, withheld: false });
      expect(forHead.cases.map((c) => c.kind)).toEqual(['review']);
      await refused(h.service.getMessage(messageId, TEACHER), 'FORBIDDEN');
      const list = await h.service.listMessages(OFFICE, {}, { limit: 1000 });
      expect(list.items.find((m) => m.id === messageId)).toMatchObject({ body: null, withheld: true });
    });

    it('incidents and the audit log are for senior staff; failed jobs for the office', async () => {
      const incidentsPage = await h.service.listIncidents(HEAD, {}, { limit: 1000 });
      expect(incidentsPage.items.length).toBeGreaterThan(0);
      await refused(h.service.listIncidents(OFFICE, {}, { limit: 10 }), 'FORBIDDEN');
      const auditPage = await h.service.listAudit(HEAD, { entityType: 'reply' }, { limit: 3 });
      expect(auditPage.items).toHaveLength(3);
      expect(auditPage.nextCursor).not.toBeNull();
      const next = await h.service.listAudit(HEAD, { entityType: 'reply' }, { limit: 3, cursor: auditPage.nextCursor! });
      expect(Number(next.items[0]!.id)).toBeLessThan(Number(auditPage.items[2]!.id));
      await refused(h.service.listAudit(OFFICE, {}, { limit: 10 }), 'FORBIDDEN');
      expect(await h.service.failedJobs(OFFICE, { limit: 10 })).toEqual([]);
      await refused(h.service.failedJobs(TEACHER, { limit: 10 }), 'FORBIDDEN');
      await refused(h.service.failedJobs(OFFICE, { queue: 'nope', limit: 10 }), 'INPUT_INVALID');
      await refused(h.service.listCases(HEAD, {}, { limit: 10, cursor: 'not-a-cursor' }), 'INPUT_INVALID');
    });
  });
});
