import type { School } from '../config/load-school';
import type { StaffMember } from '../config/school-schema';
import type { Role, Topic } from '../domain/taxonomy';
import { err, ok, type Result, SchoolgateError } from '../errors';
import type { Actor } from './actor';
import type { CaseKind } from './states';

/**
 * Who may do what: the one place for role rules, so Teams, Slack, the console and the API refuse the same
 * things with the same words. Roles come from the school file. Each check returns the acting staff member,
 * or FORBIDDEN saying which role is needed.
 *
 * Decisions recorded here (see the report to the lead):
 * - Review decisions: `senior_reviewer` or `head_teacher`. The DSL role alone does not decide conduct
 *   breaches: safeguarding reaches the DSL at once through its own enquiry, and the code of conduct (§4)
 *   puts breach responses with the head and senior staff. (At Rossmore the DSL is also a senior reviewer.)
 * - An escalated review is decided by the head teacher only (§4: "The final decision … rests with the Head
 *   Teacher").
 * - Managed contact is chosen by the head teacher only (§4: the head consults the Chair of Governors first).
 * - A reviewer the flagged words were aimed at may not see or decide that review while another reviewer can.
 * - Replies need a second person: the author of a reply cannot approve it.
 */

export const REVIEWER_ROLES: readonly Role[] = ['senior_reviewer', 'head_teacher'];
export const APPROVER_ROLES: readonly Role[] = ['office', 'head_teacher'];
/** Who may hold a safeguarding enquiry. */
export const SAFEGUARDING_ROLES: readonly Role[] = ['dsl', 'deputy_dsl', 'head_teacher'];
/** Who a parent may be invited to meet after a breach (§4: "a senior member of staff or the Head Teacher"). */
export const MEETING_ROLES: readonly Role[] = ['senior_reviewer', 'head_teacher'];

/** What the rules need to know about a case. */
export interface CaseFacts {
  id: string;
  kind: CaseKind;
  state: string;
  topic: Topic;
  assigneeId: string | null;
  /** The role the enquiry was routed to (null for a review). */
  routedRole: Role | null;
  /** Staff named in the flagged sentences of the message: the people the abuse was aimed at. */
  namedInEvidence: readonly string[];
}

const forbidden = (message: string, details?: unknown) => err(new SchoolgateError('FORBIDDEN', message, details));
const roleList = (roles: readonly Role[]) => roles.map((r) => `"${r}"`).join(' or ');
export const hasRole = (s: StaffMember, roles: readonly Role[]): boolean => s.roles.some((r) => roles.includes(r));

/** The staff member behind an actor, or FORBIDDEN for the system or an id the school file does not know. */
export function requireStaff(school: School, actor: Actor, doing: string): Result<StaffMember> {
  if (actor.kind !== 'staff') return forbidden(`Only a member of staff can ${doing}; Schoolgate itself cannot.`);
  const s = school.staffById.get(actor.staffId);
  if (!s) return forbidden(`No staff member has id "${actor.staffId}" in the school file, so they cannot ${doing}.`);
  return ok(s);
}

function requireRole(school: School, actor: Actor, roles: readonly Role[], doing: string): Result<StaffMember> {
  const s = requireStaff(school, actor, doing);
  if (!s.ok) return s;
  if (!hasRole(s.value, roles))
    return forbidden(`${s.value.name} cannot ${doing}: it needs the role ${roleList(roles)} (they have ${roleList(s.value.roles)}).`, {
      needed: roles,
    });
  return s;
}

/** Reviewers who may handle a review: all of them except those the abuse was aimed at, unless that leaves no one. */
export function eligibleReviewers(school: School, namedInEvidence: readonly string[]): StaffMember[] {
  const all = [...school.staffById.values()].filter((s) => hasRole(s, REVIEWER_ROLES));
  const unnamed = all.filter((s) => !namedInEvidence.includes(s.id));
  return unnamed.length ? unnamed : all;
}

function requireReviewer(school: School, actor: Actor, c: CaseFacts, doing: string): Result<StaffMember> {
  if (c.kind !== 'review') return err(new SchoolgateError('INPUT_INVALID', `Case ${c.id} is an enquiry, not a review: it cannot be reviewed.`));
  const s = requireRole(school, actor, REVIEWER_ROLES, doing);
  if (!s.ok) return s;
  if (!eligibleReviewers(school, c.namedInEvidence).some((r) => r.id === s.value.id))
    return forbidden(`${s.value.name} is named in the flagged words of case ${c.id}; another reviewer must ${doing}.`);
  return s;
}

/** Decide a review (breach or not). An escalated review is for the head teacher. */
export function canDecideReview(school: School, actor: Actor, c: CaseFacts): Result<StaffMember> {
  const roles = c.state === 'escalated' ? (['head_teacher'] as const) : REVIEWER_ROLES;
  const base = requireRole(school, actor, roles, c.state === 'escalated' ? `decide escalated review ${c.id}` : `decide review ${c.id}`);
  if (!base.ok) return base;
  return requireReviewer(school, actor, c, `decide review ${c.id}`);
}

/** Hand a review to the head teacher; refused when every head teacher is named in the flagged words. */
export function canEscalateReview(school: School, actor: Actor, c: CaseFacts): Result<StaffMember> {
  const s = requireReviewer(school, actor, c, `escalate review ${c.id}`);
  if (!s.ok) return s;
  const heads = eligibleReviewers(school, c.namedInEvidence).filter((r) => r.roles.includes('head_teacher'));
  if (!heads.length) return forbidden(`Review ${c.id} cannot be escalated: no head teacher can take it (the flagged words name them), so a senior reviewer decides it.`);
  return s;
}

/**
 * See a case's original message. Reviewers see a review's whole message (unless it was aimed at them and
 * someone else can review). An enquiry shows staff only the forwarded text, so everyone who may act on it
 * may see it; see `canSeeEnquiry`.
 */
export function canSeeReview(school: School, actor: Actor, c: CaseFacts): Result<StaffMember> {
  return requireReviewer(school, actor, c, `see review ${c.id}`);
}

/** Act on an enquiry: its assignee, anyone holding the role it was routed to, the office (and the head teacher). */
function requireEnquiryWorker(school: School, actor: Actor, c: CaseFacts, doing: string): Result<StaffMember> {
  if (c.kind !== 'enquiry') return err(new SchoolgateError('INPUT_INVALID', `Case ${c.id} is a review, not an enquiry: ${doing} is not possible on it.`));
  const s = requireStaff(school, actor, doing);
  if (!s.ok) return s;
  if (c.topic === 'safeguarding') {
    if (s.value.id === c.assigneeId || hasRole(s.value, SAFEGUARDING_ROLES)) return s;
    return forbidden(`${s.value.name} cannot ${doing}: safeguarding enquiries are for the role ${roleList(SAFEGUARDING_ROLES)} or the assignee.`);
  }
  if (s.value.id === c.assigneeId) return s;
  const roles: Role[] = [...(c.routedRole ? [c.routedRole] : []), 'office', 'head_teacher'];
  if (hasRole(s.value, roles)) return s;
  return forbidden(`${s.value.name} cannot ${doing}: it needs the assignee, or the role ${roleList(roles)}.`, { needed: roles });
}

export function canSeeEnquiry(school: School, actor: Actor, c: CaseFacts): Result<StaffMember> {
  return requireEnquiryWorker(school, actor, c, `see enquiry ${c.id}`);
}

export function canWriteReply(school: School, actor: Actor, c: CaseFacts): Result<StaffMember> {
  return requireEnquiryWorker(school, actor, c, `write a reply on case ${c.id}`);
}

export function canCloseEnquiry(school: School, actor: Actor, c: CaseFacts): Result<StaffMember> {
  return requireEnquiryWorker(school, actor, c, `close case ${c.id}`);
}

/** Reassign a case to `toStaffId`. The new assignee must be able to hold it, and must not be the target of its abuse. */
export function canReassign(school: School, actor: Actor, c: CaseFacts, toStaffId: string): Result<StaffMember> {
  const s =
    c.kind === 'review'
      ? requireReviewer(school, actor, c, `reassign review ${c.id}`)
      : requireEnquiryWorker(school, actor, c, `reassign case ${c.id}`);
  if (!s.ok) return s;
  const to = school.staffById.get(toStaffId);
  if (!to) return err(new SchoolgateError('INPUT_INVALID', `No staff member has id "${toStaffId}" in the school file.`));
  if (c.kind === 'review' && !eligibleReviewers(school, c.namedInEvidence).some((r) => r.id === to.id))
    return forbidden(`${to.name} cannot take review ${c.id}: it needs the role ${roleList(REVIEWER_ROLES)}, and not someone the flagged words name.`);
  if (c.kind === 'enquiry' && c.topic === 'safeguarding' && !hasRole(to, SAFEGUARDING_ROLES))
    return forbidden(`${to.name} cannot take safeguarding case ${c.id}: it needs the role ${roleList(SAFEGUARDING_ROLES)}.`);
  return s;
}

/** The safeguarding leads: they acknowledge a concern and record what was done about it. */
export const SAFEGUARDING_LEAD_ROLES: readonly Role[] = ['dsl', 'deputy_dsl'];
/** Who may export a concern's record for the school's safeguarding system: the leads and the head teacher. */
export const SAFEGUARDING_RECORD_ROLES: readonly Role[] = SAFEGUARDING_ROLES;

/**
 * Acknowledge a safeguarding concern or record an action on it: the DSL or a deputy; the head teacher only once
 * the concern has been escalated to them (or is theirs), so the ladder means something (KCSIE: the DSL leads).
 */
export function canActOnSafeguarding(school: School, actor: Actor, c: CaseFacts, escalatedTo: readonly string[], doing: string): Result<StaffMember> {
  if (c.kind !== 'enquiry' || c.topic !== 'safeguarding') return err(new SchoolgateError('INPUT_INVALID', `Case ${c.id} is not a safeguarding concern: only those are acknowledged.`));
  const s = requireStaff(school, actor, doing);
  if (!s.ok) return s;
  if (hasRole(s.value, SAFEGUARDING_LEAD_ROLES) || s.value.id === c.assigneeId) return s;
  if (hasRole(s.value, ['head_teacher'])) {
    if (escalatedTo.includes(s.value.id)) return s;
    return forbidden(`${s.value.name} cannot ${doing} yet: it needs the role ${roleList(SAFEGUARDING_LEAD_ROLES)}; the head teacher does once the concern has been escalated to them.`, {
      needed: SAFEGUARDING_LEAD_ROLES,
    });
  }
  return forbidden(`${s.value.name} cannot ${doing}: it needs the role ${roleList(SAFEGUARDING_LEAD_ROLES)} (or the head teacher once escalated).`, { needed: SAFEGUARDING_LEAD_ROLES });
}

/** Export a concern's record: the safeguarding leads and the head teacher. */
export function canExportSafeguarding(school: School, actor: Actor, caseId: string): Result<StaffMember> {
  return requireRole(school, actor, SAFEGUARDING_RECORD_ROLES, `export the safeguarding record of case ${caseId}`);
}

/** Approve or reject a reply: the office or the head teacher, and never the reply's own author. */
export function canApproveReply(school: School, actor: Actor, reply: { id: string; authorId: string }): Result<StaffMember> {
  const s = requireRole(school, actor, APPROVER_ROLES, `approve or reject reply ${reply.id}`);
  if (!s.ok) return s;
  if (s.value.id === reply.authorId)
    return forbidden(`${s.value.name} wrote reply ${reply.id}, so someone else with the role ${roleList(APPROVER_ROLES)} must approve or reject it.`);
  return s;
}

/** Retry a failed send: the same people who approve replies (a retry sends approved words again). */
export function canRetrySend(school: School, actor: Actor, replyId: string): Result<StaffMember> {
  return requireRole(school, actor, APPROVER_ROLES, `retry sending reply ${replyId}`);
}

/** Sending and delivery reports come from Schoolgate itself, never from a person. */
export function requireSystem(actor: Actor, doing: string): Result<null> {
  return actor.kind === 'system' ? ok(null) : forbidden(`Only Schoolgate itself can ${doing}; staff cannot.`);
}

/** Managed contact is the head teacher's decision (§4); other responses are any reviewer's. */
export function canChooseResponse(school: School, actor: Actor, kind: string): Result<StaffMember> {
  return kind === 'managed_contact'
    ? requireRole(school, actor, ['head_teacher'], 'place a parent on managed contact')
    : requireRole(school, actor, REVIEWER_ROLES, `choose the response "${kind}"`);
}
