/**
 * A cheap test, run once per message, that tells which of the big rule patterns cannot match, so their
 * scans are skipped. Most messages are ordinary enquiries in which no insult, threat or claim pattern can
 * match, yet each pattern would still be tried at every word.
 *
 * The words come from the patterns themselves, never from a hand-kept list: `requiredLiterals` reads a
 * pattern's source and works out strings, one of which every match must contain ("fu" for f+u+c+k+,
 * "dead" for "...\s+dead(?:\s+meat)?"). Each string longer than two characters is keyed by one of its
 * three-letter windows; a message is scanned once for its windows, and a pattern is run only when one of
 * its keys is present. A key can be present without the word (a false alarm costs one scan, as before);
 * the word cannot be present without its key, so no match is ever skipped. A pattern with a shorter
 * string ("i", "u") always runs.
 */

/** A set of alternative strings; null when nothing can be said. */
type Strings = string[] | null;

interface Info {
  /** Every string the node can match (null: unknown or too many). */
  exact: Strings;
  /** Every match starts with one of these. */
  pre: Strings;
  /** Every match ends with one of these. */
  suf: Strings;
  /** Whenever the node matches, the searched text contains one of these. */
  req: Strings;
}

const MAX_SET = 64;
const MAX_LEN = 16;
const UNKNOWN: Info = { exact: null, pre: null, suf: null, req: null };
const EMPTY: Info = { exact: [''], pre: [''], suf: [''], req: null };

const uniq = (xs: string[]): string[] => [...new Set(xs)];

function product(a: string[], b: string[], keep: 'head' | 'tail'): string[] | null {
  if (a.length * b.length > MAX_SET) return null;
  const out: string[] = [];
  for (const x of a) {
    for (const y of b) {
      const s = x + y;
      out.push(s.length <= MAX_LEN ? s : keep === 'head' ? s.slice(0, MAX_LEN) : s.slice(s.length - MAX_LEN));
    }
  }
  return uniq(out);
}

/** Higher is more selective: the shortest string counts, then how few there are. */
function score(s: Strings): number {
  if (!s || s.length === 0) return -1;
  let min = Infinity;
  for (const x of s) min = Math.min(min, x.length);
  return min === 0 ? -1 : min * 1000 - s.length;
}

function better(a: Strings, b: Strings): Strings {
  return score(b) > score(a) ? b : a;
}

/** The most selective set of strings a match of this node guarantees in the text. */
function bestOf(i: Info): Strings {
  let b = better(i.req, i.exact);
  b = better(b, i.pre);
  b = better(b, i.suf);
  return score(b) > 0 ? b : null;
}

/** Drops strings that contain another of the set ("knobs" when "knob" is there): the text holds one either way. */
function minimal(set: string[]): string[] {
  return set.filter((s) => !set.some((t) => t !== s && s.includes(t)));
}

/** `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
const GROUP_OPENER = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>))?/;

/** Every branch's strings together (for `req`, each branch's best), or null when a branch has none or there are too many. */
function union(branches: Info[], field: keyof Info, cap: number): Strings {
  const out = new Set<string>();
  for (const b of branches) {
    const s = field === 'req' ? bestOf(b) : b[field];
    if (!s) return null;
    for (const x of s) out.add(x);
    if (out.size > cap) return null;
  }
  return [...out];
}

const groupCache = new Map<string, Info>();

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.pos !== this.src.length) throw new Error(`unexpected ${this.src[this.pos]} at ${this.pos}`);
    return info;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    const exact = union(branches, 'exact', MAX_SET);
    const req = union(branches, 'req', MAX_SET * 4);
    return { exact, pre: union(branches, 'pre', MAX_SET * 4), suf: union(branches, 'suf', MAX_SET * 4), req: req && minimal(req) };
  }

  private sequence(): Info {
    const items: Info[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') items.push(this.quantified());
    return concat(items);
  }

  private quantified(): Info {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    if (min === 0) {
      // Optional: the empty string joins the exact set; nothing is guaranteed.
      if (max === 1 && atom.exact && atom.exact.length < MAX_SET) {
        const exact = uniq(['', ...atom.exact]);
        return { exact, pre: exact, suf: exact, req: null };
      }
      return { ...EMPTY, exact: null, pre: [''], suf: [''] };
    }
    // At least once: a match starts with a match of the atom and ends with one.
    let exact: Strings = null;
    if (min === max && atom.exact) {
      exact = [''];
      for (let k = 0; k < min && exact; k++) exact = product(exact, atom.exact, 'head');
      if (exact?.some((s) => s.length === MAX_LEN)) exact = null;
    }
    return { exact, pre: atom.pre ?? atom.exact, suf: atom.suf ?? atom.exact, req: bestOf(atom) };
  }

  private quantifier(): [number, number] | null {
    const c = this.src[this.pos];
    let q: [number, number] | null = null;
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return null;
      const min = Number(m[1]);
      q = [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
      this.pos += m[0].length - 1;
    }
    if (!q) return null;
    this.pos++;
    if (this.src[this.pos] === '?') this.pos++; // lazy: same strings
    return q;
  }

  private atom(): Info {
    const c = this.src[this.pos]!;
    if (c === '(') return this.group();
    if (c === '[') return chars(this.klass());
    if (c === '\\') return this.escape();
    this.pos++;
    if (c === '.') return UNKNOWN;
    if (c === '^' || c === '$') return EMPTY;
    return chars([c]);
  }

  private group(): Info {
    const opener = GROUP_OPENER.exec(this.src.slice(this.pos, this.pos + 64))![0];
    this.pos += opener.length;
    // Positive look-arounds still need their text to be there; negative ones promise nothing.
    const look = opener === '(?=' || opener === '(?<=' ? 'positive' : opener === '(?!' || opener === '(?<!' ? 'negative' : null;
    // The same group text (a shared word list such as ROLE_SOURCE) is read once, whichever pattern holds it.
    const end = this.closingParen(this.pos);
    const text = this.src.slice(this.pos, end);
    let inner = groupCache.get(text);
    if (inner) this.pos = end;
    else {
      inner = this.alternation();
      if (this.pos !== end) throw new Error(`unclosed group at ${this.pos}`);
      groupCache.set(text, inner);
    }
    this.pos++;
    if (!look) return inner;
    return { ...EMPTY, req: look === 'positive' ? bestOf(inner) : null };
  }

  /** The index of the `)` that closes a group whose body starts at `from`. */
  private closingParen(from: number): number {
    let depth = 0;
    let inClass = false;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '\\') i++;
      else if (inClass) inClass = c !== ']';
      else if (c === '[') inClass = true;
      else if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return i;
        depth--;
      }
    }
    throw new Error(`unclosed group at ${from}`);
  }

  private escape(): Info {
    const c = this.src[this.pos + 1]!;
    this.pos += 2;
    if (c === 'b' || c === 'B') return EMPTY;
    if ('dDwWsS'.includes(c)) return UNKNOWN;
    if (c >= '1' && c <= '9') return UNKNOWN; // back-reference
    if (c === 'k' || c === 'p' || c === 'P') throw new Error(`\\${c} is not supported`);
    return chars([this.escapedChar(c)]);
  }

  private escapedChar(c: string): string {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };
    if (simple[c]) return simple[c];
    if (c === 'u' || c === 'x') {
      const n = c === 'u' ? 4 : 2;
      const hex = this.src.slice(this.pos, this.pos + n);
      this.pos += n;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    if (c === 'c') throw new Error('\\c is not supported');
    return c;
  }

  /** The characters of a [...] class, or null when it is negated, has a \w-like escape or is large. */
  private klass(): string[] | null {
    this.pos++;
    let negated = false;
    if (this.src[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const out: string[] = [];
    let known = true;
    while (this.src[this.pos] !== ']') {
      let c = this.src[this.pos];
      if (c === undefined) throw new Error('unclosed class');
      this.pos++;
      if (c === '\\') {
        const e = this.src[this.pos]!;
        this.pos++;
        if ('dDwWsSbB'.includes(e)) {
          known = false;
          continue;
        }
        c = this.escapedChar(e);
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']') {
        this.pos++;
        let d = this.src[this.pos]!;
        this.pos++;
        if (d === '\\') {
          const e = this.src[this.pos]!;
          this.pos++;
          d = this.escapedChar(e);
        }
        const from = c.charCodeAt(0);
        const to = d.charCodeAt(0);
        if (to - from > 16) known = false;
        else for (let k = from; k <= to; k++) out.push(String.fromCharCode(k));
        continue;
      }
      out.push(c);
    }
    this.pos++;
    return negated || !known || out.length > 16 ? null : uniq(out);
  }
}

function chars(cs: string[] | null): Info {
  if (!cs) return UNKNOWN;
  return { exact: cs, pre: cs, suf: cs, req: null };
}

function concat(items: Info[]): Info {
  if (items.length === 0) return EMPTY;
  if (items.length === 1) return items[0]!;
  // Exact: every item exact.
  let exact: Strings = [''];
  for (const it of items) {
    exact = exact && it.exact ? product(exact, it.exact, 'head') : null;
    if (!exact) break;
  }
  if (exact?.some((s) => s.length === MAX_LEN)) exact = null;
  // Prefix: exact items from the left, then the first inexact item's prefix.
  let pre: string[] = [''];
  for (const it of items) {
    const next = it.exact ?? it.pre;
    const p = next ? product(pre, next, 'head') : null;
    if (!p) break;
    pre = p;
    if (!it.exact) break;
  }
  let suf: string[] = [''];
  for (let k = items.length - 1; k >= 0; k--) {
    const it = items[k]!;
    const next = it.exact ?? it.suf;
    const p = next ? product(next, suf, 'tail') : null;
    if (!p) break;
    suf = p;
    if (!it.exact) break;
  }
  // Required: the best of each item's own guarantee and of the runs of text that must appear unbroken.
  let req: Strings = null;
  let run: string[] = [''];
  for (const it of items) {
    req = better(req, bestOf(it));
    if (it.exact) {
      const p = product(run, it.exact, 'tail');
      if (p) run = p;
      else {
        req = better(req, run);
        run = it.exact;
      }
    } else {
      const p = it.pre ? product(run, it.pre, 'tail') : null;
      req = better(req, p ?? run);
      run = it.suf ?? [''];
    }
  }
  req = better(req, run);
  return { exact, pre, suf, req: score(req) > 0 ? req : null };
}

/**
 * Strings one of which the text must contain for `source` to match anywhere in it (as a whole or in any
 * slice), or null when none can be read. Supports the syntax the conduct rules use (no `u`/`v` flag).
 */
export function requiredLiterals(source: string): string[] | null {
  const best = bestOf(new Parser(source).parse());
  return best && minimal(best);
}

// ---- the per-message test

/** Letters keep their identity; digits share one code and every other character another. */
const CODES = new Uint8Array(128);
for (let c = 97; c <= 122; c++) CODES[c] = c - 96;
for (let c = 48; c <= 57; c++) CODES[c] = 27;
const code = (c: number): number => (c < 128 ? CODES[c]! : 0);
const SIZE = 28 * 28 * 28;

/** Letter frequency rank in English (e commonest); a key of rarer letters sends the scan to its literals less often. */
const COMMON = 'etaoinshrdlcumwfgypbvkjxqz';
/** Three-letter runs found in most messages: never a key while a literal has a rarer one. */
const FREQUENT = new Set(
  'the and ing ion tio ent for her ter hat tha ere his you thi wit ith are not ave hav was all ill wil one our ome ver ell ver ted ter'.split(' '),
);
function rarity(s: string, i: number): number {
  if (FREQUENT.has(s.slice(i, i + 3))) return -100;
  let r = 0;
  for (let k = i; k < i + 3; k++) {
    const at = COMMON.indexOf(s[k]!);
    r += at < 0 ? -10 : at;
  }
  return r;
}

const ALWAYS = -1;
const patterns: RegExp[] = [];
/**
 * The literals, each once, filed under one of its three-character windows (a linked list per key), with the
 * patterns that need it ("know" serves five).
 */
const head = new Int32Array(SIZE).fill(-1);
const next: number[] = [];
const literal: string[] = [];
const offset: number[] = [];
const owners: number[][] = [];
const entryOf = new Map<string, number>();

/**
 * Registers a pattern that runs over the whole prepared text (or slices of it); returns the handle
 * `Doc.mayMatch` takes. Patterns are registered when their modules load, before any message is read.
 */
export function needles(re: RegExp): number {
  // A case-insensitive or unicode pattern could match what its source does not spell; such a pattern always runs.
  if (/[iuv]/.test(re.flags)) return ALWAYS;
  let lits: string[] | null;
  try {
    lits = requiredLiterals(re.source);
  } catch {
    lits = null; // syntax the reader does not know: always run rather than guess
  }
  if (!lits || lits.some((l) => l.length < 3)) return ALWAYS;
  const id = patterns.length;
  patterns.push(re);
  for (const l of lits) {
    const known = entryOf.get(l);
    if (known !== undefined) {
      owners[known]!.push(id);
      continue;
    }
    let at = 0;
    for (let i = 1; i + 3 <= l.length; i++) if (rarity(l, i) > rarity(l, at)) at = i;
    const k = (code(l.charCodeAt(at)) * 28 + code(l.charCodeAt(at + 1))) * 28 + code(l.charCodeAt(at + 2));
    entryOf.set(l, literal.length);
    next.push(head[k]!);
    head[k] = literal.length;
    literal.push(l);
    offset.push(at);
    owners.push([id]);
  }
  return id;
}

/** Every pattern that got keys, its handle being its index (the soundness test checks each one). */
export function keyedPatterns(): readonly RegExp[] {
  return patterns;
}

/** Which registered patterns may match a text: one bit per pattern registered so far. */
export interface NeedleScan {
  bits: Uint32Array;
  /** Patterns registered when the text was scanned; a later one was not looked for, so it may match. */
  count: number;
}

/** One pass over `text`: a pattern's bit is set when one of its literals is in the text. */
export function scanNeedles(text: string): NeedleScan {
  const bits = new Uint32Array((patterns.length >> 5) + 1);
  const scan = { bits, count: patterns.length };
  const n = text.length;
  // a, b: codes of the two characters before i.
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    const c = ch < 128 ? CODES[ch]! : 0;
    const key = (a * 28 + b) * 28 + c;
    a = b;
    b = c;
    if (i < 2) continue;
    for (let e = head[key]!; e >= 0; e = next[e]!) {
      // The key only narrows the search (other characters share its codes); the literal itself must be there.
      const lit = literal[e]!;
      const from = i - 2 - offset[e]!;
      if (from < 0 || from + lit.length > n) continue;
      let k = 0;
      while (k < lit.length && text.charCodeAt(from + k) === lit.charCodeAt(k)) k++;
      if (k < lit.length) continue;
      for (const id of owners[e]!) bits[id >> 5] = bits[id >> 5]! | (1 << (id & 31));
    }
  }
  return scan;
}

/** True unless the pattern registered as `id` cannot match the text `scan` was made from. */
export function mayMatch(scan: NeedleScan, id: number): boolean {
  return id === ALWAYS || id >= scan.count || (scan.bits[id >> 5]! & (1 << (id & 31))) !== 0;
}
