import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectConduct } from '../../../../src/triage/local/conduct/index';
import { keyedPatterns, requiredLiterals } from '../../../../src/triage/local/conduct/needles';
import { Doc } from '../../../../src/triage/local/conduct/text';
import { generateMessages } from '../../../../bench/lib/generate-messages';
import { devsetLines, HAVE_DEVSET } from '../../../privacy/devset';
import { exampleStaffNames } from './score';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const bodiesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { body: string }).body);

describe('requiredLiterals reads what every match must contain', () => {
  it.each([
    ['\\bdead\\s+meat\\b', ['dead']],
    ['\\b(?:he|she|they)\\s+(?:is|are)\\s+dead', ['dead']],
    ['colou?r', ['color', 'colour']],
    ['f+u+c+k+', ['fu']],
    ['(?:sort|deal\\s+with)\\s+him', ['sort', 'deal']],
    ['fs(?=\\s+sake)', ['sake']],
    ['tart(?<=(?:that|you)\\start)s?', ['tart']],
    ['knob(?<!door\\s?knob)s?', ['knob']],
    ['\\bwatch\\s+(?:your|ur)\\s+backs?\\b', ['watch']],
    ['sh[i1!]t', ['shit', 'sh1t', 'sh!t']],
    ['\\bi\\s+know\\b', ['know']],
  ])('/%s/ → %j', (source, literals) => {
    expect(requiredLiterals(source)).toEqual(literals);
  });

  it.each([
    ['\\w+', ['a', 'zz9']],
    ['(?:abc)?', ['', 'abc']],
    ['(?!abc)x', ['x']],
    ['[^abc]def|x', ['zdef', 'x']],
    ['a|', ['', 'a']],
    ['f+u+c+k+', ['fuck', 'ffuuck', 'fuckk']],
    ['x{2,3}y', ['xxy', 'xxxy']],
    ['(?<=ab)c', ['abc']],
    ['\\b(?:you|u)\\s+(?:lot|all)\\b', ['you lot', 'u all']],
    ['[.!?]+(?=\\s|$)', ['.', 'hi!! ']],
  ])('never names a string a match can lack: /%s/', (source, texts) => {
    const lits = requiredLiterals(source);
    for (const t of texts) {
      expect(new RegExp(source).test(t)).toBe(true);
      if (lits) expect(lits.some((l) => t.includes(l))).toBe(true);
    }
  });
});

describe('a skipped pattern could not have matched', () => {
  const texts = [
    ...(HAVE_DEVSET ? devsetLines().map((l) => l.body) : []),
    ...bodiesOf(join(root, 'test/fixtures/triage/conduct-examples.jsonl')),
    ...bodiesOf(join(root, 'test/fixtures/triage/topic-examples.jsonl')),
    ...generateMessages(2000).messages.map((m) => m.body),
  ];
  // Recombined, masked and shouted sentences: matches in new places and company.
  const sentences = texts.flatMap((t) => t.split(/(?<=[.!?\n])\s+/));
  let seed = 7;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let i = 0; i < 3000; i++) {
    const parts: string[] = [];
    for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) {
      const s = sentences[Math.floor(rand() * sentences.length)]!;
      const r = rand();
      parts.push(r < 0.15 ? s.toUpperCase() : r < 0.25 ? s.replace(/a/g, '@').replace(/i/g, '1') : r < 0.3 ? s.replace(/[aeiou]/g, '*') : s);
    }
    texts.push(parts.join(rand() < 0.5 ? ' ' : '\n'));
  }

  it('for every keyed pattern, on every text and on its sentences', () => {
    // Load the rules, so every pattern is registered.
    detectConduct('x', { staffNames: [] });
    const patterns = keyedPatterns();
    expect(patterns.length).toBeGreaterThan(30);
    let matched = 0;
    const missed: string[] = [];
    for (const text of texts) {
      const doc = new Doc(text);
      const slices = [doc.lower, ...doc.lower.split(/(?<=[.!?\n])/)];
      patterns.forEach((re, id) => {
        const probe = new RegExp(re.source, re.flags.replace('g', ''));
        if (!slices.some((s) => probe.test(s))) return;
        matched++;
        if (!doc.mayMatch(id)) missed.push(`/${re.source.slice(0, 60)}/ in ${JSON.stringify(text)}`);
      });
    }
    expect(missed).toEqual([]);
    expect(matched).toBeGreaterThan(500);
  });

  it('the findings do not depend on the pre-test (same as scanning every pattern)', () => {
    const ctx = { staffNames: exampleStaffNames() };
    // A Doc whose pre-test lets every pattern through, for comparison.
    class Unfiltered extends Doc {
      override mayMatch(): boolean {
        return true;
      }
    }
    for (const text of texts.slice(0, 1500)) {
      expect(detectConduct(new Unfiltered(text), ctx)).toEqual(detectConduct(text, ctx));
    }
  });
});
