import type { School } from '../config/load-school';
import type { Role, Topic, Urgency } from '../domain/taxonomy';
import type { Reason, Route } from '../domain/triage';
import { staffNamedInEvidence, suggestForwardedText } from './forwarding';
import { eligibleReviewers, hasRole, SAFEGUARDING_ROLES } from './permissions';

/** What triage says about one stored message, as far as the workflow needs it. */
export interface TriageFacts {
  flags: readonly string[];
  topic: Topic;
  urgency: Urgency;
  reasons: readonly Reason[];
}

export interface PlannedReview {
  /** Reviewers who may take it: all senior reviewers and head teachers, except those the abuse names. */
  reviewerIds: string[];
  /** The first of them, as the default assignee; any of them may decide. */
  assigneeId: string;
  urgent: boolean;
}

export interface PlannedEnquiry {
  role: Role;
  assigneeId: string;
  /** What the assignee is shown: the whole message, or the flagged message without the flagged words. */
  forwardedText: string;
  urgent: boolean;
  why: string;
}

export interface CasePlan {
  namedInEvidence: string[];
  review: PlannedReview | null;
  /** Opened now: an unflagged enquiry, or a safeguarding concern (which never waits for a review). */
  enquiry: PlannedEnquiry | null;
  /** Routed, but held until the reviewer releases it with the text they choose to forward. */
  heldEnquiry: { role: Role; staffId: string; why: string } | null;
}

/**
 * Which cases one triaged message opens (pure; the service persists the plan):
 * - any flag → a review for the senior reviewers;
 * - a route and no flag → an enquiry at once;
 * - a route and a flag → the enquiry waits for the reviewer, EXCEPT safeguarding, which goes to the DSL at
 *   once. The DSL needs the whole concern, so they get the whole message, unless the flagged words name
 *   them: then another safeguarding lead takes it, or, if there is none, the DSL gets it without those words.
 */
export function planCases(input: { school: School; body: string; triage: TriageFacts; route: Route | null; why: string }): CasePlan {
  const { school, body, triage, route } = input;
  const flagged = triage.flags.length > 0;
  const urgent = triage.urgency === 'urgent';
  const named = flagged ? staffNamedInEvidence(school, body, triage.reasons) : [];
  let review: PlannedReview | null = null;
  if (flagged) {
    const reviewers = eligibleReviewers(school, named);
    const first = reviewers[0];
    if (first) review = { reviewerIds: reviewers.map((r) => r.id), assigneeId: first.id, urgent };
  }
  if (!route) return { namedInEvidence: named, review, enquiry: null, heldEnquiry: null };
  if (!flagged) {
    return { namedInEvidence: named, review, enquiry: { role: route.role, assigneeId: route.staffId, forwardedText: body, urgent, why: input.why }, heldEnquiry: null };
  }
  if (triage.topic === 'safeguarding') {
    let { role, staffId } = route;
    let why = input.why;
    if (named.includes(staffId)) {
      const other = [...school.staffById.values()].find((s) => hasRole(s, SAFEGUARDING_ROLES) && !named.includes(s.id));
      if (other) {
        staffId = other.id;
        role = SAFEGUARDING_ROLES.find((r) => other.roles.includes(r)) ?? role;
        why = `safeguarding goes to ${other.name} at once: the flagged words name the usual lead`;
      }
    }
    const forwardedText = named.includes(staffId) ? suggestForwardedText(body, triage.reasons) : body;
    return { namedInEvidence: named, review, enquiry: { role, assigneeId: staffId, forwardedText, urgent, why }, heldEnquiry: null };
  }
  return { namedInEvidence: named, review, enquiry: null, heldEnquiry: { role: route.role, staffId: route.staffId, why: input.why } };
}

