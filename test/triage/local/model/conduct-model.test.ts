import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isSchoolgateError } from '../../../../src/errors';
import { DEFAULT_MODEL_PATH, defaultConductModel, loadConductModel, MODEL_FLAGS, modelContentHash, readModelFile } from '../../../../src/triage/local/model/index';

const model = defaultConductModel();
const above = (body: string) => model.flagsAbove(model.scoreFlags(body));

describe('the committed model file', () => {
  it('is a valid model whose version is the hash of its own content', () => {
    const file = readModelFile(DEFAULT_MODEL_PATH);
    // build.ts sets modelVersion to this hash: any edit to weights, thresholds or settings shows.
    expect(file.modelVersion).toBe(modelContentHash(file));
    expect(modelContentHash({ ...file, flags: file.flags.map((h) => ({ ...h, threshold: h.threshold / 2 })) })).not.toBe(file.modelVersion);
    expect(file.flags.map((h) => h.flag)).toEqual([...MODEL_FLAGS]);
    expect(file.trainedFrom.files.some((f) => f.path.startsWith('test/fixtures/training/'))).toBe(true);
  });

  it('is shared once loaded', () => {
    expect(defaultConductModel()).toBe(model);
  });

  it('explains a missing or damaged file to the person who must fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const missing = join(dir, 'none.json.gz');
    const bad = join(dir, 'bad.json.gz');
    const wrong = join(dir, 'wrong.json.gz');
    writeFileSync(bad, 'not gzip');
    writeFileSync(wrong, gzipSync(JSON.stringify({ format: 'something-else' })));
    for (const [path, msg] of [
      [missing, /cannot be read.*npm run train/],
      [bad, /not gzip-compressed JSON/],
      [wrong, /does not match format/],
    ] as const) {
      let caught: unknown;
      try {
        loadConductModel(path);
      } catch (e) {
        caught = e;
      }
      expect(isSchoolgateError(caught, 'CONFIG_INVALID')).toBe(true);
      expect((caught as Error).message).toMatch(msg);
    }
  });
});

describe('scoring', () => {
  it('gives probabilities for every model flag', () => {
    const s = model.scoreFlags('Hi, is the panto trip on the 10th?');
    for (const f of MODEL_FLAGS) {
      expect(s[f]).toBeGreaterThanOrEqual(0);
      expect(s[f]).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    'Hi, Lily has a temperature so she will not be in today. Thanks',
    'Can I pay for the trip on Friday please?',
    'I am very unhappy with how this was handled and I want a meeting with the head',
    'Is there anything planned for Black History Month?',
    'My son is disabled and uses a wheelchair, is the hall accessible?',
    "I'm not calling anyone useless, I just want a meeting",
  ])('leaves a civil message unflagged: %s', (body) => {
    expect(above(body)).toEqual([]);
  });

  it.each([
    ['You are a useless bunch of idiots', 'abusive'],
    ['Mrs Patel is a stupid cow', 'abusive'],
    ['I know where you live and I will be waiting for you', 'threat'],
    ['You f***ing useless prick', 'profanity'],
  ] as const)('flags clear abuse: %s → %s', (body, flag) => {
    expect(above(body)).toContain(flag);
  });

  /*
   * What the model alone gets wrong (the rules handle these: the conduct rules' reported-speech and
   * negation detection veto the model, see local-classifier): words quoted or reported from someone else
   * still score as abuse, and a neutral mention of some identity words ("a Muslim family") can pass the
   * low discriminatory threshold, and a civil "... will be at parents evening" can pass the low threat threshold
   * (0.18). assistWithModel only adds flags at far higher thresholds. These tests pin that down so a retrained model that fixes it shows up.
   */
  it('scores reported abuse like abuse (the rules must veto it)', () => {
    expect(above('He called my son a stupid idiot in the playground')).toContain('abusive');
  });

  it('gives the most weight to the insulting words, and points at them', () => {
    const body = 'Ella is off sick today. You lot are useless idiots';
    const top = model.explain(body, 'abusive', 3);
    expect(top[0]!.weight).toBeGreaterThan(0);
    expect(body.slice(top[0]!.start, top[0]!.end)).toBe(top[0]!.text);
    const spans = model.evidenceSpans(body, 'abusive');
    expect(spans.map((s) => s.text).join(' ')).toMatch(/useless|idiots/);
    for (const s of spans) expect(body.slice(s.start, s.end)).toBe(s.text);
  });

  it('guesses a topic and urgency from the school examples', () => {
    const t = model.scoreTopic('Hi, Noah has a temperature and a cough so I am keeping him home today');
    expect(t).not.toBeNull();
    expect(Object.values(t!.topics).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(t!.best).toBe('absence');
  });
});
