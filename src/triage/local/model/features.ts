/**
 * Text → hashed n-gram features, shared by the training script and inference so both see exactly the
 * same numbers. No allocation per message beyond growing the reused buffers: triage must stay fast.
 *
 * Normalisation (version 1), one pass over the body:
 * - lower-case; Latin letters with diacritics lose them (`fück` → `fuck`); apostrophes vanish (`don't` → `dont`);
 * - inside a token that has a letter, leetspeak is undone (`sh1t`, `a$$`, `b!tch`, `@rse`) and masking
 *   characters become `*` (`f***`, `f#ck`), so masked swearing has its own n-grams;
 * - a letter repeated three or more times is kept twice (`fuuuuck` → `fuuck`);
 * - three or more single letters in a row are joined (`f u c k`, `f.u.c.k` → `fuck`);
 * - anything else separates tokens.
 * Features: character n-grams over the normalised text with single spaces between tokens (and at both
 * ends), plus word unigrams and bigrams, each hashed (FNV-1a) into `buckets` slots, plus (when the spec has
 * `lengthBins`) one feature for the message's length in words, so a two-word message is not scored as if it
 * were the two words inside a longer one.
 */

export interface FeatureSpec {
  readonly normalisation: 1;
  /** A power of two. */
  readonly buckets: number;
  readonly charMin: number;
  readonly charMax: number;
  /** Word n-grams from 1 to this. */
  readonly wordMax: 1 | 2;
  /**
   * Value of every feature occurrence: `inv-sqrt` = 1/sqrt(occurrences in the message) (length-normalised),
   * `one` = 1. The value is the same for all of a message's features, so scoring sums weights and scales once.
   */
  readonly value: 'inv-sqrt' | 'one';
  /**
   * Upper bounds (in words, ascending) of the length bins: a message of n words gets the feature of the first
   * bin with n ≤ bound, or of one more bin past the last. Absent: no length feature (older model files).
   */
  readonly lengthBins?: readonly number[];
}

export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  normalisation: 1,
  buckets: 1 << 18,
  charMin: 3,
  charMax: 5,
  wordMax: 2,
  value: 'inv-sqrt',
  lengthBins: [1, 2, 3, 5, 8, 13, 21, 34],
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;
// Seeds keep char n-grams, words and word pairs apart in the shared hash space.
const WORD_SEED = 0x9e3779b1;
const PAIR_SEED = 0x85ebca77;
const LENGTH_SEED = 0x27d4eb2d;

/** Leetspeak and masking characters, applied only inside a token that also has a letter. */
const LEET: ReadonlyArray<[string, string]> = [
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['@', 'a'],
  ['$', 's'],
  ['!', 'i'],
  ['|', 'i'],
  ['*', '*'],
  ['#', '*'],
  ['%', '*'],
];

const TABLE_SIZE = 0x180;
/** Normalised code of each character that can be part of a token (0: a separator). */
const TOKEN = new Uint16Array(TABLE_SIZE);
/** What a token character becomes inside a token with a letter (leet undone), else itself. */
const LEET_TO = new Uint16Array(TABLE_SIZE);
/** 1 for a letter, 2 for a digit, 3 for a leet/mask symbol. */
const KIND = new Uint8Array(TABLE_SIZE);
for (let c = 0; c < TABLE_SIZE; c++) {
  let t = 0;
  if (c >= 65 && c <= 90) t = c + 32;
  else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) t = c;
  else if (c >= 0xc0) {
    const base = String.fromCharCode(c).normalize('NFD').charCodeAt(0);
    if (base >= 65 && base <= 90) t = base + 32;
    else if (base >= 97 && base <= 122) t = base;
  }
  TOKEN[c] = t;
  LEET_TO[c] = t;
  KIND[c] = t === 0 ? 0 : t >= 48 && t <= 57 ? 2 : 1;
}
for (const [from, to] of LEET) {
  const c = from.charCodeAt(0);
  if (KIND[c] === 0) {
    TOKEN[c] = c;
    KIND[c] = 3;
  }
  LEET_TO[c] = to.charCodeAt(0);
}
const BANG = 33;
const PIPE = 124;

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018;
}

/** Reusable output of one extraction. Views are valid until the next call on the same Featurizer. */
export interface Features {
  count: number;
  /** Bucket of each feature occurrence. */
  readonly index: Int32Array;
  /** Only with spans: [start, end) of each occurrence in the original body. */
  readonly start: Int32Array;
  readonly end: Int32Array;
}

export class Featurizer {
  readonly spec: FeatureSpec;
  private readonly mask: number;
  private norm = new Uint16Array(256);
  /** Original body index of each normalised character (spaces map to the next character). */
  private orig = new Int32Array(256);
  private origEnd = new Int32Array(256);
  private out: Features = { count: 0, index: new Int32Array(1024), start: new Int32Array(1024), end: new Int32Array(1024) };

  constructor(spec: FeatureSpec) {
    if (spec.buckets <= 0 || (spec.buckets & (spec.buckets - 1)) !== 0) throw new Error('feature buckets must be a power of two');
    this.spec = spec;
    this.mask = spec.buckets - 1;
  }

  /** Normalised text (for tests and debugging): tokens joined by single spaces. */
  normalise(body: string): string {
    const n = this.normaliseInto(body);
    return String.fromCharCode(...this.norm.subarray(1, Math.max(1, n - 1)));
  }

  /**
   * Fills `norm` with " tok tok ... " and returns its length; `orig`/`origEnd` give each character's
   * source range in the body.
   */
  private normaliseInto(body: string): number {
    const len = body.length;
    if (this.norm.length < len * 2 + 4) {
      this.norm = new Uint16Array(len * 2 + 4);
      this.orig = new Int32Array(len * 2 + 4);
      this.origEnd = new Int32Array(len * 2 + 4);
    }
    const norm = this.norm;
    const orig = this.orig;
    const origEnd = this.origEnd;
    let n = 0;
    norm[n] = SPACE;
    orig[n] = 0;
    origEnd[n] = 0;
    n++;
    let i = 0;
    let singleRun = 0; // consecutive single-letter tokens written
    while (i < len) {
      // Find the next raw token: a run of token characters and apostrophes.
      const c = body.charCodeAt(i);
      if (c >= TABLE_SIZE || TOKEN[c] === 0) {
        i++;
        continue;
      }
      const ts = i;
      let hasLetter = false;
      while (i < len) {
        const r = body.charCodeAt(i);
        if (r < TABLE_SIZE && TOKEN[r] !== 0) {
          if (KIND[r] === 1) hasLetter = true;
        } else if (!isApostrophe(r)) break;
        i++;
      }
      const te = i;
      const tokenBegin = n;
      let prev = -1;
      let repeat = 0;
      for (let k = ts; k < te; k++) {
        const raw = body.charCodeAt(k);
        const kind = raw < TABLE_SIZE ? KIND[raw]! : 0;
        if (kind === 0) continue; // an apostrophe
        let t: number;
        if (kind === 3) {
          if (!hasLetter) continue; // a lone "!" or "***" is punctuation, not a word
          // "b!tch" but not "help!" or "idiot!!!": ! and | stand for i only before a letter.
          if ((raw === BANG || raw === PIPE) && !(k + 1 < te && KIND[body.charCodeAt(k + 1)] === 1)) continue;
          t = LEET_TO[raw]!;
        } else if (kind === 2 && hasLetter) {
          t = LEET_TO[raw]!;
        } else {
          t = TOKEN[raw]!;
        }
        if (t === prev) {
          repeat++;
          if (repeat >= 2 && isLetter(t)) continue;
        } else {
          repeat = 0;
        }
        prev = t;
        norm[n] = t;
        orig[n] = k;
        origEnd[n] = k + 1;
        n++;
      }
      if (n === tokenBegin) continue;
      const tokenLen = n - tokenBegin;
      // "f u c k": join runs of three or more single letters by removing the spaces between them.
      if (tokenLen === 1 && isLetter(norm[tokenBegin]!)) {
        singleRun++;
        if (singleRun >= 3) {
          if (singleRun === 3) {
            // remove the two spaces written before the previous two letters
            const a = norm[tokenBegin - 4]!;
            const ao = orig[tokenBegin - 4]!;
            const b = norm[tokenBegin - 2]!;
            const bo = orig[tokenBegin - 2]!;
            const c0 = norm[tokenBegin]!;
            const co = orig[tokenBegin]!;
            n = tokenBegin - 4;
            norm[n] = a;
            orig[n] = ao;
            origEnd[n] = ao + 1;
            norm[n + 1] = b;
            orig[n + 1] = bo;
            origEnd[n + 1] = bo + 1;
            norm[n + 2] = c0;
            orig[n + 2] = co;
            origEnd[n + 2] = co + 1;
            n += 3;
          } else {
            // drop the space before this letter
            const c0 = norm[tokenBegin]!;
            const co = orig[tokenBegin]!;
            n = tokenBegin - 1;
            norm[n] = c0;
            orig[n] = co;
            origEnd[n] = co + 1;
            n++;
          }
        }
      } else {
        singleRun = 0;
      }
      norm[n] = SPACE;
      orig[n] = te;
      origEnd[n] = te;
      n++;
    }
    if (n === 1) {
      norm[n] = SPACE;
      orig[n] = len;
      origEnd[n] = len;
      n++;
    }
    return n;
  }

  /** All feature occurrences of the body. With `spans`, each occurrence's place in the body too. */
  extract(body: string, spans = false): Features {
    const n = this.normaliseInto(body);
    const norm = this.norm;
    const orig = this.orig;
    const origEnd = this.origEnd;
    const { charMin, charMax, wordMax } = this.spec;
    const mask = this.mask;
    // At most (charMax - charMin + 1) n-grams per start plus two word features per token (≤ n), plus the length.
    const capacity = n * (charMax - charMin + 1) + 2 * n + 9;
    if (this.out.index.length < capacity) {
      this.out = { count: 0, index: new Int32Array(capacity), start: new Int32Array(capacity), end: new Int32Array(capacity) };
    }
    const index = this.out.index;
    const fStart = this.out.start;
    const fEnd = this.out.end;
    let count = 0;

    // Character n-grams: FNV-1a is incremental, so n-grams of every length from one start share the work.
    for (let s = 0; s + charMin <= n; s++) {
      let h = FNV_OFFSET;
      const stop = Math.min(n, s + charMax);
      for (let e = s; e < stop; e++) {
        h = Math.imul(h ^ norm[e]!, FNV_PRIME);
        if (e - s + 1 >= charMin) {
          if (spans) {
            fStart[count] = orig[s]!;
            fEnd[count] = origEnd[e]!;
          }
          index[count++] = h & mask;
        }
      }
    }

    // Word n-grams over the tokens between spaces.
    let prevHash = 0;
    let prevStart = -1;
    let s = 1;
    let words = 0;
    for (let e = 1; e < n; e++) {
      if (norm[e] !== SPACE) continue;
      if (e > s) {
        words++;
        let h = WORD_SEED;
        for (let k = s; k < e; k++) h = Math.imul(h ^ norm[k]!, FNV_PRIME);
        const ws = orig[s]!;
        const we = origEnd[e - 1]!;
        if (spans) {
          fStart[count] = ws;
          fEnd[count] = we;
        }
        index[count++] = h & mask;
        if (wordMax >= 2 && prevStart >= 0) {
          let p = Math.imul(Math.imul(prevHash ^ PAIR_SEED, FNV_PRIME) ^ h, FNV_PRIME);
          p ^= p >>> 15;
          if (spans) {
            fStart[count] = prevStart;
            fEnd[count] = we;
          }
          index[count++] = p & mask;
        }
        prevHash = h;
        prevStart = ws;
      }
      s = e + 1;
    }

    // Length in words: one feature, covering no characters (it is never evidence).
    const bins = this.spec.lengthBins;
    if (bins && words > 0) {
      let b = 0;
      while (b < bins.length && words > bins[b]!) b++;
      let h = Math.imul(LENGTH_SEED ^ b, FNV_PRIME);
      h ^= h >>> 15;
      if (spans) {
        fStart[count] = 0;
        fEnd[count] = 0;
      }
      index[count++] = h & mask;
    }
    this.out.count = count;
    return this.out;
  }
}

/** The value each of a message's `count` feature occurrences carries under the spec. */
export function featureValue(spec: FeatureSpec, count: number): number {
  if (count === 0) return 0;
  return spec.value === 'one' ? 1 : 1 / Math.sqrt(count);
}
