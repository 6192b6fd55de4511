import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/errors';
import { SYSTEM, staff } from '../../src/workflow/actor';
import {
  canApproveReply,
  canChooseResponse,
  canCloseEnquiry,
  canDecideReview,
  canEscalateReview,
  canReassign,
  canRetrySend,
  canSeeReview,
  canWriteReply,
  eligibleReviewers,
  requireSystem,
} from '../../src/workflow/permissions';
import { ATTENDANCE, DEPUTY, DSL, enquiryCase, HEAD, OFFICE, reviewCase, school, SENCO, TEACHER } from './fixtures';

function forbidden(r: Result<unknown>, pattern?: RegExp) {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe('FORBIDDEN');
  if (pattern) expect(r.error.message).toMatch(pattern);
}
const allowed = (r: Result<unknown>) => expect(r.ok, r.ok ? '' : r.error.message).toBe(true);

describe('who may decide a review', () => {
  it('senior reviewers and the head teacher may', () => {
    for (const a of [HEAD, DSL, DEPUTY]) allowed(canDecideReview(school, a, reviewCase()));
  });

  it('refuses others, naming the role needed', () => {
    forbidden(canDecideReview(school, TEACHER, reviewCase()), /Mr Hughes cannot decide review case-r1: it needs the role "senior_reviewer" or "head_teacher"/);
    forbidden(canDecideReview(school, OFFICE, reviewCase()), /"senior_reviewer" or "head_teacher"/);
    forbidden(canDecideReview(school, SYSTEM, reviewCase()), /Only a member of staff/);
    forbidden(canDecideReview(school, staff('nobody'), reviewCase()), /No staff member has id "nobody"/);
  });

  it('an escalated review is the head teacher’s alone', () => {
    allowed(canDecideReview(school, HEAD, reviewCase({ state: 'escalated' })));
    forbidden(canDecideReview(school, DSL, reviewCase({ state: 'escalated' })), /"head_teacher"/);
  });

  it('a reviewer the abuse names may neither see nor decide it while another reviewer can', () => {
    const c = reviewCase({ namedInEvidence: ['harrison'] });
    forbidden(canDecideReview(school, HEAD, c), /Mrs Harrison is named in the flagged words/);
    forbidden(canSeeReview(school, HEAD, c), /named in the flagged words/);
    allowed(canDecideReview(school, DSL, c));
    expect(eligibleReviewers(school, ['harrison']).map((s) => s.id)).toEqual(['macey', 'okafor']);
    // When every reviewer is named, someone must still decide.
    expect(eligibleReviewers(school, ['harrison', 'macey', 'okafor']).map((s) => s.id)).toEqual(['harrison', 'macey', 'okafor']);
  });

  it('escalation needs a head teacher who is not named', () => {
    allowed(canEscalateReview(school, DSL, reviewCase()));
    forbidden(canEscalateReview(school, DSL, reviewCase({ namedInEvidence: ['harrison'] })), /cannot be escalated/);
    forbidden(canEscalateReview(school, TEACHER, reviewCase()), /"senior_reviewer" or "head_teacher"/);
  });

  it('managed contact is the head teacher’s decision; other responses any reviewer’s', () => {
    allowed(canChooseResponse(school, HEAD, 'managed_contact'));
    forbidden(canChooseResponse(school, DSL, 'managed_contact'), /needs the role "head_teacher"/);
    allowed(canChooseResponse(school, DSL, 'police'));
    forbidden(canChooseResponse(school, OFFICE, 'warning_letter'));
  });

  it('an enquiry is not a review', () => {
    const r = canDecideReview(school, HEAD, enquiryCase());
    expect(!r.ok && r.error.code).toBe('INPUT_INVALID');
  });
});

describe('who may write a reply or close an enquiry', () => {
  it('the assignee, the routed role, the office and the head teacher', () => {
    const c = enquiryCase({ assigneeId: 'hughes', routedRole: 'class_teacher', topic: 'learning' });
    for (const a of [TEACHER, staff('doyle'), OFFICE, HEAD]) allowed(canWriteReply(school, a, c));
    forbidden(canWriteReply(school, SENCO, c), /Mrs Begum cannot write a reply on case case-e1: it needs the assignee, or the role "class_teacher" or "office" or "head_teacher"/);
    forbidden(canCloseEnquiry(school, SENCO, c));
    allowed(canCloseEnquiry(school, TEACHER, c));
  });

  it('a safeguarding enquiry is for the safeguarding leads (and its assignee), not the office', () => {
    const c = enquiryCase({ topic: 'safeguarding', routedRole: 'dsl', assigneeId: 'macey' });
    for (const a of [DSL, DEPUTY, HEAD]) allowed(canWriteReply(school, a, c));
    forbidden(canWriteReply(school, OFFICE, c), /safeguarding enquiries are for the role "dsl" or "deputy_dsl" or "head_teacher"/);
  });

  it('the system cannot write replies', () => {
    forbidden(canWriteReply(school, SYSTEM, enquiryCase()), /Only a member of staff/);
  });
});

describe('who may reassign', () => {
  it('an enquiry: those who may act on it, to anyone; a safeguarding one only to a safeguarding lead', () => {
    allowed(canReassign(school, OFFICE, enquiryCase(), 'karen'));
    forbidden(canReassign(school, TEACHER, enquiryCase(), 'karen'));
    const sg = enquiryCase({ topic: 'safeguarding', routedRole: 'dsl', assigneeId: 'macey' });
    allowed(canReassign(school, DSL, sg, 'okafor'));
    forbidden(canReassign(school, DSL, sg, 'karen'), /Karen Wright cannot take safeguarding case/);
    const r = canReassign(school, OFFICE, enquiryCase(), 'ghost');
    expect(!r.ok && r.error.code).toBe('INPUT_INVALID');
  });

  it('a review: reviewers, to a reviewer the abuse does not name', () => {
    allowed(canReassign(school, HEAD, reviewCase(), 'okafor'));
    forbidden(canReassign(school, HEAD, reviewCase(), 'karen'), /cannot take review/);
    forbidden(canReassign(school, DSL, reviewCase({ namedInEvidence: ['okafor'] }), 'okafor'), /Mr Okafor cannot take review/);
  });
});

describe('who may approve, reject and retry replies', () => {
  it('the office and the head teacher, never the author', () => {
    const reply = { id: 'rep-1', authorId: 'hughes' };
    for (const a of [OFFICE, ATTENDANCE, HEAD]) allowed(canApproveReply(school, a, reply));
    forbidden(canApproveReply(school, TEACHER, reply), /needs the role "office" or "head_teacher"/);
    forbidden(canApproveReply(school, DSL, reply), /"office" or "head_teacher"/);
    forbidden(canApproveReply(school, OFFICE, { id: 'rep-2', authorId: 'karen' }), /Karen Wright wrote reply rep-2, so someone else/);
    allowed(canRetrySend(school, OFFICE, 'rep-1'));
    forbidden(canRetrySend(school, TEACHER, 'rep-1'));
  });

  it('delivery reports are the system’s alone', () => {
    allowed(requireSystem(SYSTEM, 'record delivery'));
    forbidden(requireSystem(OFFICE, 'record delivery'), /Only Schoolgate itself/);
  });
});
