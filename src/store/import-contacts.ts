import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { ImportedParent } from '../contacts/parse-contacts-csv';
import { SchoolgateError } from '../errors';
import type { Db } from './open';
import { auditEvents, children, parentAddresses, parents, schools } from './schema';

export interface ImportCounts {
  added: number;
  updated: number;
  addresses: number;
  children: number;
}

/**
 * Write an imported contact list for one school in one transaction: a re-import updates the same parents (by the
 * MIS id) and replaces their children, so it can be run after every MIS export. Parents from the school file are
 * never touched. An address already held by another parent refuses the whole import.
 */
export async function importContacts(db: Db, schoolId: string, imported: readonly ImportedParent[], actor: string): Promise<ImportCounts> {
  return db.transaction(async (tx) => {
    const [school] = await tx.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId));
    if (!school) throw new SchoolgateError('NOT_FOUND', `School "${schoolId}" is not in the database yet: start Schoolgate once with its school file, then import.`);
    const existing = await tx
      .select({ id: parents.id, externalId: parents.externalId, source: parents.source })
      .from(parents)
      .where(and(eq(parents.schoolId, schoolId), inArray(parents.externalId, imported.map((p) => p.externalId))));
    const byExternal = new Map(existing.map((p) => [p.externalId, p]));
    const clash = existing.filter((p) => p.source !== 'import');
    if (clash.length)
      throw new SchoolgateError('INPUT_INVALID', `Contact id(s) ${clash.map((c) => c.externalId).join(', ')} belong to parents from the school file: change the ids or remove those parents from one of the two.`);

    const counts: ImportCounts = { added: 0, updated: 0, addresses: 0, children: 0 };
    const conflicts: string[] = [];
    for (const p of imported) {
      const known = byExternal.get(p.externalId);
      const parentId = known?.id ?? randomUUID();
      if (known) {
        await tx.update(parents).set({ name: p.name, updatedAt: sql`now()` }).where(eq(parents.id, parentId));
        counts.updated++;
      } else {
        await tx.insert(parents).values({ id: parentId, schoolId, externalId: p.externalId, name: p.name, source: 'import' });
        counts.added++;
      }
      const addresses = [...p.phones.map((a) => ({ channel: 'sms' as const, address: a })), ...p.teamsIds.map((a) => ({ channel: 'teams' as const, address: a }))];
      for (const a of addresses) {
        const [taken] = await tx
          .select({ parentId: parentAddresses.parentId })
          .from(parentAddresses)
          .where(and(eq(parentAddresses.schoolId, schoolId), eq(parentAddresses.channel, a.channel), eq(parentAddresses.address, a.address), ne(parentAddresses.parentId, parentId)));
        if (taken) {
          conflicts.push(`${a.address} (contact ${p.externalId})`);
          continue;
        }
        await tx.insert(parentAddresses).values({ id: randomUUID(), schoolId, parentId, ...a }).onConflictDoNothing();
        counts.addresses++;
      }
      // The MIS is the truth for an imported parent's children: replace them.
      await tx.delete(children).where(eq(children.parentId, parentId));
      await tx.insert(children).values(p.children.map((c) => ({ id: randomUUID(), schoolId, parentId, name: c.name, className: c.className })));
      counts.children += p.children.length;
    }
    if (conflicts.length)
      throw new SchoolgateError('INPUT_INVALID', `These addresses already belong to another parent, so nothing was imported: ${conflicts.join(', ')}.`);
    await tx.insert(auditEvents).values({
      schoolId,
      actor,
      action: 'contacts_imported',
      entityType: 'school',
      entityId: schoolId,
      // Counts only: the audit trail never needs the children's names.
      data: { ...counts },
    });
    return counts;
  });
}
