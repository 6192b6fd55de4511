import { safeguardingOf } from './safeguarding';
import { and, asc, desc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { School } from '../config/load-school';
import type { StaffMember } from '../config/school-schema';
import type { Flag, Role, Topic, Urgency } from '../domain/taxonomy';
import type { Route } from '../domain/triage';
import { SchoolgateError } from '../errors';
import { type JobQueue, QUEUES, type QueueName } from '../queue/queue';
import type { Db } from '../store/open';
import { auditEvents, cases, incidents, managedContacts, messages, replies, triageResults } from '../store/schema';
import { type ResolvedStaff, resolveStaff } from './callers';
import { decodeCursor, encodeCursor, scanPage, SerialKey, TimeIdKey } from './paging';
import { APPROVER_ROLES, canSeeEnquiry, canSeeReview, eligibleReviewers, hasRole, REVIEWER_ROLES, SAFEGUARDING_ROLES } from './permissions';
import {
  type CaseRow,
  caseDetails,
  caseFacts,
  findCase,
  findMessage,
  findTriage,
  type IncidentRow,
  latestSends,
  type ManagedContactRow,
  type OutboxRow,
  parentRefs,
  type ReplyRow,
  TriageReasons,
} from './repository';
import type { IncidentResponse } from './review';
import type {
  AuditFilters,
  AuditView,
  CaseDetail,
  CaseFilters,
  CaseSummary,
  FailedJobView,
  IncidentView,
  ManagedContactView,
  MessageDetail,
  MessageFilters,
  MessageView,
  Page,
  PageRequest,
  ParentRef,
  ReplyView,
  Viewer,
} from './views';

/**
 * Who may read what, beyond cases (whose rules are in permissions.ts):
 * - the message log: the people who oversee the inbox (office, head, senior reviewers, DSL and deputy); a
 *   message whose flagged words name the reader is withheld from them while another reviewer can handle it;
 * - incidents and the audit log: senior reviewers and the head teacher;
 * - failed jobs: the office and the head teacher (they retry sends);
 * - the operator (the deployment's API token) reads everything, in every school.
 */
export const MESSAGE_READER_ROLES: readonly Role[] = ['office', 'head_teacher', 'senior_reviewer', 'dsl', 'deputy_dsl'];
export const OVERSIGHT_ROLES: readonly Role[] = REVIEWER_ROLES;
export const JOB_READER_ROLES: readonly Role[] = APPROVER_ROLES;

type Reader = { kind: 'operator' } | { kind: 'staff'; who: ResolvedStaff };

const iso = (pg: string): string => new Date(pg).toISOString();
const isoOrNull = (pg: string | null): string | null => (pg === null ? null : iso(pg));

interface MessagePart {
  id: string;
  from: string;
  body: string;
  receivedAt: string;
  channel: 'sms' | 'teams';
}

/** The read side of the workflow: lists and details, scoped to the reader's school and shaped to what they may see. */
export class WorkflowReads {
  constructor(private readonly deps: { db: Db; schools: ReadonlyMap<string, School>; queue: Pick<JobQueue, 'failedJobs'> }) {}

  private reader(viewer: Viewer): Reader {
    if (viewer?.kind === 'operator') return { kind: 'operator' };
    if (viewer?.kind === 'staff') return { kind: 'staff', who: resolveStaff(this.deps.schools, viewer) };
    throw new SchoolgateError('FORBIDDEN', 'Only a member of staff or the operator can read this.');
  }

  private requireRole(r: Reader, roles: readonly Role[], what: string): void {
    if (r.kind === 'operator' || hasRole(r.who.member, roles)) return;
    throw new SchoolgateError(
      'FORBIDDEN',
      `${r.who.member.name} cannot read ${what}: it needs the role ${roles.map((x) => `"${x}"`).join(' or ')}.`,
    );
  }

  /** The school the reader is confined to (null: every school), combined with a requested school filter. */
  private schoolScope(r: Reader): string | null {
    return r.kind === 'staff' ? r.who.school.id : null;
  }

  // ---- cases ----

  private canSee(r: Reader, row: CaseRow) {
    if (r.kind === 'operator') return { ok: true as const };
    const facts = caseFacts(row);
    return row.kind === 'review' ? canSeeReview(r.who.school, r.who.actor, facts) : canSeeEnquiry(r.who.school, r.who.actor, facts);
  }

  /** Flags (and flag evidence) of an enquiry are for those who may see its review; everyone sees a review's own. */
  private seesFlags(r: Reader, row: CaseRow): boolean {
    if (r.kind === 'operator' || row.kind === 'review') return true;
    return seesReviewOf(r.who, caseDetails(row).namedInEvidence);
  }

  private summary(r: Reader, row: CaseRow, m: MessagePart, parents: Map<string, ParentRef>): CaseSummary {
    const school = this.deps.schools.get(row.schoolId);
    const enquiry = row.kind === 'enquiry';
    const forwarded = enquiry ? (row.forwardedBody ?? m.body) : null;
    const body = enquiry && r.kind === 'staff' ? (forwarded ?? m.body) : m.body;
    const seesFlags = this.seesFlags(r, row);
    return {
      id: row.id,
      schoolId: row.schoolId,
      kind: row.kind,
      state: row.state,
      flags: seesFlags ? (row.flags as Flag[]) : [],
      topic: row.topic as Topic,
      urgency: row.urgency as Urgency,
      assignee: row.assigneeStaffId
        ? { staffId: row.assigneeStaffId, role: (row.assigneeRole as Role | null) ?? null, name: school?.staffById.get(row.assigneeStaffId)?.name ?? null }
        : null,
      parent: row.parentId ? (parents.get(row.parentId) ?? null) : null,
      message: { id: m.id, from: m.from, body, redacted: body !== m.body, receivedAt: iso(m.receivedAt), channel: m.channel },
      forwardedText: forwarded,
      reviewCaseId: seesFlags ? row.parentCaseId : null,
      version: row.version,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      closedAt: isoOrNull(row.closedAt),
    };
  }

  async listCases(viewer: Viewer, filters: CaseFilters, page: PageRequest): Promise<Page<CaseSummary>> {
    const r = this.reader(viewer);
    const conds: (SQL | undefined)[] = [];
    const scope = this.schoolScope(r);
    if (scope) conds.push(eq(cases.schoolId, scope));
    if (r.kind === 'staff') conds.push(staffCaseScope(r.who.member));
    if (filters.school) conds.push(eq(cases.schoolId, filters.school));
    if (filters.state) conds.push(eq(cases.state, filters.state));
    if (filters.kind) conds.push(eq(cases.kind, filters.kind));
    if (filters.assignee) conds.push(eq(cases.assigneeStaffId, filters.assignee));
    if (filters.urgency) conds.push(eq(cases.urgency, filters.urgency));
    const message = { id: messages.id, from: messages.fromAddress, body: messages.body, receivedAt: messages.receivedAt, channel: messages.channel };
    const { items, next } = await scanPage({
      fetch: (after: TimeIdKey | null, n) =>
        this.deps.db
          .select({ c: cases, m: message })
          .from(cases)
          .innerJoin(messages, eq(messages.id, cases.messageId))
          .where(and(...conds, after ? sql`(${cases.createdAt}, ${cases.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
          .orderBy(desc(cases.createdAt), desc(cases.id))
          .limit(n),
      keep: r.kind === 'staff' ? (row) => this.canSee(r, row.c).ok : undefined,
      keyOf: (row): TimeIdKey => [row.c.createdAt, row.c.id],
      limit: page.limit,
      after: decodeCursor(TimeIdKey, page.cursor),
    });
    const parents = await parentRefs(this.deps.db, items.map((x) => x.c.parentId));
    return { items: items.map((x) => this.summary(r, x.c, x.m, parents)), nextCursor: next ? encodeCursor(next) : null };
  }

  async getCase(caseId: string, viewer: Viewer): Promise<CaseDetail> {
    const r = this.reader(viewer);
    const db = this.deps.db;
    const row = await findCase(db, caseId, this.schoolScope(r));
    const allowed = this.canSee(r, row);
    if (!allowed.ok) throw allowed.error;
    const [msg, triage, replyRows, parents] = await Promise.all([
      findMessage(db, row.messageId, row.schoolId),
      findTriage(db, row.messageId),
      db.select().from(replies).where(and(eq(replies.caseId, row.id), eq(replies.schoolId, row.schoolId))).orderBy(asc(replies.createdAt), asc(replies.id)),
      parentRefs(db, [row.parentId]),
    ]);
    const sends = await latestSends(db, replyRows.map((x) => x.id));
    const seesFlags = this.seesFlags(r, row);
    const details = caseDetails(row);
    const incidentRow = row.kind === 'review' ? ((await db.select().from(incidents).where(eq(incidents.caseId, row.id)).limit(1))[0] ?? null) : null;
    const mcs = incidentRow ? await db.select().from(managedContacts).where(eq(managedContacts.incidentId, incidentRow.id)) : [];
    const mcParents = await parentRefs(db, mcs.map((m) => m.parentId));

    const entities: SQL[] = [and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, row.id))!];
    if (replyRows.length) entities.push(and(eq(auditEvents.entityType, 'reply'), inArray(auditEvents.entityId, replyRows.map((x) => x.id)))!);
    if (incidentRow) entities.push(and(eq(auditEvents.entityType, 'incident'), eq(auditEvents.entityId, incidentRow.id))!);
    if (mcs.length) entities.push(and(eq(auditEvents.entityType, 'managed_contact'), inArray(auditEvents.entityId, mcs.map((m) => m.id)))!);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, row.schoolId), or(...entities))).orderBy(asc(auditEvents.id));

    const reasons = TriageReasons.parse(triage?.reasons ?? []);
    const message: MessagePart = { id: msg.id, from: msg.fromAddress, body: msg.body, receivedAt: msg.receivedAt, channel: msg.channel };
    return {
      ...this.summary(r, row, message, parents),
      why: details.why,
      reasons: seesFlags ? reasons : reasons.filter((x) => x.kind !== 'flag'),
      namedInEvidence: row.kind === 'review' ? details.namedInEvidence : [],
      heldEnquiry: details.heldEnquiry ? { role: details.heldEnquiry.role, staffId: details.heldEnquiry.staffId } : null,
      releasedCaseId: details.releasedCaseId,
      replies: replyRows.map((x) => replyView(x, sends.get(x.id))),
      incident: incidentRow ? incidentView(incidentRow, { id: msg.id, from: msg.fromAddress }, parents, mcs[0] ?? null, mcParents) : null,
      audit: audit.map(auditView),
      safeguarding: row.kind === 'enquiry' && row.topic === 'safeguarding' ? safeguardingOf(row) : null,
    };
  }

  async replyView(row: ReplyRow): Promise<ReplyView> {
    const sends = await latestSends(this.deps.db, [row.id]);
    return replyView(row, sends.get(row.id));
  }

  // ---- incidents ----

  async listIncidents(viewer: Viewer, filters: { school?: string }, page: PageRequest): Promise<Page<IncidentView>> {
    const r = this.reader(viewer);
    this.requireRole(r, OVERSIGHT_ROLES, 'incidents');
    const scope = this.schoolScope(r);
    const conds = [scope ? eq(incidents.schoolId, scope) : undefined, filters.school ? eq(incidents.schoolId, filters.school) : undefined];
    const { items, next } = await scanPage({
      fetch: (after: TimeIdKey | null, n) =>
        this.deps.db
          .select({ i: incidents, c: cases, m: { id: messages.id, from: messages.fromAddress } })
          .from(incidents)
          .innerJoin(cases, eq(cases.id, incidents.caseId))
          .innerJoin(messages, eq(messages.id, cases.messageId))
          .where(and(...conds, after ? sql`(${incidents.createdAt}, ${incidents.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
          .orderBy(desc(incidents.createdAt), desc(incidents.id))
          .limit(n),
      // A reviewer the abuse was aimed at does not see its incident while another reviewer can.
      keep: r.kind === 'staff' ? (row) => this.canSee(r, row.c).ok : undefined,
      keyOf: (row): TimeIdKey => [row.i.createdAt, row.i.id],
      limit: page.limit,
      after: decodeCursor(TimeIdKey, page.cursor),
    });
    const ids = items.map((x) => x.i.id);
    const mcs = ids.length ? await this.deps.db.select().from(managedContacts).where(inArray(managedContacts.incidentId, ids)) : [];
    const parents = await parentRefs(this.deps.db, [...items.map((x) => x.i.parentId), ...mcs.map((m) => m.parentId)]);
    return {
      items: items.map((x) => incidentView(x.i, x.m, parents, mcs.find((m) => m.incidentId === x.i.id) ?? null, parents)),
      nextCursor: next ? encodeCursor(next) : null,
    };
  }

  // ---- messages ----

  private withheld(r: Reader, named: unknown): boolean {
    if (r.kind === 'operator' || !Array.isArray(named)) return false;
    if (!named.includes(r.who.member.id)) return false;
    return !seesReviewOf(r.who, named as string[]);
  }

  async listMessages(viewer: Viewer, filters: MessageFilters, page: PageRequest): Promise<Page<MessageView>> {
    const r = this.reader(viewer);
    this.requireRole(r, MESSAGE_READER_ROLES, 'the message log');
    const scope = this.schoolScope(r);
    const conds = [
      scope ? eq(messages.schoolId, scope) : undefined,
      filters.school ? eq(messages.schoolId, filters.school) : undefined,
      filters.status ? eq(messages.status, filters.status as 'received') : undefined,
      filters.from ? eq(messages.fromAddress, filters.from) : undefined,
    ];
    const { items, next } = await scanPage({
      fetch: (after: TimeIdKey | null, n) =>
        this.messageQuery()
          .where(and(...conds, after ? sql`(${messages.receivedAt}, ${messages.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
          .orderBy(desc(messages.receivedAt), desc(messages.id))
          .limit(n),
      keyOf: (row): TimeIdKey => [row.m.receivedAt, row.m.id],
      limit: page.limit,
      after: decodeCursor(TimeIdKey, page.cursor),
    });
    const parents = await parentRefs(this.deps.db, items.map((x) => x.m.parentId));
    return { items: items.map((x) => this.messageView(r, x, parents)), nextCursor: next ? encodeCursor(next) : null };
  }

  async getMessage(messageId: string, viewer: Viewer): Promise<MessageDetail> {
    const r = this.reader(viewer);
    this.requireRole(r, MESSAGE_READER_ROLES, 'the message log');
    const scope = this.schoolScope(r);
    const [row] = await this.messageQuery()
      .where(and(eq(messages.id, messageId), scope ? eq(messages.schoolId, scope) : undefined))
      .limit(1);
    if (!row) throw new SchoolgateError('NOT_FOUND', `No message has id ${messageId}.`);
    const parents = await parentRefs(this.deps.db, [row.m.parentId]);
    const view = this.messageView(r, row, parents);
    const caseRows = await this.deps.db
      .select({ id: cases.id, kind: cases.kind, state: cases.state })
      .from(cases)
      .where(and(eq(cases.messageId, row.m.id), eq(cases.schoolId, row.m.schoolId)))
      .orderBy(asc(cases.createdAt), asc(cases.id));
    const reasons = view.withheld ? null : TriageReasons.parse(row.t?.reasons ?? []);
    return { ...view, reasons, cases: caseRows };
  }

  private messageQuery() {
    const named = sql<unknown>`(select ${cases.details}->'namedInEvidence' from ${cases} where ${cases.messageId} = ${messages.id} and ${cases.kind} = 'review' limit 1)`;
    return this.deps.db
      .select({
        m: messages,
        t: { flags: triageResults.flags, topic: triageResults.topic, urgency: triageResults.urgency, route: triageResults.route, fellBack: triageResults.fellBack, reasons: triageResults.reasons },
        named,
      })
      .from(messages)
      .leftJoin(triageResults, eq(triageResults.messageId, messages.id))
      .$dynamic();
  }

  private messageView(
    r: Reader,
    row: { m: typeof messages.$inferSelect; t: { flags: unknown; topic: string; urgency: string; route: unknown; fellBack: boolean; reasons: unknown } | null; named: unknown },
    parents: Map<string, ParentRef>,
  ): MessageView {
    const withheld = this.withheld(r, row.named);
    return {
      id: row.m.id,
      schoolId: row.m.schoolId,
      direction: row.m.direction,
      channel: row.m.channel,
      from: row.m.fromAddress,
      to: row.m.toAddress,
      body: withheld ? null : row.m.body,
      withheld,
      receivedAt: iso(row.m.receivedAt),
      status: row.m.status,
      parent: row.m.parentId ? (parents.get(row.m.parentId) ?? null) : null,
      triage: row.t
        ? { flags: row.t.flags as Flag[], topic: row.t.topic as Topic, urgency: row.t.urgency as Urgency, route: (row.t.route as Route | null) ?? null, fellBack: row.t.fellBack }
        : null,
    };
  }

  // ---- audit and jobs ----

  async listAudit(viewer: Viewer, filters: AuditFilters, page: PageRequest): Promise<Page<AuditView>> {
    const r = this.reader(viewer);
    this.requireRole(r, OVERSIGHT_ROLES, 'the audit log');
    const scope = this.schoolScope(r);
    const conds = [
      scope ? eq(auditEvents.schoolId, scope) : undefined,
      filters.school ? eq(auditEvents.schoolId, filters.school) : undefined,
      filters.entityType ? eq(auditEvents.entityType, filters.entityType) : undefined,
      filters.entityId ? eq(auditEvents.entityId, filters.entityId) : undefined,
    ];
    const { items, next } = await scanPage({
      fetch: (after: [number] | null, n) =>
        this.deps.db
          .select()
          .from(auditEvents)
          .where(and(...conds, after ? sql`${auditEvents.id} < ${after[0]}` : undefined))
          .orderBy(desc(auditEvents.id))
          .limit(n),
      keyOf: (row): [number] => [row.id],
      limit: page.limit,
      after: decodeCursor(SerialKey, page.cursor),
    });
    return { items: items.map(auditView), nextCursor: next ? encodeCursor(next) : null };
  }

  /** Jobs that used up their retries (kept, never dropped). Staff see their own school's. */
  async failedJobs(viewer: Viewer, options: { queue?: string; limit: number }): Promise<FailedJobView[]> {
    const r = this.reader(viewer);
    this.requireRole(r, JOB_READER_ROLES, 'failed jobs');
    if (options.queue !== undefined && !(options.queue in QUEUES))
      throw new SchoolgateError('INPUT_INVALID', `queue must be one of: ${Object.keys(QUEUES).join(', ')}.`);
    const queue = options.queue as QueueName | undefined;
    if (r.kind === 'operator') return this.deps.queue.failedJobs({ queue, limit: options.limit });
    // The queue is shared by every school; each job names its school in its data.
    const all = await this.deps.queue.failedJobs({ queue, limit: 500 });
    const mine = r.who.school.id;
    return all.filter((j) => (j.data as { schoolId?: unknown } | null)?.schoolId === mine).slice(0, options.limit);
  }
}

/** Whether a staff member may see the review of a message whose flagged words name `named`. */
function seesReviewOf(who: ResolvedStaff, named: readonly string[]): boolean {
  return hasRole(who.member, REVIEWER_ROLES) && eligibleReviewers(who.school, named).some((s) => s.id === who.member.id);
}

/**
 * The cases a member of staff may possibly see, in SQL (a superset: reviews are then checked against the named
 * staff by canSeeReview). Mirrors permissions.ts: reviews for reviewers; enquiries for their assignee, for the
 * role they were routed to, for the office and the head; safeguarding only for the safeguarding roles.
 */
function staffCaseScope(me: StaffMember): SQL {
  const parts: SQL[] = [];
  if (hasRole(me, REVIEWER_ROLES)) parts.push(eq(cases.kind, 'review'));
  const enquiry: SQL[] = [eq(cases.assigneeStaffId, me.id)];
  if (hasRole(me, SAFEGUARDING_ROLES)) enquiry.push(eq(cases.topic, 'safeguarding'));
  enquiry.push(
    hasRole(me, ['office', 'head_teacher'])
      ? ne(cases.topic, 'safeguarding')
      : and(ne(cases.topic, 'safeguarding'), inArray(cases.assigneeRole, [...me.roles]))!,
  );
  parts.push(and(eq(cases.kind, 'enquiry'), or(...enquiry))!);
  return or(...parts)!;
}

function replyView(row: ReplyRow, send: OutboxRow | undefined): ReplyView {
  return {
    id: row.id,
    caseId: row.caseId,
    state: row.state,
    authorId: row.authorStaffId,
    body: row.body,
    approvedBody: row.approvedBody,
    attempt: row.attempt,
    approvedBy: row.approvedBy,
    approvedAt: isoOrNull(row.approvedAt),
    rejectedReason: row.rejectedReason,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    delivery: send
      ? {
          outboxId: send.id,
          state: send.state,
          attempt: Number(send.idempotencyKey.split(':').pop()) || row.attempt,
          lastError: send.lastError,
          errorCode: send.errorCode,
          sentAt: isoOrNull(send.sentAt),
          deliveredAt: isoOrNull(send.deliveredAt),
        }
      : null,
  };
}

function managedContactView(m: ManagedContactRow, parents: Map<string, ParentRef>): ManagedContactView {
  return {
    id: m.id,
    parentId: parents.get(m.parentId)?.id ?? m.parentId,
    designatedStaffId: m.designatedStaffId,
    allowedTopics: m.allowedTopics as Topic[],
    reviewDate: m.reviewDate,
    source: m.source,
    active: m.active,
  };
}

function incidentView(
  i: IncidentRow,
  m: { id: string; from: string },
  parents: Map<string, ParentRef>,
  mc: ManagedContactRow | null,
  mcParents: Map<string, ParentRef>,
): IncidentView {
  return {
    id: i.id,
    schoolId: i.schoolId,
    caseId: i.caseId,
    messageId: m.id,
    parent: i.parentId ? (parents.get(i.parentId) ?? null) : null,
    sender: m.from,
    flags: i.flags as Flag[],
    clauses: i.clauses as string[],
    responses: i.responses as IncidentResponse[],
    managedContact: mc ? managedContactView(mc, mcParents) : null,
    decidedBy: i.decidedBy,
    reason: i.reason,
    createdAt: iso(i.createdAt),
  };
}

function auditView(a: typeof auditEvents.$inferSelect): AuditView {
  return {
    id: String(a.id),
    schoolId: a.schoolId,
    at: iso(a.at),
    actor: a.actor,
    action: a.action,
    entityType: a.entityType,
    entityId: a.entityId,
    data: a.data as Record<string, unknown>,
  };
}
