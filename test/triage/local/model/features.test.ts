import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_SPEC, Featurizer, featureValue } from '../../../../src/triage/local/model/features';

const fz = () => new Featurizer(DEFAULT_FEATURE_SPEC);

describe('text normalisation', () => {
  it.each([
    ['You’re a F***ING id10t!!!', 'youre a f***ing idiot'],
    ['sh1t a$$hole b!tch @rse', 'shit asshole bitch arse'],
    ['f u c k off', 'fuck off'],
    ['f.u.c.k you', 'fuck you'],
    ['Fuuuuuck', 'fuuck'],
    ['café ÉLAN', 'cafe elan'],
    ['help! Year 6 at 3pm, £5.50', 'help year 6 at epm 5 50'],
    ['   !!! ***', ''],
  ])('%s → %s', (body, normalised) => {
    expect(fz().normalise(body)).toBe(normalised);
  });
});

describe('feature extraction', () => {
  const body = 'Hi, Lily is off sick today. You lot are useless!';

  it('is deterministic: two featurizers give the same buckets', () => {
    const a = fz().extract(body);
    const aIdx = a.index.slice(0, a.count);
    const b = fz().extract(body);
    expect(b.count).toBe(a.count);
    expect(b.index.slice(0, b.count)).toEqual(aIdx);
  });

  it('keeps hashing stable (the committed model depends on these exact buckets)', () => {
    const f = fz().extract('you idiot');
    // " you idiot " has 11 characters: 9 + 8 + 7 char n-grams of length 3-5, then 2 words, 1 word pair and
    // the length feature (2 words: the second bin).
    expect(f.count).toBe(28);
    expect(Array.from(f.index.slice(24, 28))).toMatchInlineSnapshot(`
      [
        144416,
        52756,
        97969,
        259608,
      ]
    `);
  });

  it('gives one length feature that covers no characters, the same for messages in the same length bin', () => {
    const last = (body: string) => {
      const f = fz().extract(body, true);
      return { index: f.index[f.count - 1], start: f.start[f.count - 1], end: f.end[f.count - 1] };
    };
    expect(last('you idiot')).toEqual({ index: last('thanks Miss').index, start: 0, end: 0 });
    expect(last('you idiot').index).not.toBe(last('you are an idiot').index);
    // A model file without lengthBins (older) gets no length feature.
    const { lengthBins: _, ...older } = DEFAULT_FEATURE_SPEC;
    expect(new Featurizer(older).extract('you idiot').count).toBe(27);
  });

  it('maps every feature back to the original text, so evidence points at the words', () => {
    const text = 'Thanks. You ID10T!';
    const f = fz().extract(text, true);
    const spans = new Set<string>();
    for (let i = 0; i < f.count; i++) spans.add(text.slice(f.start[i], f.end[i]));
    expect(spans).toContain('ID10T'); // the word unigram
    expect(spans).toContain('You ID10T'); // the word pair
  });

  it('puts every bucket inside the hash space', () => {
    const f = fz().extract('x'.repeat(5000) + body);
    for (let i = 0; i < f.count; i++) expect(f.index[i]).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < f.count; i++) expect(f.index[i]).toBeLessThan(DEFAULT_FEATURE_SPEC.buckets);
  });

  it('gives an empty message no features', () => {
    expect(fz().extract('').count).toBe(0);
    expect(featureValue(DEFAULT_FEATURE_SPEC, 0)).toBe(0);
  });

  it('rejects a bucket count that is not a power of two', () => {
    expect(() => new Featurizer({ ...DEFAULT_FEATURE_SPEC, buckets: 1000 })).toThrow(/power of two/);
  });
});
