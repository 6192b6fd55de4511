import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { Role, Topic } from '../domain/taxonomy';
import { Reason } from '../domain/triage';
import { SchoolgateError } from '../errors';
import type { DbOrTx } from '../store/open';
import { auditEvents, cases, type incidents, managedContacts, messages, outbox, parents, replies, triageResults } from '../store/schema';
import { actorRef } from './actor';
import type { AuditEvent } from './audit';
import type { CaseFacts } from './permissions';
import type { ReplyFacts } from './actions';

/**
 * Rows of the workflow's tables and the few writes every action shares: updates guarded by the row's version
 * (optimistic concurrency) and the audit trail. Every read takes the school it is scoped to (null only for the
 * deployment's operator), so no query forgets whose data it is.
 */

export type CaseRow = typeof cases.$inferSelect;
export type ReplyRow = typeof replies.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type ManagedContactRow = typeof managedContacts.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

/** What `cases.details` holds. Read leniently (defaults), so older rows stay readable as it grows. */
export const CaseDetails = z.object({
  /** Staff named in the flagged sentences: the people the abuse was aimed at. */
  namedInEvidence: z.array(z.string()).default([]),
  /** Review: who may decide it. */
  reviewerIds: z.array(z.string()).default([]),
  /** Review: the enquiry routed from the same message, held until the decision releases it. */
  heldEnquiry: z.object({ role: Role, staffId: z.string(), why: z.string() }).nullable().default(null),
  /** Review: the enquiry its decision released. */
  releasedCaseId: z.string().nullable().default(null),
  /** Why the case went where it did. */
  why: z.string().nullable().default(null),
});
export type CaseDetails = z.infer<typeof CaseDetails>;

export const caseDetails = (row: CaseRow): CaseDetails => CaseDetails.parse(row.details ?? {});

export function caseFacts(row: CaseRow): CaseFacts {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    topic: Topic.parse(row.topic),
    assigneeId: row.assigneeStaffId,
    routedRole: row.kind === 'enquiry' ? (Role.safeParse(row.assigneeRole).data ?? null) : null,
    namedInEvidence: caseDetails(row).namedInEvidence,
  };
}

export function replyFacts(row: ReplyRow): ReplyFacts {
  return { id: row.id, caseId: row.caseId, state: row.state, authorId: row.authorStaffId, body: row.body, attempt: row.attempt };
}

export const TriageReasons = z.array(Reason);

const scoped = (column: AnyPgColumn, schoolId: string | null) => (schoolId === null ? undefined : eq(column, schoolId));

const notFound = (what: string, id: string) => new SchoolgateError('NOT_FOUND', `No ${what} has id ${id}.`);

export async function findCase(db: DbOrTx, id: string, schoolId: string | null, opts: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  const q = db.select().from(cases).where(and(eq(cases.id, id), scoped(cases.schoolId, schoolId))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('case', id);
  return row;
}

export async function findReply(db: DbOrTx, id: string, schoolId: string | null, opts: { forUpdate?: boolean } = {}): Promise<ReplyRow> {
  const q = db.select().from(replies).where(and(eq(replies.id, id), scoped(replies.schoolId, schoolId))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('reply', id);
  return row;
}

export async function findMessage(db: DbOrTx, id: string, schoolId: string | null): Promise<MessageRow> {
  const [row] = await db.select().from(messages).where(and(eq(messages.id, id), scoped(messages.schoolId, schoolId))).limit(1);
  if (!row) throw notFound('message', id);
  return row;
}

export async function findTriage(db: DbOrTx, messageId: string) {
  const [row] = await db.select().from(triageResults).where(eq(triageResults.messageId, messageId)).limit(1);
  return row ?? null;
}

const stale = (what: string, id: string, version: number) =>
  new SchoolgateError('CONFLICT', `${what} ${id} was changed by someone else (it is no longer at version ${version}): reload it and try again.`, {
    id,
    version,
  });

/** Refuse a change made from an out-of-date view of the entity. */
export function checkVersion(what: string, id: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw stale(what, id, expected);
}

type CaseSet = Partial<Pick<CaseRow, 'state' | 'assigneeStaffId' | 'assigneeRole' | 'closedAt' | 'details'>>;
type ReplySet = Partial<Pick<ReplyRow, 'state' | 'approvedBody' | 'approvedBy' | 'approvedAt' | 'rejectedReason' | 'attempt'>>;

/** Update a case only if nobody changed it since `row` was read; CONFLICT otherwise. */
export async function updateCase(tx: DbOrTx, row: CaseRow, set: CaseSet, now: Date): Promise<CaseRow> {
  const [updated] = await tx
    .update(cases)
    .set({ ...set, version: row.version + 1, updatedAt: now.toISOString() })
    .where(and(eq(cases.id, row.id), eq(cases.schoolId, row.schoolId), eq(cases.version, row.version)))
    .returning();
  if (!updated) throw stale('Case', row.id, row.version);
  return updated;
}

export async function updateReply(tx: DbOrTx, row: ReplyRow, set: ReplySet, now: Date): Promise<ReplyRow> {
  const [updated] = await tx
    .update(replies)
    .set({ ...set, version: row.version + 1, updatedAt: now.toISOString() })
    .where(and(eq(replies.id, row.id), eq(replies.schoolId, row.schoolId), eq(replies.version, row.version)))
    .returning();
  if (!updated) throw stale('Reply', row.id, row.version);
  return updated;
}

/** Store audit events (one per transition) in the caller's transaction. */
export async function insertAudit(tx: DbOrTx, schoolId: string, events: readonly AuditEvent[], via: string | null): Promise<void> {
  if (!events.length) return;
  await tx.insert(auditEvents).values(
    events.map((e) => ({
      schoolId,
      at: e.at.toISOString(),
      actor: actorRef(e.actor),
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      data: via ? { ...e.data, via } : e.data,
    })),
  );
}

/** Parents by their database id → the id and name staff know them by. */
export async function parentRefs(db: DbOrTx, ids: readonly (string | null)[]): Promise<Map<string, { id: string; name: string }>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ dbId: parents.id, id: parents.externalId, name: parents.name }).from(parents).where(inArray(parents.id, wanted));
  return new Map(rows.map((r) => [r.dbId, { id: r.id, name: r.name }]));
}

export async function parentDbId(db: DbOrTx, schoolId: string, externalId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: parents.id })
    .from(parents)
    .where(and(eq(parents.schoolId, schoolId), eq(parents.externalId, externalId)))
    .limit(1);
  return row?.id ?? null;
}

/** The newest outbox row of each reply: its latest send attempt. */
export async function latestSends(db: DbOrTx, replyIds: readonly string[]): Promise<Map<string, OutboxRow>> {
  if (!replyIds.length) return new Map();
  const rows = await db.select().from(outbox).where(inArray(outbox.replyId, [...replyIds])).orderBy(asc(outbox.createdAt), asc(outbox.id));
  const out = new Map<string, OutboxRow>();
  for (const r of rows) if (r.replyId) out.set(r.replyId, r);
  return out;
}

/**
 * The managed-contact arrangement in force for a parent (database id): the newest active one, whether it came
 * from the school file or from a reviewer's decision. Null when there is none.
 */
export async function activeManagedContact(db: DbOrTx, schoolId: string, parentId: string): Promise<ManagedContactRow | null> {
  const [row] = await db
    .select()
    .from(managedContacts)
    .where(and(eq(managedContacts.schoolId, schoolId), eq(managedContacts.parentId, parentId), eq(managedContacts.active, true)))
    .orderBy(desc(managedContacts.createdAt), desc(managedContacts.id))
    .limit(1);
  return row ?? null;
}
