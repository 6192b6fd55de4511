/**
 * A small phrase matcher over words, built for speed: the message is split into lower-case words once,
 * each word is looked up in an index of the phrases that can start with it, and only those phrases are
 * checked further. Hundreds of phrases then cost about as much as a few regular expressions.
 *
 * Phrase syntax (words separated by spaces; apostrophes are dropped, so write "wont", "im", "ill" for "I'll";
 * a final "'s" is dropped, so "dad's" and "he's" are "dad" and "he", while the typed "dads" and "hes" stay):
 *   a|b|c      one word out of these; `abc*` is any word starting with "abc" (at least 3 letters)
 *   _          any one word
 *   #          a number ("3" in "3.15pm"; digits and letters are separate words: "8am" is "8" "am")
 *   @          a capitalised word that does not start a sentence (usually a name: "hit Finlay")
 *   ?x         the slot x is optional
 *   ~N         skip up to N words
 * A phrase never spans two sentences. The first slot must not be _, ? or ~.
 */

export interface Cue<F extends string> {
  readonly family: F;
  readonly weight: number;
  readonly phrase: string;
}

interface Slot {
  kind: 'words' | 'any' | 'num' | 'name' | 'gap';
  optional: boolean;
  exact: ReadonlySet<string> | null;
  prefixes: readonly string[] | null;
  /** A words slot may also accept a name (`him|her|@`) or a number (`two|#`). */
  orName: boolean;
  orNumber: boolean;
  gap: number;
}

interface CompiledCue<F extends string> {
  id: number;
  family: F;
  weight: number;
  phrase: string;
  slots: Slot[];
}

/** One match of a cue: token indices [start, end) and character offsets into the original body. */
export interface Hit<F extends string> {
  cue: number;
  family: F;
  weight: number;
  tokStart: number;
  tokEnd: number;
  start: number;
  end: number;
}

/** The words of one message with their offsets. Arrays are reused between messages. */
export class Tokens {
  text: string[] = [];
  start: number[] = [];
  end: number[] = [];
  sentence: number[] = [];
  /** 1 when the word was capitalised in the message and does not open a sentence. */
  name: number[] = [];
  count = 0;
  body = '';

  /** Character span [start, end) covering words a..b-1. */
  span(a: number, b: number): { start: number; end: number } {
    return { start: this.start[a]!, end: this.end[b - 1]! };
  }
}

const A = 97;
const Z = 122;
const D0 = 48;
const D9 = 57;

function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}
const isLetter = (c: number) => (c >= A && c <= Z) || c === 0xe9 || c === 0xe8; // é, è in loanwords
const isDigit = (c: number) => c >= D0 && c <= D9;
const isApostrophe = (c: number) => c === 39 || c === 0x2019 || c === 0x2018;
const isSentenceEnd = (c: number) => c === 46 || c === 33 || c === 63 || c === 10 || c === 59;

/** Split a message into lower-case words (letters or digits), dropping apostrophes inside words. */
export function tokenize(body: string, into: Tokens): Tokens {
  let n = 0;
  let sentence = 0;
  let sentenceOpen = true; // no word yet in the current sentence
  const len = body.length;
  let i = 0;
  while (i < len) {
    const c0 = lowerCode(body.charCodeAt(i));
    if (isLetter(c0) || isDigit(c0)) {
      const digits = isDigit(c0);
      const s = i;
      let hasApos = false;
      let possessive = -1;
      i++;
      while (i < len) {
        const c = lowerCode(body.charCodeAt(i));
        if (digits ? isDigit(c) : isLetter(c)) {
          i++;
          continue;
        }
        // An apostrophe between two letters stays inside the word ("won't" -> "wont"), except a final "'s"
        // ("dad's", "he's", "eczema's"), which is dropped so the word matches its plain form.
        if (!digits && isApostrophe(c) && i + 1 < len && isLetter(lowerCode(body.charCodeAt(i + 1)))) {
          if (lowerCode(body.charCodeAt(i + 1)) === 115 && (i + 2 >= len || !isLetter(lowerCode(body.charCodeAt(i + 2))))) {
            possessive = i;
            i += 2;
            break;
          }
          hasApos = true;
          i++;
          continue;
        }
        break;
      }
      const wordEnd = possessive >= 0 ? possessive : i;
      let word = body.slice(s, wordEnd).toLowerCase();
      if (hasApos) word = word.replace(/['\u2018\u2019]/g, '');
      const first = body.charCodeAt(s);
      into.text[n] = word;
      into.start[n] = s;
      into.end[n] = wordEnd;
      into.sentence[n] = sentence;
      // A possessive ("Zac's timetable") names an owner, not the person a phrase is about.
      into.name[n] = !sentenceOpen && possessive < 0 && first >= 65 && first <= 90 ? 1 : 0;
      sentenceOpen = false;
      n++;
      continue;
    }
    // "3.15" is a time, not the end of a sentence.
    if (isSentenceEnd(c0) && !(c0 === 46 && i > 0 && isDigit(body.charCodeAt(i - 1)) && isDigit(body.charCodeAt(i + 1)))) {
      if (!sentenceOpen) {
        sentence++;
        sentenceOpen = true;
      }
    }
    i++;
  }
  into.count = n;
  into.body = body;
  return into;
}

function key3(w: string): number {
  return w.length < 3 ? -1 : (w.charCodeAt(0) << 16) ^ (w.charCodeAt(1) << 8) ^ w.charCodeAt(2);
}

function parseSlot(src: string, phrase: string): Slot {
  let s = src;
  let optional = false;
  if (s.startsWith('?')) {
    optional = true;
    s = s.slice(1);
  }
  if (s.startsWith('~')) {
    const gap = Number(s.slice(1));
    if (!Number.isInteger(gap) || gap < 1) throw new Error(`bad gap "${src}" in phrase "${phrase}"`);
    return { kind: 'gap', optional: false, exact: null, prefixes: null, orName: false, orNumber: false, gap };
  }
  const bare = { optional, exact: null, prefixes: null, orName: false, orNumber: false, gap: 0 };
  if (s === '_') return { kind: 'any', ...bare };
  if (s === '#') return { kind: 'num', ...bare };
  if (s === '@') return { kind: 'name', ...bare };
  const exact = new Set<string>();
  const prefixes: string[] = [];
  let orName = false;
  let orNumber = false;
  for (const alt of s.split('|')) {
    if (alt === '@') {
      orName = true;
      continue;
    }
    if (alt === '#') {
      orNumber = true;
      continue;
    }
    if (!/^[a-z0-9éè]+\*?$/.test(alt)) throw new Error(`bad word "${alt}" in phrase "${phrase}"`);
    if (alt.endsWith('*')) {
      if (alt.length < 4) throw new Error(`prefix "${alt}" in phrase "${phrase}" needs at least 3 letters`);
      prefixes.push(alt.slice(0, -1));
    } else exact.add(alt);
  }
  return { kind: 'words', optional, exact, prefixes: prefixes.length ? prefixes : null, orName, orNumber, gap: 0 };
}

function slotMatches(slot: Slot, t: Tokens, i: number): boolean {
  switch (slot.kind) {
    case 'any':
      return true;
    case 'num': {
      const c = t.text[i]!.charCodeAt(0);
      return c >= D0 && c <= D9;
    }
    case 'name':
      return t.name[i] === 1;
    case 'words': {
      const w = t.text[i]!;
      if (slot.exact!.has(w)) return true;
      if (slot.prefixes) for (const p of slot.prefixes) if (w.startsWith(p)) return true;
      if (slot.orName && t.name[i] === 1) return true;
      if (slot.orNumber) {
        const c = w.charCodeAt(0);
        return c >= D0 && c <= D9;
      }
      return false;
    }
    default:
      return false;
  }
}

/** A set of cues compiled once; `match` finds every cue in a message (each cue counted once). */
export class PhraseMatcher<F extends string> {
  private readonly cues: CompiledCue<F>[] = [];
  /**
   * Cues by their first word. Those whose second slot is plain words too are filed under that second word: the
   * common first words ("not", "no", "dont") start dozens of cues, and the next word rules most of them out.
   */
  private readonly byWord = new Map<string, { any: number[]; next: Map<string, number[]> | null }>();
  private readonly byPrefix = new Map<number, number[]>();
  /** Phrases that can start with a number (`#`) or a name (`@`), tried at every number or name. */
  private readonly byNumber: number[] = [];
  private readonly byName: number[] = [];
  private readonly seen: Uint8Array;
  private readonly hits: Hit<F>[] = [];

  constructor(cues: readonly Cue<F>[]) {
    cues.forEach((c, id) => {
      const slots = c.phrase.trim().split(/\s+/).map((s) => parseSlot(s, c.phrase));
      const first = slots[0]!;
      if (first.optional || (first.kind !== 'words' && first.kind !== 'num' && first.kind !== 'name')) throw new Error(`phrase "${c.phrase}" must start with words, # or @`);
      if (slots[slots.length - 1]!.kind === 'gap') throw new Error(`phrase "${c.phrase}" must not end with a gap`);
      this.cues.push({ id, family: c.family, weight: c.weight, phrase: c.phrase, slots });
      if (first.kind === 'num' || first.orNumber) this.byNumber.push(id);
      if (first.kind === 'name' || first.orName) this.byName.push(id);
      const second = slots[1];
      const pairable = second !== undefined && second.kind === 'words' && !second.optional && !second.prefixes && !second.orName && !second.orNumber;
      for (const w of first.exact ?? []) {
        let entry = this.byWord.get(w);
        if (!entry) {
          entry = { any: [], next: null };
          this.byWord.set(w, entry);
        }
        if (!pairable) {
          entry.any.push(id);
          continue;
        }
        if (!entry.next) entry.next = new Map();
        for (const w2 of second.exact!) push(entry.next, w2, id);
      }
      for (const p of first.prefixes ?? []) push(this.byPrefix, key3(p), id);
    });
    this.seen = new Uint8Array(this.cues.length);
  }

  get size(): number {
    return this.cues.length;
  }

  phrase(cue: number): string {
    return this.cues[cue]!.phrase;
  }

  /** Every cue found in the tokens, in order of where it starts. The returned array is reused by the next call. */
  match(t: Tokens): readonly Hit<F>[] {
    const hits = this.hits;
    hits.length = 0;
    for (let i = 0; i < t.count; i++) {
      const w = t.text[i]!;
      const entry = this.byWord.get(w);
      if (entry) {
        // Filed under this very word (and the next): those slots hold, so only the rest is checked.
        for (const id of entry.any) this.tryFrom(id, t, i, 1);
        if (entry.next && i + 1 < t.count && t.sentence[i + 1] === t.sentence[i]) {
          const both = entry.next.get(t.text[i + 1]!);
          if (both) for (const id of both) this.tryFrom(id, t, i, 2);
        }
      }
      if (w.length >= 3) {
        const pre = this.byPrefix.get(key3(w));
        if (pre) for (const id of pre) this.tryAt(id, t, i);
      }
      const c = w.charCodeAt(0);
      if (c >= D0 && c <= D9) for (const id of this.byNumber) this.tryAt(id, t, i);
      if (t.name[i] === 1) for (const id of this.byName) this.tryAt(id, t, i);
    }
    for (const h of hits) this.seen[h.cue] = 0;
    return hits;
  }

  private tryAt(id: number, t: Tokens, i: number): void {
    if (this.seen[id] || !slotMatches(this.cues[id]!.slots[0]!, t, i)) return;
    this.tryFrom(id, t, i, 1);
  }

  /** The cue's first `known` slots are known to match words i, i+1, ...: match the rest and record the hit. */
  private tryFrom(id: number, t: Tokens, i: number, known: number): void {
    if (this.seen[id]) return;
    const cue = this.cues[id]!;
    const end = matchFrom(cue.slots, known, t, i + known, t.sentence[i]!);
    if (end < 0) return;
    this.seen[id] = 1;
    this.hits.push({ cue: id, family: cue.family, weight: cue.weight, tokStart: i, tokEnd: end, start: t.start[i]!, end: t.end[end - 1]! });
  }
}

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Match slots[s..] from token i within one sentence; the end token index, or -1. Shortest match wins. */
function matchFrom(slots: readonly Slot[], s: number, t: Tokens, i: number, sentence: number): number {
  if (s === slots.length) return i;
  const slot = slots[s]!;
  if (slot.kind === 'gap') {
    for (let skip = 0; skip <= slot.gap; skip++) {
      const j = i + skip;
      if (j > t.count || (j < t.count && t.sentence[j] !== sentence && s + 1 < slots.length)) break;
      const r = matchFrom(slots, s + 1, t, j, sentence);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (i < t.count && t.sentence[i] === sentence && slotMatches(slot, t, i)) {
    const r = matchFrom(slots, s + 1, t, i + 1, sentence);
    if (r >= 0) return r;
  }
  return slot.optional ? matchFrom(slots, s + 1, t, i, sentence) : -1;
}
