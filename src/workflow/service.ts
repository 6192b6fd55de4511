import { and, eq } from 'drizzle-orm';
import type { School } from '../config/load-school';
import type { StaffMember } from '../config/school-schema';
import { orderFlags, type Flag, type Topic } from '../domain/taxonomy';
import type { TriageResult } from '../domain/triage';
import { SchoolgateError } from '../errors';
import type { ReplyDeliveryPort } from '../outbox/outbox';
import type { CaseOpener, OutboxJobData } from '../pipeline/triage-worker';
import type { JobQueue } from '../queue/queue';
import type { RoutingDecision } from '../routing/route';
import { type DbOrTx, type Store, sqlExecutor, type Tx } from '../store/open';
import { cases, incidents, managedContacts, outbox, replies } from '../store/schema';
import {
  approveReplyAction,
  closeEnquiryAction,
  type DeliveryEvent,
  deliveryAction,
  escalateReviewAction,
  reassignAction,
  rejectReplyAction,
  retrySendAction,
  writeReplyAction,
} from './actions';
import { SYSTEM } from './actor';
import type { AuditEvent } from './audit';
import { RejectInput } from './inputs';
import { type ResolvedStaff, resolveStaff } from './callers';
import type { LetterTemplates } from './letters';
import { APPROVER_ROLES, canExportSafeguarding, hasRole, REVIEWER_ROLES } from './permissions';
import { planCases } from './plan-cases';
import { acknowledge, escalationDue, recordAction, safeguardingOf } from './safeguarding';
import { type AlertJob, type Clock, EscalationJob, type IdGenerator, randomIds, systemClock } from './ports';
import { ParentReads } from './parents';
import { WorkflowReads } from './read-model';
import {
  activeManagedContact,
  type CaseRow,
  caseDetails,
  caseFacts,
  checkVersion,
  findCase,
  findMessage,
  findReply,
  findTriage,
  insertAudit,
  parentDbId,
  type ReplyRow,
  replyFacts,
  TriageReasons,
  updateCase,
  updateReply,
} from './repository';
import { decideReview } from './review';
import { MACHINES, transition } from './states';
import type {
  AuditFilters,
  CaseDetail,
  CaseFilters,
  CaseMoved,
  CaseSummary,
  FailedJobView,
  Guard,
  IncidentView,
  MessageDetail,
  MessageFilters,
  MessageView,
  Page,
  PageRequest,
  ParentDetail,
  ParentSummary,
  ReplyMovedResult,
  ReplySent,
  ReviewDecided,
  StaffCaller,
  Viewer,
  WorkflowApi,
  AuditView,
} from './views';

export interface WorkflowDeps {
  store: Pick<Store, 'db' | 'transaction'>;
  schools: ReadonlyMap<string, School>;
  queue: Pick<JobQueue, 'enqueue' | 'wake' | 'failedJobs'>;
  templates: LetterTemplates;
  clock?: Clock;
  ids?: IdGenerator;
}

/** What the outbox reports, as reply events. */
const DELIVERY_EVENT = { sending: 'start_sending', sent: 'accept', delivered: 'deliver', failed: 'fail' } as const satisfies Record<string, DeliveryEvent>;

interface Pending {
  alerts: AlertJob[];
  sends: OutboxJobData[];
  /** Safeguarding concerns to check again later: escalate if nobody acknowledged them. */
  escalations?: { job: EscalationJob; after: Date }[];
}

export type { EscalationJob } from './ports';

/**
 * The one workflow service every staff surface calls (JSON API, console, Teams, Slack): it loads the rows, asks
 * the pure domain (actions.ts, review.ts, plan-cases.ts) what may happen, and stores the outcome in ONE
 * transaction: the new states (guarded by their versions), the audit events, and the jobs it asks for (alerts,
 * sends). Staff act only within their own school; another school's rows are NOT_FOUND, never FORBIDDEN.
 * Every method throws SchoolgateError (FORBIDDEN, INPUT_INVALID, ILLEGAL_TRANSITION, NOT_FOUND, CONFLICT).
 */
export class WorkflowService implements WorkflowApi, CaseOpener, ReplyDeliveryPort {
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly reads: WorkflowReads;
  private readonly parents: ParentReads;

  constructor(private readonly deps: WorkflowDeps) {
    this.clock = deps.clock ?? systemClock;
    this.ids = deps.ids ?? randomIds;
    this.reads = new WorkflowReads({ db: deps.store.db, schools: deps.schools, queue: deps.queue });
    this.parents = new ParentReads({ db: deps.store.db, schools: deps.schools, reads: this.reads });
  }

  // ---- opening cases (the triage worker, inside its own transaction) ----

  /**
   * Open the cases one triaged message needs (see planCases): a review for any flag, an enquiry for a route
   * (held for the reviewer when the message is also flagged, except safeguarding), with their audit events and
   * staff alerts, all in the caller's transaction. Calling it again for the same message opens nothing new.
   */
  async openCasesFromTriage(
    tx: Tx,
    input: { school: School; messageId: string; parentId: string | null; body: string; result: TriageResult; routing: RoutingDecision },
  ): Promise<{ caseIds: string[] }> {
    const { school, result } = input;
    const existing = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.schoolId, school.id), eq(cases.messageId, input.messageId)));
    if (existing.length) return { caseIds: existing.map((r) => r.id) };

    const plan = planCases({ school, body: input.body, triage: result, route: input.routing.route, why: input.routing.why });
    const now = this.clock.now();
    const flags = orderFlags(result.flags as Flag[]);
    const base = {
      schoolId: school.id,
      messageId: input.messageId,
      parentId: input.parentId,
      flags,
      topic: result.topic,
      urgency: result.urgency,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const audit: AuditEvent[] = [];
    const pending: Pending = { alerts: [], sends: [] };
    const caseIds: string[] = [];

    let reviewId: string | null = null;
    if (plan.review) {
      reviewId = this.ids.next('case');
      const assignee = school.staffById.get(plan.review.assigneeId);
      await tx.insert(cases).values({
        ...base,
        id: reviewId,
        kind: 'review',
        state: MACHINES.review.initial,
        assigneeStaffId: plan.review.assigneeId,
        assigneeRole: assignee ? reviewerRole(assignee) : null,
        forwardedBody: null,
        details: {
          namedInEvidence: plan.namedInEvidence,
          reviewerIds: plan.review.reviewerIds,
          heldEnquiry: plan.heldEnquiry,
          releasedCaseId: null,
          why: `flagged (${flags.join(', ')}): a senior reviewer decides`,
        },
      });
      caseIds.push(reviewId);
      audit.push(opened(reviewId, now, SYSTEM, { kind: 'review', assigneeId: plan.review.assigneeId, flags, topic: result.topic, urgency: result.urgency, enquiryHeld: plan.heldEnquiry !== null }));
      pending.alerts.push({ schoolId: school.id, caseId: reviewId, kind: 'review', urgent: plan.review.urgent, reason: 'opened', staffIds: plan.review.reviewerIds });
    }
    if (plan.enquiry) {
      const id = this.ids.next('case');
      await tx.insert(cases).values({
        ...base,
        id,
        kind: 'enquiry',
        state: MACHINES.enquiry.initial,
        parentCaseId: reviewId,
        assigneeStaffId: plan.enquiry.assigneeId,
        assigneeRole: plan.enquiry.role,
        forwardedBody: plan.enquiry.forwardedText,
        details: { namedInEvidence: plan.namedInEvidence, reviewerIds: [], heldEnquiry: null, releasedCaseId: null, why: plan.enquiry.why },
      });
      caseIds.push(id);
      audit.push(opened(id, now, SYSTEM, { kind: 'enquiry', assigneeId: plan.enquiry.assigneeId, role: plan.enquiry.role, topic: result.topic, urgency: result.urgency }));
      if (result.topic === 'safeguarding') {
        // The DSL and every deputy at once; if nobody acknowledges in time, the ladder escalates (safeguarding.ts).
        // Never a lead the flagged words were aimed at: the concern goes to them whole.
        const others = [...school.staffById.values()].filter((m) => hasRole(m, ['dsl', 'deputy_dsl']) && !plan.namedInEvidence.includes(m.id)).map((m) => m.id);
        const leads = [...new Set([plan.enquiry.assigneeId, ...others])];
        pending.alerts.push({ schoolId: school.id, caseId: id, kind: 'enquiry', urgent: true, reason: 'opened', staffIds: leads });
        pending.escalations = [{ job: { schoolId: school.id, caseId: id, step: 1 }, after: new Date(now.getTime() + school.file.alerts.safeguarding_ack_minutes * 60_000) }];
      } else pending.alerts.push({ schoolId: school.id, caseId: id, kind: 'enquiry', urgent: plan.enquiry.urgent, reason: 'opened', staffIds: [plan.enquiry.assigneeId] });
    }
    await insertAudit(tx, school.id, audit, null);
    await this.enqueue(tx, pending);
    return { caseIds };
  }

  // ---- review decisions ----

  /**
   * A reviewer's decision (inputs.ts ReviewDecision). A breach stores its incident (letters drafted) and any
   * managed-contact arrangement; either outcome releases the held enquiry with the forwarded text.
   */
  async decideReview(caseId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<ReviewDecided> {
    const who = this.staff(caller);
    const result = await this.deps.store.transaction(async (tx) => {
      const row = await findCase(tx, caseId, who.school.id);
      checkVersion('Case', row.id, row.version, guard.expectedVersion);
      const message = await findMessage(tx, row.messageId, row.schoolId);
      const triage = await findTriage(tx, row.messageId);
      const details = caseDetails(row);
      const now = this.clock.now();
      const decided = decideReview(
        {
          school: who.school,
          templates: this.deps.templates,
          case: caseFacts(row),
          message: { id: message.id, body: message.body, from: message.fromAddress, receivedAt: new Date(message.receivedAt) },
          reasons: TriageReasons.parse(triage?.reasons ?? []),
          heldEnquiry: details.heldEnquiry,
          urgent: row.urgency === 'urgent',
          actor: who.actor,
          now,
          incidentId: this.ids.next('incident'),
        },
        input,
      );
      if (!decided.ok) throw decided.error;
      const outcome = decided.value;
      const audit = [...outcome.audit];
      const pending: Pending = { alerts: [], sends: [] };

      const releasedCaseId = outcome.release ? this.ids.next('case') : null;
      const updated = await updateCase(tx, row, { state: outcome.to, closedAt: now.toISOString(), details: { ...details, heldEnquiry: null, releasedCaseId } }, now);

      let managedContactId: string | null = null;
      if (outcome.incident) {
        const inc = outcome.incident;
        await tx.insert(incidents).values({
          id: inc.id,
          schoolId: row.schoolId,
          caseId: row.id,
          parentId: row.parentId,
          flags: inc.breachedFlags,
          clauses: inc.clauses,
          responses: inc.responses,
          decidedBy: inc.decidedBy,
          reason: inc.reason,
          createdAt: now.toISOString(),
        });
        if (inc.managedContact) {
          const mc = inc.managedContact;
          const parentId = (await parentDbId(tx, row.schoolId, mc.parentId)) ?? row.parentId;
          if (!parentId)
            throw new SchoolgateError('INPUT_INVALID', `Managed contact needs the parent "${mc.parentId}" in the database: restart Schoolgate so it loads the school file, then decide again.`);
          managedContactId = this.ids.next('managed_contact');
          await tx.insert(managedContacts).values({
            id: managedContactId,
            schoolId: row.schoolId,
            parentId,
            designatedStaffId: mc.designatedContactId,
            allowedTopics: mc.allowedTopics,
            reviewDate: mc.reviewDate,
            source: 'incident',
            incidentId: inc.id,
            active: true,
            createdAt: now.toISOString(),
            updatedAt: now.toISOString(),
          });
          audit.push({
            action: 'managed_contact.opened',
            entityType: 'managed_contact',
            entityId: managedContactId,
            actor: who.actor,
            at: now,
            data: { incidentId: inc.id, parentId: mc.parentId, designatedStaffId: mc.designatedContactId, allowedTopics: mc.allowedTopics, reviewDate: mc.reviewDate },
          });
        }
      }

      if (outcome.release && releasedCaseId) {
        const r = outcome.release;
        await tx.insert(cases).values({
          id: releasedCaseId,
          schoolId: row.schoolId,
          kind: 'enquiry',
          state: MACHINES.enquiry.initial,
          messageId: row.messageId,
          parentId: row.parentId,
          parentCaseId: row.id,
          assigneeStaffId: r.assigneeId,
          assigneeRole: r.role,
          flags: row.flags,
          topic: row.topic,
          urgency: row.urgency,
          forwardedBody: r.forwardedText,
          details: { namedInEvidence: details.namedInEvidence, reviewerIds: [], heldEnquiry: null, releasedCaseId: null, why: r.why },
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        });
        audit.push(opened(releasedCaseId, now, who.actor, { kind: 'enquiry', assigneeId: r.assigneeId, role: r.role, topic: row.topic, urgency: row.urgency, released: true }));
        pending.alerts.push({ schoolId: row.schoolId, caseId: releasedCaseId, kind: 'enquiry', urgent: r.urgent, reason: 'released', staffIds: [r.assigneeId] });
      }
      pending.alerts.push(...this.cardsUpdate(updated));
      await insertAudit(tx, row.schoolId, audit, who.via);
      await this.enqueue(tx, pending);
      return { ...moved(updated), incidentId: outcome.incident?.id ?? null, managedContactId, releasedCaseId, pending };
    });
    this.wake(result.pending);
    const { pending: _, ...out } = result;
    return out;
  }

  /** A senior reviewer hands a review to the head teacher (input: {reason}). */
  escalateReview(caseId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<CaseMoved> {
    return this.onCase(caseId, caller, guard, async (tx, who, row, now) => {
      const r = escalateReviewAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), input });
      if (!r.ok) throw r.error;
      const head = who.school.staffById.get(r.value.assigneeId);
      const updated = await updateCase(tx, row, { state: r.value.caseTo, assigneeStaffId: r.value.assigneeId, assigneeRole: head ? reviewerRole(head) : 'head_teacher' }, now);
      return {
        updated,
        audit: r.value.audit,
        alerts: [{ schoolId: row.schoolId, caseId: row.id, kind: row.kind, urgent: row.urgency === 'urgent', reason: 'escalated', staffIds: [r.value.assigneeId] }],
      };
    });
  }

  /** Give a case to another member of staff (input: {toStaffId, reason?}). An enquiry keeps the role it was routed to. */
  reassign(caseId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<CaseMoved> {
    return this.onCase(caseId, caller, guard, async (tx, who, row, now) => {
      const r = reassignAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), input });
      if (!r.ok) throw r.error;
      const to = who.school.staffById.get(r.value.assigneeId);
      const role = row.kind === 'review' && to ? reviewerRole(to) : row.assigneeRole;
      const updated = await updateCase(tx, row, { state: r.value.caseTo, assigneeStaffId: r.value.assigneeId, assigneeRole: role }, now);
      return {
        updated,
        audit: r.value.audit,
        alerts: [{ schoolId: row.schoolId, caseId: row.id, kind: row.kind, urgent: row.urgency === 'urgent', reason: 'reassigned', staffIds: [r.value.assigneeId] }],
      };
    });
  }

  /** Close an enquiry that needs no (more) reply (input: {reason}). */
  closeCase(caseId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<CaseMoved> {
    return this.onCase(caseId, caller, guard, async (tx, who, row, now) => {
      const r = closeEnquiryAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), input });
      if (!r.ok) throw r.error;
      const updated = await updateCase(tx, row, { state: r.value.caseTo, closedAt: now.toISOString() }, now);
      return { updated, audit: r.value.audit, alerts: [] };
    });
  }

  // ---- replies ----

  /** Staff write a reply (input: {body}); it waits for the office's approval, and the approvers are alerted. */
  async writeReply(caseId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<ReplyMovedResult> {
    const who = this.staff(caller);
    const result = await this.deps.store.transaction(async (tx) => {
      const row = await findCase(tx, caseId, who.school.id);
      checkVersion('Case', row.id, row.version, guard.expectedVersion);
      const now = this.clock.now();
      const replyId = this.ids.next('reply');
      const r = writeReplyAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), replyId, input });
      if (!r.ok) throw r.error;
      const [reply] = await tx
        .insert(replies)
        .values({
          id: replyId,
          schoolId: row.schoolId,
          caseId: row.id,
          authorStaffId: r.value.reply.authorId,
          body: r.value.reply.body,
          state: r.value.reply.state,
          attempt: 1,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        })
        .returning();
      const updated = await updateCase(tx, row, { state: r.value.caseTo }, now);
      const approvers = staffWith(who.school, APPROVER_ROLES).filter((id) => id !== r.value.reply.authorId);
      const pending: Pending = {
        alerts: approvers.length
          ? [{ schoolId: row.schoolId, caseId: row.id, kind: row.kind, urgent: row.urgency === 'urgent', reason: 'reply_awaiting_approval', replyId, staffIds: approvers }]
          : [],
        sends: [],
      };
      pending.alerts.push(...this.cardsUpdate(updated));
      await insertAudit(tx, row.schoolId, r.value.audit, who.via);
      await this.enqueue(tx, pending);
      return { reply: reply!, case: updated, pending };
    });
    this.wake(result.pending);
    return { reply: await this.reads.replyView(result.reply), case: moved(result.case) };
  }

  /**
   * The office approves a reply (input: {editedBody?}). In ONE transaction: the reply is approved, the enquiry
   * marked replied, an outbox row keyed `<replyId>:<attempt>` is written and its `send` job queued. Approving
   * twice is ILLEGAL_TRANSITION (or CONFLICT in a race), never a second outbox row.
   */
  async approveReply(replyId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<ReplySent> {
    const who = this.staff(caller);
    const result = await this.deps.store.transaction(async (tx) => {
      const { reply, row } = await this.replyAndCase(tx, replyId, who.school.id, guard);
      const now = this.clock.now();
      const r = approveReplyAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), reply: replyFacts(reply), input });
      if (!r.ok) throw r.error;
      const approved = await updateReply(
        tx,
        reply,
        { state: r.value.replyTo, approvedBody: r.value.finalBody, approvedBy: who.member.id, approvedAt: now.toISOString(), rejectedReason: null },
        now,
      );
      const updated = await updateCase(tx, row, { state: r.value.caseTo }, now);
      const pending: Pending = { alerts: this.cardsUpdate(updated), sends: [] };
      const outboxId = await this.queueSend(tx, row, approved, r.value.finalBody, now, pending);
      await insertAudit(tx, row.schoolId, r.value.audit, who.via);
      await this.enqueue(tx, pending);
      return { reply: approved, case: updated, outboxId, pending };
    });
    this.wake(result.pending);
    return { reply: await this.reads.replyView(result.reply), case: moved(result.case), outboxId: result.outboxId };
  }

  /** The office sends a reply back (input: {reason}); the enquiry is open again and the author is told. */
  async rejectReply(replyId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<ReplyMovedResult> {
    const who = this.staff(caller);
    const result = await this.deps.store.transaction(async (tx) => {
      const { reply, row } = await this.replyAndCase(tx, replyId, who.school.id, guard);
      const now = this.clock.now();
      const r = rejectReplyAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), reply: replyFacts(reply), input });
      if (!r.ok) throw r.error;
      const reason = RejectInput.safeParse(input).data?.reason ?? null;
      const rejected = await updateReply(tx, reply, { state: r.value.replyTo, rejectedReason: reason }, now);
      const updated = await updateCase(tx, row, { state: r.value.caseTo }, now);
      const pending: Pending = {
        alerts: [
          { schoolId: row.schoolId, caseId: row.id, kind: row.kind, urgent: row.urgency === 'urgent', reason: 'reply_rejected', replyId: reply.id, staffIds: [reply.authorStaffId] },
          ...this.cardsUpdate(updated),
        ],
        sends: [],
      };
      await insertAudit(tx, row.schoolId, r.value.audit, who.via);
      await this.enqueue(tx, pending);
      return { reply: rejected, case: updated, pending };
    });
    this.wake(result.pending);
    return { reply: await this.reads.replyView(result.reply), case: moved(result.case) };
  }

  /** Send a failed reply again, as a new numbered attempt with its own outbox row and idempotency key. */
  async retrySend(replyId: string, caller: StaffCaller, guard: Guard = {}): Promise<ReplySent> {
    const who = this.staff(caller);
    const result = await this.deps.store.transaction(async (tx) => {
      const { reply, row } = await this.replyAndCase(tx, replyId, who.school.id, guard);
      const now = this.clock.now();
      const r = retrySendAction({ school: who.school, actor: who.actor, now, reply: replyFacts(reply) });
      if (!r.ok) throw r.error;
      const again = await updateReply(tx, reply, { state: r.value.replyTo, attempt: r.value.attempt }, now);
      const pending: Pending = { alerts: this.cardsUpdate(row), sends: [] };
      const outboxId = await this.queueSend(tx, row, again, again.approvedBody ?? again.body, now, pending);
      await insertAudit(tx, row.schoolId, r.value.audit, who.via);
      await this.enqueue(tx, pending);
      return { reply: again, case: row, outboxId, pending };
    });
    this.wake(result.pending);
    return { reply: await this.reads.replyView(result.reply), case: moved(result.case), outboxId: result.outboxId };
  }

  // ---- delivery (Schoolgate itself) ----

  /**
   * Record a reply's sending progress or delivery report (system only). Strict: an event the reply's state does
   * not allow is ILLEGAL_TRANSITION. Pass `tx` to record it inside the caller's transaction.
   */
  async recordDelivery(replyId: string, event: DeliveryEvent, data: Record<string, unknown> = {}, opts: { tx?: Tx; schoolId?: string } = {}): Promise<ReplyMovedResult> {
    const run = async (tx: Tx) => {
      const reply = await findReply(tx, replyId, opts.schoolId ?? null, { forUpdate: true });
      const pending: Pending = { alerts: [], sends: [] };
      const updated = await this.applyDelivery(tx, reply, event, data, pending);
      await this.enqueue(tx, pending);
      const row = await findCase(tx, reply.caseId, reply.schoolId);
      return { reply: updated, case: row, pending };
    };
    const result = opts.tx ? await opts.tx.transaction(run) : await this.deps.store.transaction(run);
    if (!opts.tx) this.wake(result.pending);
    return { reply: await this.reads.replyView(result.reply), case: moved(result.case) };
  }

  /**
   * The outbox's port (src/outbox): called in the outbox's transaction when a reply's send changes state. Lenient
   * where the outbox is legitimately repetitive or out of order: the same state again (a send retried after a
   * transient error) and `sent` after `delivered` (the carrier's receipt overtook the API answer) change nothing;
   * any other report the reply's state does not allow is kept in the audit trail as ignored rather than thrown,
   * because throwing would undo the outbox's own record of what happened.
   */
  async replyStateChanged(
    tx: Tx,
    e: { schoolId: string; replyId: string; state: 'sending' | 'sent' | 'delivered' | 'failed'; detail?: string; outboxId?: string },
  ): Promise<void> {
    const reply = await findReply(tx, e.replyId, e.schoolId, { forUpdate: true });
    if (reply.state === e.state || (e.state === 'sent' && reply.state === 'delivered')) return;
    const event = DELIVERY_EVENT[e.state];
    const data = e.detail ? { detail: e.detail } : {};
    // A late report about an earlier attempt (retried since) must not move the current attempt.
    const stale = e.outboxId !== undefined && !(await isCurrentAttempt(tx, e.outboxId, reply));
    if (stale || !transition('reply', reply.state, event).ok) {
      await insertAudit(
        tx,
        reply.schoolId,
        [{ action: 'reply.delivery_report_ignored', entityType: 'reply', entityId: reply.id, actor: SYSTEM, at: this.clock.now(), data: { state: reply.state, reported: e.state, attempt: reply.attempt, ...(stale ? { staleOutboxId: e.outboxId } : {}), ...data } }],
        null,
      );
      return;
    }
    const pending: Pending = { alerts: [], sends: [] };
    await this.applyDelivery(tx, reply, event, data, pending);
    await this.enqueue(tx, pending);
  }

  // ---- managed contact, for routing ----

  /**
   * The arrangement in force for a parent (their database id), shaped as routing's Sender.managedContact, or null.
   * An arrangement whose designated contact has left the school file is ignored (routing falls back to normal).
   */
  async activeManagedContact(schoolId: string, parentId: string, db: DbOrTx = this.deps.store.db): Promise<{ designated_contact: string; allowed_topics: Topic[] } | null> {
    const school = this.deps.schools.get(schoolId);
    const row = await activeManagedContact(db, schoolId, parentId);
    if (!row || !school?.staffById.has(row.designatedStaffId)) return null;
    return { designated_contact: row.designatedStaffId, allowed_topics: row.allowedTopics as Topic[] };
  }

  // ---- reads ----

  listCases(viewer: Viewer, filters: CaseFilters, page: PageRequest): Promise<Page<CaseSummary>> {
    return this.reads.listCases(viewer, filters, page);
  }
  getCase(caseId: string, viewer: Viewer): Promise<CaseDetail> {
    return this.reads.getCase(caseId, viewer);
  }
  listIncidents(viewer: Viewer, filters: { school?: string }, page: PageRequest): Promise<Page<IncidentView>> {
    return this.reads.listIncidents(viewer, filters, page);
  }
  listMessages(viewer: Viewer, filters: MessageFilters, page: PageRequest): Promise<Page<MessageView>> {
    return this.reads.listMessages(viewer, filters, page);
  }
  getMessage(messageId: string, viewer: Viewer): Promise<MessageDetail> {
    return this.reads.getMessage(messageId, viewer);
  }
  listAudit(viewer: Viewer, filters: AuditFilters, page: PageRequest): Promise<Page<AuditView>> {
    return this.reads.listAudit(viewer, filters, page);
  }
  failedJobs(viewer: Viewer, options: { queue?: string; limit: number }): Promise<FailedJobView[]> {
    return this.reads.failedJobs(viewer, options);
  }
  listParents(viewer: Viewer, filters: { q?: string; school?: string }, page: PageRequest): Promise<Page<ParentSummary>> {
    return this.parents.listParents(viewer, filters, page);
  }
  getParent(parentId: string, viewer: Viewer, options: { school?: string } = {}): Promise<ParentDetail> {
    return this.parents.getParent(parentId, viewer, options);
  }

  // ---- safeguarding ----

  /** The DSL (or a deputy, or the head) acknowledges a safeguarding concern: escalation stops. */
  acknowledgeSafeguarding(caseId: string, caller: StaffCaller, guard: Guard = {}): Promise<CaseMoved> {
    return this.onCase(caseId, caller, guard, async (tx, who, row, now) => {
      const r = acknowledge({ school: who.school, actor: who.actor, now, case: caseFacts(row), record: safeguardingOf(row) });
      if (!r.ok) throw r.error;
      const updated = await updateCase(tx, row, { details: { ...(row.details as object), safeguarding: r.value.record } }, now);
      return { updated, audit: r.value.audit, alerts: [] };
    });
  }

  /** Record what was done about a concern and why (input: {action, reason}); it acknowledges it too. */
  recordSafeguardingAction(caseId: string, caller: StaffCaller, input: unknown, guard: Guard = {}): Promise<CaseMoved> {
    return this.onCase(caseId, caller, guard, async (tx, who, row, now) => {
      const r = recordAction({ school: who.school, actor: who.actor, now, case: caseFacts(row), record: safeguardingOf(row), input });
      if (!r.ok) throw r.error;
      const updated = await updateCase(tx, row, { details: { ...(row.details as object), safeguarding: r.value.record } }, now);
      return { updated, audit: r.value.audit, alerts: [] };
    });
  }

  /**
   * The `escalate` job: if the concern is still unacknowledged, alert the next rung (deputies, then the head),
   * record it, and schedule the next check. Idempotent for a redelivered job.
   */
  async runEscalation(input: EscalationJob): Promise<{ escalatedTo: string[] }> {
    const job = EscalationJob.parse(input);
    const school = this.deps.schools.get(job.schoolId);
    if (!school) throw new Error(`escalation for school ${job.schoolId}, which is not configured`);
    const result = await this.deps.store.transaction(async (tx) => {
      const row = await findCase(tx, job.caseId, job.schoolId);
      const now = this.clock.now();
      const due = escalationDue({ school, now, caseId: row.id, state: row.state, record: safeguardingOf(row), step: job.step });
      if (!due) return { to: [] as string[], pending: { alerts: [], sends: [] } as Pending };
      const updated = await updateCase(tx, row, { details: { ...(row.details as object), safeguarding: due.record } }, now);
      await insertAudit(tx, row.schoolId, due.audit, null);
      const pending: Pending = {
        alerts: [{ schoolId: row.schoolId, caseId: row.id, kind: 'enquiry', urgent: true, reason: 'escalated', staffIds: due.to }, ...this.cardsUpdate(updated)],
        sends: [],
        escalations: [{ job: { ...job, step: due.step + 1 }, after: new Date(now.getTime() + school.file.alerts.safeguarding_ack_minutes * 60_000) }],
      };
      await this.enqueue(tx, pending);
      return { to: due.to, pending };
    });
    this.wake(result.pending);
    return { escalatedTo: result.to };
  }

  /** A concern's whole record as JSON, for the school's safeguarding system (safeguarding leads only). */
  async safeguardingRecord(caseId: string, caller: StaffCaller): Promise<Record<string, unknown>> {
    const who = this.staff(caller);
    const may = canExportSafeguarding(who.school, who.actor, caseId);
    if (!may.ok) throw may.error;
    const detail = await this.getCase(caseId, caller);
    if (detail.kind !== 'enquiry' || detail.topic !== 'safeguarding') throw new SchoolgateError('INPUT_INVALID', `Case ${caseId} is not a safeguarding concern.`);
    return {
      format: 'schoolgate.safeguarding-record/1',
      exportedAt: this.clock.now().toISOString(),
      exportedBy: who.member.id,
      school: detail.schoolId,
      case: { id: detail.id, state: detail.state, urgency: detail.urgency, assignee: detail.assignee, parent: detail.parent },
      message: detail.message,
      concern: detail.reasons.filter((r) => r.kind !== 'flag'),
      safeguarding: detail.safeguarding,
      replies: detail.replies,
      audit: detail.audit,
    };
  }

  // ---- shared steps ----

  private staff(caller: StaffCaller): ResolvedStaff {
    if (caller?.kind !== 'staff') throw new SchoolgateError('FORBIDDEN', 'Only a member of staff can do this.');
    return resolveStaff(this.deps.schools, caller);
  }

  /** Load a case of the caller's school, run `step`, store its audit events and alerts, in one transaction. */
  private async onCase(
    caseId: string,
    caller: StaffCaller,
    guard: Guard,
    step: (tx: Tx, who: ResolvedStaff, row: CaseRow, now: Date) => Promise<{ updated: CaseRow; audit: AuditEvent[]; alerts: AlertJob[] }>,
  ): Promise<CaseMoved> {
    const who = this.staff(caller);
    const result = await this.deps.store.transaction(async (tx) => {
      const row = await findCase(tx, caseId, who.school.id);
      checkVersion('Case', row.id, row.version, guard.expectedVersion);
      const out = await step(tx, who, row, this.clock.now());
      const pending: Pending = { alerts: [...out.alerts, ...this.cardsUpdate(out.updated)], sends: [] };
      await insertAudit(tx, row.schoolId, out.audit, who.via);
      await this.enqueue(tx, pending);
      return { row: out.updated, pending };
    });
    this.wake(result.pending);
    return moved(result.row);
  }

  private async replyAndCase(tx: Tx, replyId: string, schoolId: string, guard: Guard): Promise<{ reply: ReplyRow; row: CaseRow }> {
    const reply = await findReply(tx, replyId, schoolId);
    checkVersion('Reply', reply.id, reply.version, guard.expectedVersion);
    const row = await findCase(tx, reply.caseId, schoolId);
    return { reply, row };
  }

  /** One outbox row per attempt, keyed `<replyId>:<attempt>` (unique), and its send job, in the caller's transaction. */
  private async queueSend(tx: Tx, row: CaseRow, reply: ReplyRow, body: string, now: Date, pending: Pending): Promise<string> {
    const message = await findMessage(tx, row.messageId, row.schoolId);
    const id = this.ids.next('outbox');
    const key = `${reply.id}:${reply.attempt}`;
    const inserted = await tx
      .insert(outbox)
      .values({
        id,
        schoolId: row.schoolId,
        kind: 'reply',
        replyId: reply.id,
        messageId: message.id,
        channel: message.channel,
        toAddress: message.fromAddress,
        body,
        state: 'pending',
        idempotencyKey: key,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id });
    if (!inserted.length) throw new SchoolgateError('CONFLICT', `Attempt ${reply.attempt} of reply ${reply.id} is already in the outbox: it will not be sent twice.`);
    pending.sends.push({ schoolId: row.schoolId, outboxId: id });
    return id;
  }

  private async applyDelivery(tx: Tx, reply: ReplyRow, event: DeliveryEvent, data: Record<string, unknown>, pending: Pending): Promise<ReplyRow> {
    const now = this.clock.now();
    const r = deliveryAction({ actor: SYSTEM, now, reply: replyFacts(reply), event, data });
    if (!r.ok) throw r.error;
    const updated = await updateReply(tx, reply, { state: r.value.replyTo }, now);
    await insertAudit(tx, reply.schoolId, r.value.audit, null);
    if (r.value.replyTo === 'failed') {
      const row = await findCase(tx, reply.caseId, reply.schoolId);
      const school = this.deps.schools.get(reply.schoolId);
      const staffIds = [...new Set([reply.authorStaffId, ...(reply.approvedBy ? [reply.approvedBy] : []), ...(school ? staffWith(school, APPROVER_ROLES) : [])])];
      pending.alerts.push({ schoolId: reply.schoolId, caseId: row.id, kind: row.kind, urgent: true, reason: 'reply_failed', replyId: reply.id, staffIds }, ...this.cardsUpdate(row));
    } else if (r.value.replyTo === 'delivered' && this.hasAlertSurface(reply.schoolId)) {
      // Only the outcome changes a card; each step of sending would be noise.
      pending.alerts.push(...this.cardsUpdate(await findCase(tx, reply.caseId, reply.schoolId)));
    }
    return updated;
  }

  private hasAlertSurface(schoolId: string): boolean {
    const alerts = this.deps.schools.get(schoolId)?.file.alerts;
    return !!(alerts?.teams || alerts?.slack);
  }

  /**
   * The `updated` alert a case change needs, in the transaction of the change: it brings every card already posted
   * about the case up to date, so nobody acts on a stale one. Nothing for a school with no staff surface on.
   */
  private cardsUpdate(row: Pick<CaseRow, 'id' | 'schoolId' | 'kind' | 'urgency'>): AlertJob[] {
    if (!this.hasAlertSurface(row.schoolId)) return [];
    return [{ schoolId: row.schoolId, caseId: row.id, kind: row.kind as AlertJob['kind'], urgent: row.urgency === 'urgent', reason: 'updated', staffIds: [] }];
  }

  private async enqueue(tx: Tx, pending: Pending): Promise<void> {
    const exec = sqlExecutor(tx);
    if (pending.alerts.length) await this.deps.queue.enqueue<AlertJob>('alert', pending.alerts.map((data) => ({ data })), { tx: exec });
    if (pending.sends.length)
      await this.deps.queue.enqueue<OutboxJobData>('send', pending.sends.map((data) => ({ data, singletonKey: `send:${data.outboxId}` })), { tx: exec });
    if (pending.escalations?.length)
      await this.deps.queue.enqueue<EscalationJob>(
        'escalate',
        pending.escalations.map((e) => ({ data: e.job, startAfter: e.after, singletonKey: `escalate:${e.job.caseId}:${e.job.step}` })),
        { tx: exec },
      );
  }

  /** After commit: tell local workers to look now rather than at their next poll. */
  private wake(pending: Pending): void {
    if (pending.alerts.length) this.deps.queue.wake('alert');
    if (pending.sends.length) this.deps.queue.wake('send');
  }
}

async function isCurrentAttempt(tx: Tx, outboxId: string, reply: ReplyRow): Promise<boolean> {
  const [row] = await tx.select({ key: outbox.idempotencyKey }).from(outbox).where(eq(outbox.id, outboxId)).limit(1);
  return row?.key === `${reply.id}:${reply.attempt}`;
}

function opened(caseId: string, at: Date, actor: AuditEvent['actor'], data: Record<string, unknown>): AuditEvent {
  return { action: 'case.opened', entityType: 'case', entityId: caseId, actor, at, data };
}

function moved(row: CaseRow): CaseMoved {
  return { caseId: row.id, state: row.state, version: row.version, assigneeId: row.assigneeStaffId };
}

/** The reviewer role a review's assignee holds it under: the head teacher's, else senior reviewer. */
function reviewerRole(s: StaffMember): string {
  return s.roles.includes('head_teacher') ? 'head_teacher' : (REVIEWER_ROLES.find((r) => s.roles.includes(r)) ?? s.roles[0] ?? 'senior_reviewer');
}

function staffWith(school: School, roles: Parameters<typeof hasRole>[1]): string[] {
  return [...school.staffById.values()].filter((s) => hasRole(s, roles)).map((s) => s.id);
}
