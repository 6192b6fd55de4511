import { randomUUID } from 'node:crypto';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { School } from '../config/load-school';
import type { Db, DbOrTx } from './open';
import { children, managedContacts, parentAddresses, parents, schools } from './schema';

export interface SyncCounts {
  parents: number;
  addresses: number;
  children: number;
  managedContacts: number;
}

/**
 * Bring the database in line with the school file at start: the school row, the file's parents with their
 * addresses and children, and its managed-contact arrangements. Idempotent; rows that came from an import or
 * from a reviewer's decision are left alone.
 */
export async function syncSchool(db: Db, school: School): Promise<SyncCounts> {
  return db.transaction(async (tx) => {
    await tx
      .insert(schools)
      .values({ id: school.id, name: school.name })
      .onConflictDoUpdate({ target: schools.id, set: { name: school.name, updatedAt: sql`now()` } });
    const idByExternal = new Map<string, string>();
    let addresses = 0;
    let kids = 0;
    for (const p of school.file.parents) {
      const [row] = await tx
        .insert(parents)
        .values({ id: randomUUID(), schoolId: school.id, externalId: p.id, name: p.name, source: 'school_file' })
        .onConflictDoUpdate({ target: [parents.schoolId, parents.externalId], set: { name: p.name, updatedAt: sql`now()` } })
        .returning({ id: parents.id });
      const parentId = row!.id;
      idByExternal.set(p.id, parentId);
      const routes = [...p.phones.map((a) => ({ channel: 'sms' as const, address: a })), ...p.teams_ids.map((a) => ({ channel: 'teams' as const, address: a }))];
      for (const r of routes) {
        await tx
          .insert(parentAddresses)
          .values({ id: randomUUID(), schoolId: school.id, parentId, ...r })
          .onConflictDoUpdate({ target: [parentAddresses.schoolId, parentAddresses.channel, parentAddresses.address], set: { parentId } });
        addresses++;
      }
      // The file is the truth for its own parents' children: replace them.
      await tx.delete(children).where(eq(children.parentId, parentId));
      if (p.children.length) {
        await tx.insert(children).values(p.children.map((c) => ({ id: randomUUID(), schoolId: school.id, parentId, name: c.name, className: c.class })));
        kids += p.children.length;
      }
    }
    // Managed contacts from the file replace the file's previous ones; a reviewer's (source 'incident') stay.
    await tx.delete(managedContacts).where(and(eq(managedContacts.schoolId, school.id), eq(managedContacts.source, 'school_file')));
    const mcs = school.file.managed_contacts.filter((m) => idByExternal.has(m.parent));
    if (mcs.length)
      await tx.insert(managedContacts).values(
        mcs.map((m) => ({
          id: randomUUID(),
          schoolId: school.id,
          parentId: idByExternal.get(m.parent)!,
          designatedStaffId: m.designated_contact,
          allowedTopics: m.allowed_topics,
          reviewDate: m.review_date,
          source: 'school_file' as const,
          active: true,
        })),
      );
    return { parents: school.file.parents.length, addresses, children: kids, managedContacts: mcs.length };
  });
}

/** The parent an address belongs to in this school, from the file or an import. */
export async function findParentByAddress(db: DbOrTx, schoolId: string, channel: 'sms' | 'teams', address: string) {
  const [row] = await db
    .select({ id: parents.id, externalId: parents.externalId, name: parents.name })
    .from(parentAddresses)
    .innerJoin(parents, eq(parents.id, parentAddresses.parentId))
    .where(and(eq(parentAddresses.schoolId, schoolId), eq(parentAddresses.channel, channel), eq(parentAddresses.address, address)))
    .limit(1);
  if (!row) return null;
  const kids = await db.select({ name: children.name, className: children.className }).from(children).where(eq(children.parentId, row.id));
  return { ...row, children: kids };
}

/** Schools known to the database but absent from the configuration (a removed school file): reported, never deleted. */
export async function schoolsNotConfigured(db: Db, configured: readonly string[]): Promise<string[]> {
  const rows = configured.length
    ? await db.select({ id: schools.id }).from(schools).where(notInArray(schools.id, [...configured]))
    : await db.select({ id: schools.id }).from(schools);
  return rows.map((r) => r.id);
}

