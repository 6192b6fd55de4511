import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { School } from '../config/load-school';
import type { Flag, Topic, Urgency } from '../domain/taxonomy';
import { SchoolgateError } from '../errors';
import type { Db } from '../store/open';
import { cases, children, incidents, managedContacts, messages, outbox, parentAddresses, parents, triageResults } from '../store/schema';
import { resolveStaff } from './callers';
import { decodeCursor, encodeCursor, scanPage } from './paging';
import { eligibleReviewers, hasRole, REVIEWER_ROLES } from './permissions';
import { MESSAGE_READER_ROLES, OVERSIGHT_ROLES, type WorkflowReads } from './read-model';
import type { IncidentView, ManagedContactView, Page, PageRequest, ParentDetail, ParentSummary, ParentThreadEntry, Viewer } from './views';
import { z } from 'zod';

/**
 * One parent as staff see them before a meeting: every address (SMS and Teams), their children, the whole
 * thread in both directions, managed-contact arrangements with their review dates, and (for senior reviewers and
 * the head) their incidents. Readers are the people who oversee the inbox (MESSAGE_READER_ROLES); a message whose
 * flagged words name the reader is withheld from them, as in the message log.
 */

const NameIdKey = z.tuple([z.string().max(500), z.guid()]);
const THREAD_LIMIT = 300;
const iso = (pg: string) => new Date(pg).toISOString();

export class ParentReads {
  constructor(private readonly deps: { db: Db; schools: ReadonlyMap<string, School>; reads: WorkflowReads }) {}

  /** The reader's school (null for the operator), after checking they may read parents at all. */
  private scope(viewer: Viewer): { schoolId: string | null; staff: ReturnType<typeof resolveStaff> | null } {
    if (viewer?.kind === 'operator') return { schoolId: null, staff: null };
    if (viewer?.kind !== 'staff') throw new SchoolgateError('FORBIDDEN', 'Only a member of staff or the operator can read parents.');
    const who = resolveStaff(this.deps.schools, viewer);
    if (!hasRole(who.member, MESSAGE_READER_ROLES))
      throw new SchoolgateError(
        'FORBIDDEN',
        `${who.member.name} cannot read parents' threads: it needs the role ${MESSAGE_READER_ROLES.map((r) => `"${r}"`).join(' or ')}.`,
      );
    return { schoolId: who.school.id, staff: who };
  }

  async listParents(viewer: Viewer, filters: { q?: string; school?: string }, page: PageRequest): Promise<Page<ParentSummary>> {
    const { schoolId } = this.scope(viewer);
    const q = filters.q?.trim();
    const conds: (SQL | undefined)[] = [
      schoolId ? eq(parents.schoolId, schoolId) : undefined,
      filters.school ? eq(parents.schoolId, filters.school) : undefined,
      q
        ? or(
            ilike(parents.name, `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
            sql`exists (select 1 from ${parentAddresses} where ${parentAddresses.parentId} = ${parents.id} and ${parentAddresses.address} = ${q})`,
            sql`exists (select 1 from ${children} where ${children.parentId} = ${parents.id} and ${children.name} ilike ${`%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`})`,
          )
        : undefined,
    ];
    const { items, next } = await scanPage({
      fetch: (after: [string, string] | null, n) =>
        this.deps.db
          .select()
          .from(parents)
          .where(and(...conds, after ? sql`(${parents.name}, ${parents.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined))
          .orderBy(asc(parents.name), asc(parents.id))
          .limit(n),
      keyOf: (row): [string, string] => [row.name, row.id],
      limit: page.limit,
      after: decodeCursor(NameIdKey, page.cursor),
    });
    return { items: await this.summaries(items), nextCursor: next ? encodeCursor(next) : null };
  }

  private async summaries(rows: (typeof parents.$inferSelect)[]): Promise<ParentSummary[]> {
    const ids = rows.map((r) => r.id);
    if (!ids.length) return [];
    const db = this.deps.db;
    const [addrs, kids, mcs, last] = await Promise.all([
      db.select().from(parentAddresses).where(inArray(parentAddresses.parentId, ids)).orderBy(asc(parentAddresses.channel), asc(parentAddresses.address)),
      db.select().from(children).where(inArray(children.parentId, ids)).orderBy(asc(children.name)),
      db.select().from(managedContacts).where(and(inArray(managedContacts.parentId, ids), eq(managedContacts.active, true))).orderBy(desc(managedContacts.createdAt)),
      db
        .select({ parentId: messages.parentId, at: sql<string>`max(${messages.receivedAt})` })
        .from(messages)
        .where(inArray(messages.parentId, ids))
        .groupBy(messages.parentId),
    ]);
    return rows.map((p) => {
      const mc = mcs.find((m) => m.parentId === p.id);
      const lastAt = last.find((l) => l.parentId === p.id)?.at;
      return {
        id: p.externalId,
        schoolId: p.schoolId,
        name: p.name,
        addresses: addrs.filter((a) => a.parentId === p.id).map((a) => ({ channel: a.channel, address: a.address })),
        children: kids.filter((c) => c.parentId === p.id).map((c) => ({ name: c.name, className: c.className })),
        managedContact: mc ? mcView(mc, p.externalId) : null,
        lastMessageAt: lastAt ? iso(lastAt) : null,
      };
    });
  }

  /** One parent by their school-file (or MIS) id, or by one of their addresses, with their whole thread. */
  async getParent(parentId: string, viewer: Viewer, options: { school?: string } = {}): Promise<ParentDetail> {
    const { schoolId, staff } = this.scope(viewer);
    const db = this.deps.db;
    const school = schoolId ?? options.school;
    let found = await db
      .select()
      .from(parents)
      .where(and(eq(parents.externalId, parentId), school ? eq(parents.schoolId, school) : undefined))
      .limit(2);
    // A phone number or Teams id finds its parent too (links from a message know only the sender's address).
    if (!found.length)
      found = await db
        .select({ p: parents })
        .from(parentAddresses)
        .innerJoin(parents, eq(parents.id, parentAddresses.parentId))
        .where(and(eq(parentAddresses.address, parentId), school ? eq(parentAddresses.schoolId, school) : undefined))
        .limit(2)
        .then((rows) => rows.map((r) => r.p));
    if (!found.length) throw new SchoolgateError('NOT_FOUND', `No parent has id "${parentId}"${school ? ` in ${this.deps.schools.get(school)?.name ?? school}` : ''}.`);
    if (found.length > 1) throw new SchoolgateError('INPUT_INVALID', `Parent id "${parentId}" is in more than one school: add ?school=<id>.`);
    const p = found[0]!;
    const [summary] = await this.summaries([p]);
    const addresses = summary!.addresses.map((a) => a.address);

    const inboundWhere = or(eq(messages.parentId, p.id), addresses.length ? inArray(messages.fromAddress, addresses) : undefined);
    const named = sql<unknown>`(select ${cases.details}->'namedInEvidence' from ${cases} where ${cases.messageId} = ${messages.id} and ${cases.kind} = 'review' limit 1)`;
    const [inbound, outbound, allMcs, incidentRows] = await Promise.all([
      db
        .select({ m: messages, t: { flags: triageResults.flags, topic: triageResults.topic, urgency: triageResults.urgency }, named })
        .from(messages)
        .leftJoin(triageResults, eq(triageResults.messageId, messages.id))
        .where(and(eq(messages.schoolId, p.schoolId), eq(messages.direction, 'inbound'), inboundWhere))
        .orderBy(desc(messages.receivedAt))
        .limit(THREAD_LIMIT),
      addresses.length
        ? db
            .select()
            .from(outbox)
            .where(and(eq(outbox.schoolId, p.schoolId), inArray(outbox.toAddress, addresses)))
            .orderBy(desc(outbox.createdAt))
            .limit(THREAD_LIMIT)
        : Promise.resolve([]),
      db.select().from(managedContacts).where(and(eq(managedContacts.schoolId, p.schoolId), eq(managedContacts.parentId, p.id))).orderBy(desc(managedContacts.createdAt)),
      staff && !hasRole(staff.member, OVERSIGHT_ROLES)
        ? Promise.resolve(null)
        : db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.schoolId, p.schoolId), eq(incidents.parentId, p.id))),
    ]);
    const caseRows = inbound.length
      ? await db
          .select({ id: cases.id, kind: cases.kind, state: cases.state, messageId: cases.messageId })
          .from(cases)
          .where(inArray(cases.messageId, inbound.map((r) => r.m.id)))
      : [];

    const withheld = (namedIds: unknown): boolean => {
      if (!staff || !Array.isArray(namedIds) || !namedIds.includes(staff.member.id)) return false;
      const reviewer = hasRole(staff.member, REVIEWER_ROLES) && eligibleReviewers(staff.school, namedIds as string[]).some((s) => s.id === staff.member.id);
      return !reviewer;
    };
    const thread: ParentThreadEntry[] = [
      ...inbound.map((r): ParentThreadEntry => {
        const hidden = withheld(r.named);
        return {
          direction: 'inbound',
          id: r.m.id,
          channel: r.m.channel,
          address: r.m.fromAddress,
          body: hidden ? null : r.m.body,
          withheld: hidden,
          at: iso(r.m.receivedAt),
          status: r.m.status,
          kind: 'message',
          triage: r.t ? { flags: hidden ? [] : (r.t.flags as Flag[]), topic: r.t.topic as Topic, urgency: r.t.urgency as Urgency } : null,
          cases: caseRows.filter((c) => c.messageId === r.m.id).map((c) => ({ id: c.id, kind: c.kind, state: c.state })),
        };
      }),
      ...outbound.map(
        (o): ParentThreadEntry => ({
          direction: 'outbound',
          id: o.id,
          channel: o.channel,
          address: o.toAddress,
          body: o.body,
          withheld: false,
          at: iso(o.sentAt ?? o.createdAt),
          status: o.state,
          kind: o.kind,
          triage: null,
          cases: [],
        }),
      ),
    ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

    let incidentViews: IncidentView[] | null = null;
    if (incidentRows) {
      // Read each through the workflow's incident list so the same visibility rules apply (a reviewer the abuse
      // was aimed at does not see its incident).
      const ids = new Set(incidentRows.map((i) => i.id));
      incidentViews = [];
      let cursor: string | undefined;
      if (ids.size)
        do {
          const pageOf = await this.deps.reads.listIncidents(viewer, { school: p.schoolId }, { limit: 500, cursor });
          incidentViews.push(...pageOf.items.filter((i) => ids.has(i.id)));
          cursor = pageOf.nextCursor ?? undefined;
        } while (cursor && incidentViews.length < ids.size);
    }
    return { ...summary!, thread, managedContacts: allMcs.map((m) => mcView(m, p.externalId)), incidents: incidentViews };
  }
}

function mcView(m: typeof managedContacts.$inferSelect, parentExternalId: string): ManagedContactView {
  return {
    id: m.id,
    parentId: parentExternalId,
    designatedStaffId: m.designatedStaffId,
    allowedTopics: m.allowedTopics as Topic[],
    reviewDate: m.reviewDate,
    source: m.source,
    active: m.active,
  };
}
