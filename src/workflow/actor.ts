import { z } from 'zod';

/**
 * Who acts: a member of staff (their id in the school file) or Schoolgate itself (opening cases from triage,
 * recording delivery reports). Every surface — Teams, Slack, console, API — resolves its user to one of these.
 */
export const Actor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), staffId: z.string().min(1, 'staffId must be the id of a staff member in the school file') }),
  z.strictObject({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof Actor>;
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const SYSTEM: Actor = Object.freeze({ kind: 'system' });
export const staff = (staffId: string): StaffActor => ({ kind: 'staff', staffId });

/** One stable string per actor, as stored in the audit log ("staff:macey", "system"). */
export const actorRef = (a: Actor): string => (a.kind === 'staff' ? `staff:${a.staffId}` : 'system');
