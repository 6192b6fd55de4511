import { describe, expect, it } from 'vitest';
import type { ConductFinding } from '../../../../src/triage/local/conduct/index';
import { assistWithModel } from '../../../../src/triage/local/model/assist';
import { defaultConductModel } from '../../../../src/triage/local/model/index';

const model = defaultConductModel();

describe('the model beside the rules', () => {
  it('adds an abuse flag no rule found when it is confident, pointing at the words', () => {
    const body = 'Ella is off sick today. You are a useless bunch of idiots';
    const out = assistWithModel(body, []);
    const abusive = out.find((f) => f.flag === 'abusive');
    expect(abusive).toBeDefined();
    expect(abusive!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(abusive!.evidence).not.toBeNull();
    expect(body.slice(abusive!.evidence!.start, abusive!.evidence!.end)).toBe(abusive!.evidence!.text);
    expect(abusive!.evidence!.text).toMatch(/useless|idiots/);
    expect(abusive!.note).toMatch(/learned model/);
  });

  it.each([
    'Hi, Lily has a temperature so she will not be in today. Thanks',
    'Her two dads will both come to parents evening',
    'We are a Muslim family and would like a halal meal on the trip please',
    'I am absolutely furious about how the exclusion was handled and I want a meeting with the head',
  ])('adds nothing to a civil message: %s', (body) => {
    expect(assistWithModel(body, [])).toEqual([]);
  });

  it('vetoes a flag whose words are someone else’s (quoted, reported or negated)', () => {
    const body = 'He called my son a useless stupid idiot in the playground';
    const reported = { start: body.indexOf('called'), end: body.length };
    expect(assistWithModel(body, []).map((f) => f.flag)).toContain('abusive'); // the model alone cannot tell
    expect(assistWithModel(body, [], { isNotOwnWords: (s) => s.start >= reported.start && s.end <= reported.end })).toEqual([]);
  });

  it('never removes a rule finding, and raises its confidence only when the model agrees', () => {
    const rule: ConductFinding = { flag: 'abusive', evidence: null, confidence: 0.55, note: 'rule' };
    const civil = assistWithModel('Thanks for the lovely concert', [rule]);
    expect(civil).toEqual([rule]);
    const insult = assistWithModel('You are a useless bunch of idiots', [rule]);
    expect(insult).toHaveLength(1);
    expect(insult[0]!.confidence).toBeGreaterThan(0.55);
    expect(insult[0]!.note).toBe('rule');
  });

  it('leaves profanity and defamatory to the rules', () => {
    const out = assistWithModel('Everyone knows the head fiddles the figures, f***ing liars', [], { model });
    expect(out.map((f) => f.flag)).not.toContain('profanity');
    expect(out.map((f) => f.flag)).not.toContain('defamatory');
  });
});
