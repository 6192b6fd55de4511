import type { PrivacyDirectory } from './directory';
import { FIRST_NAMES, GATED_WORDS, NEVER_NAMES } from './first-names';

/**
 * Finding people's names in a parent's message. Three sources, most certain first:
 * 1. names the school file knows (children and parents, full names and their parts);
 * 2. a title before a surname ("Mrs Reid"), unless it is a member of staff;
 * 3. any first name from the name lists, capitalised, or after a child cue ("my son kai"). A name that is also
 *    an everyday word ("Will", "May", "Hope") needs a cue on either side ("my son Will", "Will's", "Will has").
 * Staff names, their aliases, class names and the school's name are kept (see directory.ts).
 */

export type NameKind = 'CHILD' | 'PARENT' | 'PERSON';

export interface FoundName {
  start: number;
  end: number;
  kind: NameKind;
  /** Lower number = more certain; overlapping finds are resolved in this order. */
  rank: number;
}

interface Lexicon {
  known: { re: RegExp; kind: NameKind }[];
  /** Known first names and surnames, lower-cased → kind (a child wins over a parent with the same name). */
  knownTokens: Map<string, { kind: NameKind; surname: boolean }>;
  keep: RegExp | null;
  keepTokens: Set<string>;
}

const HONORIFIC = /^(?:mr|mrs|miss|ms|mx|dr|sir)\.?$/i;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrase = (names: readonly string[]) =>
  names.length ? new RegExp(`(?<![\\w])(?:${[...names].sort((a, b) => b.length - a.length).map((n) => escapeRegExp(n).replace(/\s+/g, '\\s+')).join('|')})(?![\\w])`, 'gi') : null;

const lexicons = new WeakMap<PrivacyDirectory, Lexicon>();
function lexicon(d: PrivacyDirectory): Lexicon {
  let lex = lexicons.get(d);
  if (lex) return lex;
  const knownTokens = new Map<string, { kind: NameKind; surname: boolean }>();
  const add = (full: string, kind: NameKind) => {
    const parts = full.split(/\s+/).filter((p) => p && !HONORIFIC.test(p));
    parts.forEach((p, i) => {
      const key = p.toLowerCase();
      const prev = knownTokens.get(key);
      if (!prev || kind === 'CHILD') knownTokens.set(key, { kind, surname: i > 0 && (prev?.surname ?? true) });
    });
  };
  for (const p of d.parents) add(p, 'PARENT');
  for (const c of d.children) add(c, 'CHILD');
  const multi = (names: readonly string[]) => names.filter((n) => /\s/.test(n.trim()));
  const keepTokens = new Set(
    d.keep
      .flatMap((k) => k.split(/\s+/))
      .filter((t) => t && !HONORIFIC.test(t))
      .map((t) => t.toLowerCase())
      .filter((t) => !knownTokens.has(t)),
  );
  lex = {
    known: [
      ...multi(d.children).map((n) => ({ re: phrase([n])!, kind: 'CHILD' as const })),
      ...multi(d.parents).map((n) => ({ re: phrase([n])!, kind: 'PARENT' as const })),
    ],
    knownTokens,
    keep: phrase(d.keep.filter((k) => !knownTokens.has(k.toLowerCase()))),
    keepTokens,
  };
  lexicons.set(d, lex);
  return lex;
}

// "my son X", "her brother X", "collect X": X is a child. Checked after ADULT_BEFORE ("my sister X" is an adult).
const CHILD_BEFORE =
  /(?:\b(?:my|our|his|her|their|your|the)\s+(?:little\s+|eldest\s+|youngest\s+|oldest\s+|middle\s+|baby\s+|big\s+|twin\s+|step\s*-?|foster\s+)?(?:son|daughter|boy|girl|lad|lass|child|kid|grandson|granddaughter|nephew|niece|brother|sister|stepson|stepdaughter|sons|daughters|boys|girls|kids|children|twins)|\b(?:called|named|collect|collecting|pick\s+up|picking\s+up|and)|&)[\s,:]*$/i;
// The same cue written in lower case is strong enough to take a lower-case name ("my son kai").
const STRONG_CHILD_BEFORE = /\b(?:my|our|his|her|their)\s+(?:\S+\s+)?(?:son|daughter|boy|girl|lad|child|kid|grandson|granddaughter)s?[\s,:]*$/i;
const ADULT_BEFORE =
  /\b(?:my|our|his|her|their)\s+(?:sister|brother|partner|husband|wife|fiance|fiancée?|boyfriend|girlfriend|friend|neighbour|mum|mam|dad|uncle|aunt|auntie|aunty|cousin|nan|nana|gran|granny|grandad|grandma|stepdad|stepmum|ex)[\s,:]*$/i;
// "ellie's mum", "kai's dad": a name owned by a family member is a child's, even written in lower case.
const STRONG_CHILD_AFTER = /^['’]s\s+(?:mum|mam|mom|mummy|mother|dad|daddy|father|nan|nana|nanna|nanny|gran|granny|grandma|grandad|granddad|grandpa|auntie|aunty|aunt|uncle|stepdad|stepmum|carer|childminder)\b/i;
const CHILD_AFTER =
  /^(?:['’]s?(?![a-z])|\s+(?:wont|won't|won’t|will|isnt|isn't|isn’t|is|was|has|hasnt|hasn't|hasn’t|had|needs|cant|can't|can’t|cannot|couldnt|couldn't|didnt|didn't|didn’t|doesnt|doesn't|doesn’t|got|gets|keeps|came|comes|went|goes|said|says|told|tells|feels|felt|seems|been|being|wants|loves|hates|likes|should|would|might|must|off|and|&)\b)/i;
const SELF_BEFORE = /\b(?:i'?m|i’m|i am|it'?s|it’s|this is|my name is|name'?s|regards|thanks|thank you|cheers|love|from)[\s,:-]*$/i;
// Words that end a name rather than continue it as a surname ("Lily Wont be in").
const NOT_SURNAME = /^(?:wont|will|is|was|has|had|and|can|cant|did|does|didnt|doesnt|isnt|hasnt|needs|got|off|in|on|at|to|for|today|tomorrow|tonight|yesterday)$/i;

const TOKEN = /[A-Za-z][A-Za-z'’-]*/g;
const atSentenceStart = (before: string) => /(?:^|[.!?\n])\s*$/.test(before);
// Short all-capital words are initials and acronyms (LA, OT, MP), not names.
const isAcronym = (word: string) => word.length <= 3 && word === word.toUpperCase();

function isCapitalised(word: string): boolean {
  return /^[A-Z]/.test(word);
}

/** The word without a trailing possessive: "Lily's" → "Lily", "James’" stays "James’" minus the mark. */
function stem(word: string): string {
  return word.replace(/['’]s$/i, '').replace(/['’]$/, '');
}

function isListedName(word: string): boolean {
  const lower = word.toLowerCase();
  if (FIRST_NAMES.has(lower)) return true;
  const first = lower.split('-')[0] ?? '';
  return lower.includes('-') && FIRST_NAMES.has(first) && !NEVER_NAMES.has(first);
}

/** Every name found in `text`, possibly overlapping; the minimiser resolves overlaps by rank then length. */
export function findNames(text: string, directory: PrivacyDirectory): FoundName[] {
  const lex = lexicon(directory);
  const out: FoundName[] = [];
  for (const { re, kind } of lex.known) for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, kind, rank: 0 });

  const kept: [number, number][] = lex.keep ? [...text.matchAll(lex.keep)].map((m) => [m.index, m.index + m[0].length]) : [];
  const isKept = (s: number, e: number) => kept.some(([a, b]) => s >= a && e <= b);

  for (const m of text.matchAll(/\b(?:Mr|Mrs|Miss|Ms|Mx|Dr)\.?\s+([A-Z][A-Za-z'’-]+)/g)) {
    const name = stem(m[1] ?? '');
    const start = m.index + m[0].length - (m[1] ?? '').length;
    if (isKept(m.index, start + name.length) || lex.keepTokens.has(name.toLowerCase())) continue;
    const known = lex.knownTokens.get(name.toLowerCase());
    out.push({ start, end: start + name.length, kind: known?.kind === 'PARENT' || known?.surname ? 'PARENT' : 'PERSON', rank: 1 });
  }

  const tokens = [...text.matchAll(TOKEN)];
  tokens.forEach((m, i) => {
    const word = stem(m[0]);
    const start = m.index;
    let end = start + word.length;
    const lower = word.toLowerCase();
    const known = lex.knownTokens.get(lower);
    const capital = isCapitalised(word);
    const before = text.slice(Math.max(0, start - 48), start);
    const after = text.slice(end, end + 24);
    if (known) {
      // A surname or a name that is also a word ("Moss", "Will") only counts written as a name.
      if ((known.surname || GATED_WORDS.has(lower) || NEVER_NAMES.has(lower)) && !capital) return;
      out.push({ start, end, kind: known.kind, rank: 2 });
      return;
    }
    if (NEVER_NAMES.has(lower) || lex.keepTokens.has(lower) || isKept(start, end) || isAcronym(word)) return;
    const possessive = m[0] !== word;
    if (!isListedName(word)) {
      // "Logans dinner money": a listed name with the possessive's apostrophe left out.
      const bare = /^[A-Z][a-z]+s$/.test(word) ? word.slice(0, -1) : '';
      if (bare && isListedName(bare) && !GATED_WORDS.has(bare.toLowerCase())) out.push({ start, end: start + bare.length, kind: 'CHILD', rank: 3 });
      // Any other capitalised word with a possessive, mid-sentence ("Sami's uncle"), is most likely a person.
      else if (possessive && capital && !atSentenceStart(before) && !GATED_WORDS.has(lower)) out.push({ start, end, kind: 'PERSON', rank: 4 });
      return;
    }
    const adultBefore = ADULT_BEFORE.test(before);
    const childBefore = !adultBefore && CHILD_BEFORE.test(before);
    const strongAfter = STRONG_CHILD_AFTER.test(text.slice(end, end + 24));
    if (!capital && (GATED_WORDS.has(lower) || adultBefore || !(STRONG_CHILD_BEFORE.test(before) || strongAfter))) return;
    const self = SELF_BEFORE.test(before);
    if (GATED_WORDS.has(lower) && !(childBefore || CHILD_AFTER.test(after) || self || adultBefore)) return;
    // A capitalised word straight after the first name is its surname ("Lily Jones").
    const next = tokens[i + 1];
    if (next && text.slice(end, next.index) === ' ' && /^[A-Z][a-z]/.test(next[0]) && m[0] === word) {
      const surname = stem(next[0]).toLowerCase();
      if (!NEVER_NAMES.has(surname) && !GATED_WORDS.has(surname) && !lex.keepTokens.has(surname) && !NOT_SURNAME.test(surname))
        end = next.index + stem(next[0]).length;
    }
    const childAfter = CHILD_AFTER.test(text.slice(end, end + 24));
    const kind: NameKind = adultBefore ? 'PERSON' : childBefore || childAfter ? 'CHILD' : self ? 'PARENT' : 'PERSON';
    out.push({ start, end, kind, rank: 3 });
  });
  return out;
}

/**
 * The words of a name found once that identify the person when seen again: the whole name and each part of it
 * that is not a family word, a title or a staff, class or school word. Lower-cased.
 */
export function nameParts(surface: string, directory: PrivacyDirectory): string[] {
  const lex = lexicon(directory);
  const whole = surface.toLowerCase().replace(/\s+/g, ' ').trim();
  const parts = whole.split(' ').filter((w) => w.length >= 2 && !NEVER_NAMES.has(w) && !lex.keepTokens.has(w) && !HONORIFIC.test(w));
  return [...new Set([whole, ...parts])];
}

/**
 * Every further occurrence of names already found (in this text or earlier in the session), so "ellie's mum, ellie
 * is off" loses both. A name that is also an everyday word ("will", "may") counts again only written as a name.
 */
export function findRepeats(text: string, seen: ReadonlyMap<string, NameKind>): FoundName[] {
  const out: FoundName[] = [];
  for (const [name, kind] of seen) {
    const re = new RegExp(`(?<![\\w])${escapeRegExp(name).replace(/\s+/g, '\\s+')}(?![\\w])`, 'gi');
    for (const m of text.matchAll(re)) {
      if (GATED_WORDS.has(name) && !isCapitalised(m[0])) continue;
      out.push({ start: m.index, end: m.index + m[0].length, kind, rank: 2 });
    }
  }
  return out;
}
