import type { School } from '../config/load-school';
import type { ManagedContact, Parent, StaffMember } from '../config/school-schema';
import type { Route, TriageDecision } from '../domain/triage';
import type { Role } from '../domain/taxonomy';

/** Who the sender is, as far as the school knows. */
export interface Sender {
  readonly address: string;
  readonly parent: Parent | null;
  /** An arrangement in force for this parent (from the school file or a reviewer's decision). */
  readonly managedContact: Pick<ManagedContact, 'designated_contact' | 'allowed_topics'> | null;
}

/** How an enquiry was routed and why, for the audit trail and the staff card. */
export interface RoutingDecision {
  route: Route | null;
  why: string;
}

/** Find the sender in the school file by phone number or Teams id. */
export function identifySender(school: School, address: string): Sender {
  const parent = school.parentByAddress.get(address) ?? null;
  return { address, parent, managedContact: parent ? (school.managedContactByParent.get(parent.id) ?? null) : null };
}

const first = (xs: readonly StaffMember[] | undefined): StaffMember | undefined => xs?.[0];

/**
 * topic -> role -> staff member. Safeguarding always goes to the DSL (alerts add the deputy). A parent on
 * managed contact goes to their designated contact. Unknown senders go to the office, who check who they
 * are. Class-teacher topics go to the teacher of the sender's child. `none` is not routed.
 */
export function routeEnquiry(school: School, decision: Pick<TriageDecision, 'topic'>, sender: Sender): RoutingDecision {
  const topic = decision.topic;
  if (topic === 'none') return { route: null, why: 'nothing to act on' };
  const role: Role = school.routing[topic];
  const office = first(school.staffByRole.get('office'));
  const toOffice = (why: string): RoutingDecision =>
    office ? { route: { role: 'office', staffId: office.id }, why } : { route: null, why: `${why}, but no one holds the office role` };

  if (topic === 'safeguarding') {
    const dsl = first(school.staffByRole.get(role));
    return dsl ? { route: { role, staffId: dsl.id }, why: `safeguarding goes to ${dsl.name} at once` } : toOffice(`no one holds ${role}`);
  }
  if (!sender.parent) return toOffice('the sender is not a known parent: the office checks who they are and passes it on');

  const mc = sender.managedContact;
  // The arrangement holds until a reviewer lifts it; a passed review date is a reminder, not an expiry.
  if (mc) {
    const staff = school.staffById.get(mc.designated_contact);
    if (staff) {
      const allowed = mc.allowed_topics.includes(topic);
      return {
        route: { role: staff.roles[0] ?? role, staffId: staff.id },
        why: allowed
          ? `managed contact: ${sender.parent.name}'s messages go to ${staff.name}`
          : `managed contact: ${topic} is outside the agreed topics, so ${staff.name} decides`,
      };
    }
  }

  if (role === 'class_teacher') {
    for (const child of sender.parent.children) {
      const teacher = first(school.teachersByClass.get(child.class.toLowerCase()));
      if (teacher) return { route: { role, staffId: teacher.id }, why: `${topic} goes to ${teacher.name}, ${child.class}'s class teacher` };
    }
    return toOffice(`${topic} goes to the class teacher, but no class is known for the sender's child`);
  }
  const staff = first(school.staffByRole.get(role));
  return staff ? { route: { role, staffId: staff.id }, why: `${topic} goes to ${staff.name} (${role})` } : toOffice(`no one holds ${role}`);
}
