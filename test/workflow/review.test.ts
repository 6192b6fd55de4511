import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/errors';
import { SYSTEM } from '../../src/workflow/actor';
import { parseReviewDecision } from '../../src/workflow/inputs';
import { loadLetterTemplates } from '../../src/workflow/letters';
import { decideReview, type ReviewContext } from '../../src/workflow/review';
import { DSL, flag, HEAD, LILY_MUM, NOW, OFFICE, reviewCase, school, STRANGER, topic } from './fixtures';

const t = loadLetterTemplates();
if (!t.ok) throw t.error;
const templates = t.value;

const BODY = "You're useless, Mr Hughes. Lily's off sick today.";
const reasons = [flag('abusive', BODY, 'useless'), topic('absence')];

function ctx(over: Partial<ReviewContext> = {}): ReviewContext {
  return {
    school,
    templates,
    case: reviewCase({ namedInEvidence: ['hughes'] }),
    message: { id: 'msg-1', body: BODY, from: LILY_MUM, receivedAt: new Date('2026-10-01T07:00:00Z') },
    reasons,
    heldEnquiry: { role: 'class_teacher', staffId: 'hughes', why: 'absence → teacher' },
    urgent: false,
    actor: HEAD,
    now: NOW,
    incidentId: 'inc-1',
    ...over,
  };
}

function problems(r: Result<unknown>): string[] {
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  expect(r.error.code).toBe('INPUT_INVALID');
  return (r.error.details as { path: string; message: string }[]).map((p) => `${p.path}: ${p.message}`);
}

describe('review decision validation', () => {
  const parse = (input: unknown) => parseReviewDecision(input, { school, now: NOW });

  it('needs an outcome and a reason', () => {
    expect(problems(parse({}))).toEqual(['outcome: outcome must be "breach" or "not_breach"']);
    expect(problems(parse({ outcome: 'not_breach' }))).toEqual(['reason: reason is required']);
    expect(problems(parse({ outcome: 'not_breach', reason: ' ' }))).toEqual(['reason: reason is required: a few words on why, for the audit trail']);
    expect(parse({ outcome: 'not_breach', reason: 'frustrated, not abusive' }).ok).toBe(true);
  });

  it('a breach needs the flags confirmed and at least one response', () => {
    expect(problems(parse({ outcome: 'breach', reason: 'abusive to staff', breachedFlags: [], responses: [] }))).toEqual([
      'breachedFlags: breachedFlags: confirm at least one flag (abusive, threat, ...) that was breached',
      'responses: responses: choose at least one response from section 4 (warning_letter, meeting, ...)',
    ]);
    expect(problems(parse({ outcome: 'breach', reason: 'abusive', breachedFlags: ['rude'], responses: [{ kind: 'ban' }] })).length).toBe(2);
    expect(problems(parse({ outcome: 'breach', reason: 'abusive', breachedFlags: ['abusive'], responses: [{ kind: 'warning_letter', extra: 1 }] }))[0]).toMatch(
      /unknown key "extra"/,
    );
  });

  it('managed contact needs a known contact, topics, and a review date after today', () => {
    const mc = (over: object) => parse({ outcome: 'breach', reason: 'repeated abuse', breachedFlags: ['abusive'], responses: [{ kind: 'managed_contact', designatedContactId: 'okafor', allowedTopics: ['absence'], reviewDate: '2027-01-15', ...over }] });
    expect(mc({}).ok).toBe(true);
    expect(problems(mc({ reviewDate: undefined }))).toEqual(['responses[0].reviewDate: reviewDate is required: a date written YYYY-MM-DD when the arrangement will be reviewed']);
    expect(problems(mc({ reviewDate: '2026-10-01' }))).toEqual(['responses[0].reviewDate: the review date must be after today (2026-10-01)']);
    expect(problems(mc({ designatedContactId: 'ghost', allowedTopics: [] }))).toEqual([
      'responses[0].allowedTopics: list the topics the parent may still raise, such as ["absence", "medical"]',
    ]);
    expect(problems(mc({ designatedContactId: 'ghost' }))).toEqual(['responses[0].designatedContactId: no staff member has id "ghost"']);
  });

  it('checks each response against the breach: police for threats, the local authority for libel, senior staff for meetings', () => {
    const r = parse({
      outcome: 'breach',
      reason: 'rude',
      breachedFlags: ['abusive'],
      responses: [
        { kind: 'police', grounds: 'threat' },
        { kind: 'local_authority' },
        { kind: 'meeting', withStaffId: 'hughes', proposedAt: '2026-09-01T10:00:00Z' },
        { kind: 'warning_letter' },
        { kind: 'warning_letter' },
      ],
    });
    expect(problems(r)).toEqual([
      'responses[0].grounds: a police referral for a threat needs "threat" among breachedFlags',
      'responses[1].kind: the local authority legal team is for libel or slander: it needs "defamatory" among breachedFlags',
      'responses[2].withStaffId: Mr Hughes is not a senior member of staff: the meeting is with a senior reviewer or the head teacher (§4)',
      'responses[2].proposedAt: the meeting time must be in the future',
      'responses[4]: "warning_letter" is chosen twice: choose each response once',
    ]);
    expect(problems(parse({ outcome: 'breach', reason: 'x y z', breachedFlags: ['threat'], responses: [{ kind: 'police' }] }))).toEqual([
      'responses[0].grounds: must be one of: threat, violence, harassment',
    ]);
    expect(parse({ outcome: 'breach', reason: 'posting lies', breachedFlags: ['defamatory'], responses: [{ kind: 'local_authority' }, { kind: 'police', grounds: 'harassment' }] }).ok).toBe(true);
  });
});

describe('decideReview', () => {
  it('not a breach: releases the held enquiry, without the words aimed at its assignee', () => {
    const r = decideReview(ctx(), { outcome: 'not_breach', reason: 'frustration, not abuse' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.to).toBe('not_breach');
    expect(r.value.incident).toBeNull();
    expect(r.value.release).toEqual({ role: 'class_teacher', assigneeId: 'hughes', forwardedText: "Lily's off sick today.", urgent: false, why: 'absence → teacher' });
    expect(r.value.audit).toHaveLength(1);
    expect(r.value.audit[0]).toMatchObject({ action: 'review.decide_not_breach', entityType: 'case', entityId: 'case-r1', actor: HEAD, at: NOW });
    expect(r.value.audit[0]?.data).toMatchObject({ from: 'open', to: 'not_breach', reason: 'frustration, not abuse' });
  });

  it('not a breach, and the words name no one who receives it: the whole message is forwarded', () => {
    const body = 'Hmm, bloody hell, Lily is off today.';
    const r = decideReview(
      ctx({ case: reviewCase(), message: { id: 'm', body, from: LILY_MUM, receivedAt: NOW }, reasons: [flag('profanity', body, 'bloody hell')], heldEnquiry: { role: 'attendance', staffId: 'green', why: 'w' } }),
      { outcome: 'not_breach', reason: 'mild, not aimed at anyone' },
    );
    expect(r.ok && r.value.release?.forwardedText).toBe(body);
  });

  it('the reviewer’s own text is checked: it may not give the abuse to the person it was aimed at', () => {
    const r = decideReview(ctx(), { outcome: 'not_breach', reason: 'let it go', forwardedText: "You're useless. Lily's off." });
    expect(!r.ok && r.error.message).toBe('The forwarded text still contains "useless": remove the flagged words (they were aimed at Mr Hughes, who will receive this enquiry).');
    const ok = decideReview(ctx(), { outcome: 'not_breach', reason: 'let it go', forwardedText: 'Lily is off sick today (from her mum).' });
    expect(ok.ok && ok.value.release?.forwardedText).toBe('Lily is off sick today (from her mum).');
  });

  it('a breach: the review closes, an incident is opened with its letters, and the enquiry still reaches staff', () => {
    const r = decideReview(ctx(), {
      outcome: 'breach',
      reason: 'Insulting a teacher by name',
      breachedFlags: ['abusive'],
      responses: [{ kind: 'warning_letter' }, { kind: 'meeting', withStaffId: 'okafor' }],
    });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.to).toBe('breach');
    expect(r.value.release?.forwardedText).toBe("Lily's off sick today.");
    const inc = r.value.incident;
    expect(inc).toMatchObject({ id: 'inc-1', caseId: 'case-r1', messageId: 'msg-1', parentId: 'jones-lily', breachedFlags: ['abusive'], decidedBy: 'harrison', decidedAt: NOW, reason: 'Insulting a teacher by name' });
    expect(inc?.clauses).toEqual(['§3 Sending abusive, rude or disrespectful messages to staff']);
    expect(inc?.responses[0]?.letter).toContain('Dear Sarah Jones,');
    expect(inc?.responses[0]?.letter).toContain('“Sending abusive, rude or disrespectful messages to staff”');
    expect(inc?.responses[1]?.letter).toContain('with Mr Okafor');
    expect(r.value.audit.map((a) => a.action)).toEqual(['review.decide_breach', 'incident.opened']);
  });

  it('after a breach the forwarded text may not keep the flagged words, whoever receives it', () => {
    const body = 'Lily is off today, you useless lot.';
    const r = decideReview(
      ctx({ case: reviewCase(), message: { id: 'm', body, from: LILY_MUM, receivedAt: NOW }, reasons: [flag('abusive', body, 'useless lot')], heldEnquiry: { role: 'attendance', staffId: 'green', why: 'w' } }),
      { outcome: 'breach', reason: 'rude', breachedFlags: ['abusive'], responses: [{ kind: 'warning_letter' }], forwardedText: body },
    );
    expect(!r.ok && r.error.message).toMatch(/still contains "useless lot".*confirmed them as a breach/);
  });

  it('managed contact: the head teacher only, for a known parent', () => {
    const decision = { outcome: 'breach', reason: 'repeated abuse', breachedFlags: ['abusive'], responses: [{ kind: 'managed_contact', designatedContactId: 'okafor', allowedTopics: ['absence', 'medical'], reviewDate: '2027-01-15' }] };
    const byDsl = decideReview(ctx({ actor: DSL }), decision);
    expect(!byDsl.ok && byDsl.error.code).toBe('FORBIDDEN');
    const stranger = decideReview(ctx({ message: { id: 'm', body: BODY, from: STRANGER, receivedAt: NOW } }), decision);
    expect(!stranger.ok && stranger.error.message).toMatch(/not in the school file/);
    const r = decideReview(ctx(), decision);
    expect(r.ok && r.value.incident?.managedContact).toEqual({ parentId: 'jones-lily', designatedContactId: 'okafor', allowedTopics: ['absence', 'medical'], reviewDate: '2027-01-15', note: null });
  });

  it('refuses the wrong people before looking at the decision', () => {
    for (const actor of [OFFICE, SYSTEM]) {
      const r = decideReview(ctx({ actor }), { outcome: 'not_breach', reason: 'fine' });
      expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    }
  });

  it('a decided review cannot be decided again', () => {
    const r = decideReview(ctx({ case: reviewCase({ state: 'not_breach', namedInEvidence: ['hughes'] }) }), { outcome: 'breach', reason: 'changed my mind', breachedFlags: ['abusive'], responses: [{ kind: 'warning_letter' }] });
    expect(!r.ok && r.error.code).toBe('ILLEGAL_TRANSITION');
    expect(!r.ok && r.error.message).toMatch(/Review case case-r1 is "not_breach" and cannot "decide_breach"/);
  });

  it('forwarded text without an enquiry to forward is an error, not silently dropped', () => {
    const r = decideReview(ctx({ heldEnquiry: null }), { outcome: 'not_breach', reason: 'fine', forwardedText: 'x' });
    expect(!r.ok && r.error.message).toMatch(/has no enquiry waiting to be forwarded/);
  });
});
