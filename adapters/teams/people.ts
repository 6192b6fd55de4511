import type { School } from '../../src/config/load-school';
import type { Parent, StaffMember } from '../../src/config/school-schema';

/**
 * Who a Teams user is to Schoolgate. The school file lists staff (`contact.teams_user_id`) and parents (`teams_ids`)
 * by either of the ids Teams sends: the Microsoft Entra object id (`from.aadObjectId`, what an IT lead finds in the
 * Entra admin centre) or the Teams user id for this bot (`from.id`, 29:...). Either matches.
 */

export interface TeamsUser {
  /** Teams' user id for this bot (29:...). */
  id: string;
  /** The Microsoft Entra object id, when Teams sends it. */
  aadObjectId?: string;
}

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** True when the school file's id names this Teams user. */
export const isUser = (listed: string | undefined, user: TeamsUser) => same(listed, user.id) || same(listed, user.aadObjectId);

/** Every school where this Teams user is a member of staff (a trust's staff may work at several). */
export function staffMatches(schools: Iterable<School>, user: TeamsUser): { school: School; member: StaffMember }[] {
  const out: { school: School; member: StaffMember }[] = [];
  for (const school of schools) {
    for (const member of school.staffById.values()) if (isUser(member.contact.teams_user_id, user)) out.push({ school, member });
  }
  return out;
}

/** The member of staff this Teams user is at one school, if any. */
export function staffAt(school: School, user: TeamsUser): StaffMember | undefined {
  for (const member of school.staffById.values()) if (isUser(member.contact.teams_user_id, user)) return member;
  return undefined;
}

/**
 * The parent this Teams user is, and the address Schoolgate knows them by: the id exactly as the school file lists
 * it, so their messages join the parent's thread. The first school that lists them wins (a parent of two schools of
 * one trust is stored under the first; see README).
 */
export function parentMatch(schools: Iterable<School>, user: TeamsUser): { school: School; parent: Parent; address: string } | null {
  for (const school of schools) {
    for (const candidate of [user.aadObjectId, user.id]) {
      if (!candidate) continue;
      for (const [address, parent] of school.parentByAddress) if (same(address, candidate)) return { school, parent, address };
    }
  }
  return null;
}

/**
 * The school a Teams user the school files do not list is writing to: the one whose `school.teams_tenant_id` is the
 * tenant the message came from, else the first school (as with a text to an unknown number, it goes to the office).
 */
export function schoolForTenant(schools: readonly School[], tenantId: string | undefined): School {
  return schools.find((s) => same(s.file.school.teams_tenant_id, tenantId)) ?? schools[0]!;
}
