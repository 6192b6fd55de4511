import type { School } from '../config/load-school';
import type { StaffMember } from '../config/school-schema';
import { SchoolgateError } from '../errors';
import { type StaffActor, staff } from './actor';
import type { StaffCaller } from './views';

/** A staff caller placed in their school: the only school whose rows they may read or change. */
export interface ResolvedStaff {
  school: School;
  member: StaffMember;
  actor: StaffActor;
  via: string | null;
}

/**
 * The school a member of staff belongs to: the one whose staff directory lists them. A staff id found in two
 * school files of one deployment must be qualified with the school, or nobody could tell whose data to show.
 */
export function resolveStaff(schools: ReadonlyMap<string, School>, caller: StaffCaller): ResolvedStaff {
  const found = (school: School): ResolvedStaff | null => {
    const member = school.staffById.get(caller.staffId);
    return member ? { school, member, actor: staff(member.id), via: caller.via ?? null } : null;
  };
  if (caller.schoolId !== undefined) {
    const school = schools.get(caller.schoolId);
    if (!school)
      throw new SchoolgateError('INPUT_INVALID', `No school has id "${caller.schoolId}" in this deployment (configured: ${[...schools.keys()].join(', ')}).`);
    const r = found(school);
    if (!r) throw new SchoolgateError('FORBIDDEN', `No staff member has id "${caller.staffId}" in the school file of ${school.name}.`);
    return r;
  }
  const matches = [...schools.values()].map(found).filter((r): r is ResolvedStaff => r !== null);
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new SchoolgateError('FORBIDDEN', `No staff member has id "${caller.staffId}" in any school file of this deployment.`);
  throw new SchoolgateError(
    'INPUT_INVALID',
    `The staff id "${caller.staffId}" is in more than one school file (${matches.map((m) => m.school.id).join(', ')}): say which school they act for (the JSON API takes it as the X-Schoolgate-School header).`,
  );
}
