/**
 * Who a remark is aimed at. Insults and claims only count when they are about someone: the reader
 * ("you", "you lot"), the staff (named, titled, or by role), the school, or another person. This
 * module finds staff mentions and reads the few words around an insult to find its target.
 */
import { PERSON_NOUNS, SECOND_PERSON } from './lexicon';
import type { Doc, Span, Token } from './text';

export interface ConductContext {
  /** Names and aliases of the school's staff, so a remark about a named member of staff is recognised. */
  readonly staffNames: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Staff names from the school file, compiled once per list (the combiner passes the same array each time). */
const staffRegexCache = new WeakMap<readonly string[], RegExp | null>();
function staffNameRegex(names: readonly string[]): RegExp | null {
  let re = staffRegexCache.get(names);
  if (re === undefined) {
    const parts = names
      .map((n) => n.trim().toLowerCase())
      .filter((n) => n.length >= 3)
      .sort((a, b) => b.length - a.length)
      .map((n) => escapeRegExp(n).replace(/\s+/g, '\\s+'));
    re = parts.length ? new RegExp(`\\b(?:${parts.join('|')})\\b`, 'g') : null;
    staffRegexCache.set(names, re);
  }
  return re;
}

/** Mr/Mrs/Miss/Ms + surname. Lower-case "miss" is a verb, so it needs a capitalised surname. */
const TITLED = /\b(?:(?:Mr|Mrs|Miss|Ms|Mx|Dr|Sir|MR|MRS|MISS|MS)\.?\s+[A-Z][A-Za-z'-]+|(?:mr|mrs|ms|mx)\.?\s+[a-z][a-z'-]+)/g;

/** A member of staff, the staff or the school named by role, with a determiner so "head lice" and "ta x" are not staff. */
export const ROLE_SOURCE =
  "(?:the|your|ur|yer|that|this|his|her|their|our|those|these|all\\s+the|all\\s+your)\\s+(?:(?:new|supply|other|class|office|lunchtime|dinner|school|female|male|reception|nursery|year\\s+\\d+|[a-z]+'s)\\s+)?(?:head\\s?teachers?|head\\s?mistress|head\\s?master|deputy(?:\\s+head)?|sencos?|dsl|tas|ta|teaching\\s+assistants?|teachers?|dinner\\s+lad(?:y|ies)|lunch(?:time)?\\s+(?:staff|lad(?:y|ies)|supervisors?)|office(?:\\s+staff)?|receptionists?|reception|staff|caretaker|governors?|escorts?|drivers?|management|slt|school|academy)" +
  // "his head" is a body part; only "the/your/that head" is the head teacher.
  "|(?:the|your|ur|that|this|our)\\s+(?:new\\s+|deputy\\s+|acting\\s+)?heads?(?!\\s+(?:injury|injuries|lice|bump|wound|cold|band|ache|phones?|torch|start|first|count|of\\s+hair|down|up|girl|boy|off|in|on))" +
  "|\\b(?:head\\s?teacher|senco|receptionist|caretaker|teaching\\s+assistant)s?|whoever(?:'s|\\s+is|\\s+was)\\s+(?:on|running|in\\s+charge)";
const ROLE = new RegExp(`\\b(?:${ROLE_SOURCE})\\b`, 'g');

export interface Mention extends Span {
  kind: 'staff' | 'school';
}

const mentionCache = new WeakMap<Doc, Mention[]>();

/** Every mention of staff or the school in the message, in order. */
export function staffMentions(doc: Doc, ctx: ConductContext): Mention[] {
  let out = mentionCache.get(doc);
  if (out) return out;
  out = [];
  const names = staffNameRegex(ctx.staffNames);
  if (names) {
    names.lastIndex = 0;
    for (let m = names.exec(doc.lower); m; m = names.exec(doc.lower)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'staff' });
  }
  TITLED.lastIndex = 0;
  for (let m = TITLED.exec(doc.body); m; m = TITLED.exec(doc.body)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'staff' });
  ROLE.lastIndex = 0;
  for (let m = ROLE.exec(doc.lower); m; m = ROLE.exec(doc.lower)) {
    out.push({ start: m.index, end: m.index + m[0].length, kind: /(?:school|academy)$/.test(m[0]) ? 'school' : 'staff' });
  }
  out.sort((a, b) => a.start - b.start);
  mentionCache.set(doc, out);
  return out;
}

/** Another person the writer is talking about (not their own child): staff, or "that boy", "his dad", "the Kellys". */
const OTHER_PERSON =
  /\b(?:that|this|those|these|the\s+other|some)\s+(?:\w+\s+)?(?:kids?|boys?|girls?|lads?|child|children|family|families|woman|women|man|men|dad|mum|lady|bloke|parents?|teachers?|ta|pupils?)\b|\b(?:his|her|their)\s+(?:mum|dad|mother|father|parents)\b/;

/** True when, before `pos`, the message mentions staff or another person, so "she"/"he" can be them rather than the writer's child. */
export function otherPersonBefore(doc: Doc, ctx: ConductContext, pos: number): boolean {
  for (const m of staffMentions(doc, ctx)) if (m.start < pos) return true;
  return OTHER_PERSON.test(doc.lower.slice(0, pos));
}

/**
 * `thing`: it/this/that; `other`: a noun that is not a person ("the app", or a subject too long to read);
 * `name`: a capitalised word we cannot place (a child's name, or "ParentPay"): enough for name-calling, not for an adjective.
 */
export type TargetKind = 'you' | 'staff' | 'school' | 'person' | 'name' | 'pronoun' | 'self' | 'thing' | 'other' | 'external' | 'none';
export type TargetHow = 'predicate' | 'attributive' | 'vocative' | 'postposed' | 'standalone' | 'none';

export interface Target {
  kind: TargetKind;
  how: TargetHow;
  negated: boolean;
  /** Where the target is written, for the evidence span (null when implied). */
  at: Span | null;
}

const NEGATORS = new Set(['not', 'never', 'no', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt', "weren't", 'werent', "ain't", 'aint', "don't", "doesn't", "didn't", 'hardly', 'nothing']);
/** Words that may sit between a copula and the insult: articles, intensifiers, list glue. */
const FILLER = new Set(
  (
    'a an the such so just absolutely absolute complete completely total totally utter utterly really proper properly right most ' +
    'biggest all bunch pack load shower set of and , actually clearly obviously literally genuinely honestly very quite pretty too bit ' +
    'being one ever but little old such frankly seriously officially definitely also now still always only nothing like as half ' +
    'bloody bleeding bleedin sodding flipping frigging friggin effing effin fucking fuckin f-ing whole lot kind sort'
  ).split(' '),
);
const SWEAR_INTENSIFIER = /^(?:f[a-z*#@$!%]*(?:ing|in|in')|eff(?:ing|in)|sh[a-z*#@$!1]*ty|sh[a-z*#@$!1]*te?)$/;
const COPULA = new Set(['is', 'are', 'was', 'were', 'r', 'be', 'been', 'being', 'am', 'seem', 'seems', 'seemed', 'look', 'looks', 'sound', 'sounds', 'become', 'became', 'remain', 'remains', 'acting', 'act', 'acts', 'behave', 'behaving', 'behaves', 'called']);
const SUBJECT_COPULA: Record<string, TargetKind> = {
  "you're": 'you', youre: 'you', ur: 'you', "u're": 'you', ure: 'you', "you's": 'you',
  "he's": 'pronoun', hes: 'pronoun', "she's": 'pronoun', shes: 'pronoun', "they're": 'pronoun', theyre: 'pronoun',
  "it's": 'thing', its: 'thing', "that's": 'thing', thats: 'thing', "this's": 'thing', "there's": 'thing', theres: 'thing', "what's": 'thing',
  "i'm": 'self', im: 'self', "we're": 'self',
};
/** Bodies outside the school community: insulting them is not a breach of the parents' code. */
const EXTERNAL = new Set(['council', 'councils', 'la', 'government', 'ofsted', 'dfe', 'nhs', 'camhs', 'company', 'firm', 'firms', 'contractor', 'contractors', 'politicians', 'police', 'hospital', 'gp', 'doctors', 'bbc', 'news', 'media']);
const SELF = new Set(['i', 'me', 'we', 'us', 'myself', 'ourselves', "i've", 'ive', "i'd"]);
const PRONOUNS = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'who']);
const THINGS = new Set(['it', 'this', 'that', 'which', 'what', 'there', 'these', 'those', 'things', 'everything', 'nothing', 'anything']);
const PREPOSITIONS = new Set(['from', 'of', 'at', 'in', 'on', 'with', 'by', 'for', 'about', 'to']);
const DETERMINERS = new Set(['the', 'your', 'ur', 'yer', 'that', 'this', 'his', 'her', 'their', 'our', 'my', 'those', 'these', 'a', 'an', 'some', 'every', 'any']);
const SCHOOL_NOUNS = new Set(['school', 'schools', 'academy', 'office']);
const STAFF_NOUNS = new Set(
  "teacher teachers ta tas ta's head heads headteacher headteachers headmistress headmaster deputy senco dsl staff office receptionist receptionists reception caretaker governor governors escort escorts driver drivers management slt leader leaders team department secretary manager managers supervisor supervisors".split(
    ' ',
  ),
);
const POSTPOSED = /^[,\s]*(?:and\s+)?(?:the\s+(?:whole\s+)?(?:lot|bunch|pair)\s+of\s+(?:you|u|ya|them|'em|em)|all\s+of\s+(?:you|u|ya)|(?:every|each)\s+(?:one|single\s+one)\s+of\s+(?:you|u)|you\s+lot|you\s+all|youse|the\s+pair\s+of\s+you)\b/;

function isCapitalisedName(doc: Doc, t: Token, sentenceStart: number): boolean {
  const c = doc.body[t.start];
  return c !== undefined && c >= 'A' && c <= 'Z' && t.start !== sentenceStart && !/^(?:i|i'm|i've|i'll|i'd)$/.test(t.w);
}

function classifyNoun(doc: Doc, ctx: ConductContext, toks: Token[], j: number, sentenceStart: number): TargetKind {
  const t = toks[j]!;
  const w = t.w;
  if (SECOND_PERSON.has(w)) return 'you';
  if (w === 'lot' || w === 'all' || w === 'both') {
    const prev = toks[j - 1]?.w;
    if (prev && SECOND_PERSON.has(prev)) return 'you';
  }
  if (SELF.has(w)) return 'self';
  if (EXTERNAL.has(w)) return 'external';
  if (PRONOUNS.has(w)) return 'pronoun';
  if (THINGS.has(w)) return 'thing';
  for (const m of staffMentions(doc, ctx)) if (t.start >= m.start && t.end <= m.end) return m.kind;
  if (SCHOOL_NOUNS.has(w)) return 'school';
  if (STAFF_NOUNS.has(w)) return 'staff';
  if (PERSON_NOUNS.has(w)) return 'person';
  if (isCapitalisedName(doc, t, sentenceStart)) return 'name';
  return 'other';
}

const spanOf = (t: Token): Span => ({ start: t.start, end: t.end });

/**
 * The subject of "<subject> <copula> ... <insult>", reading leftwards from token k-1. The head of a
 * noun phrase with a prepositional tail ("the communication from this school") is the first noun.
 */
function predicateSubject(doc: Doc, ctx: ConductContext, toks: Token[], k: number, sentenceStart: number): { kind: TargetKind; negated: boolean; at: Span | null; vocative: boolean } | null {
  let i = k - 1;
  let negated = false;
  while (i >= 0) {
    const w = toks[i]!.w;
    if (NEGATORS.has(w) || w.endsWith("n't")) negated = true;
    else if (!(FILLER.has(w) || SWEAR_INTENSIFIER.test(w) || INSULT_ADJ_SET.has(w))) break;
    i--;
  }
  if (i < 0) return null;
  const w = toks[i]!.w;
  const sc = SUBJECT_COPULA[w];
  if (sc) return { kind: sc, negated, at: spanOf(toks[i]!), vocative: false };
  // "The head's a disgrace": a noun with 's before the insult is the noun plus "is".
  if (/^[a-z]+'s$/.test(w) && i + 1 < k) {
    const bare = { ...toks[i]!, w: w.slice(0, -2), end: toks[i]!.end - 2 };
    const copy = toks.slice();
    copy[i] = bare;
    return { kind: classifyNoun(doc, ctx, copy, i, sentenceStart), negated, at: spanOf(bare), vocative: false };
  }
  if (SECOND_PERSON.has(w) || (w === 'lot' && SECOND_PERSON.has(toks[i - 1]?.w ?? ''))) return { kind: 'you', negated, at: spanOf(toks[i]!), vocative: true };
  if (!COPULA.has(w)) return null;
  let j = i - 1;
  while (j >= 0) {
    const v = toks[j]!.w;
    if (NEGATORS.has(v) || v.endsWith("n't")) negated = true;
    else if (!/^(?:all|just|really|clearly|obviously|honestly|actually|literally|both|always|still|so|being|has|have|had|will|would|must|can|could|should|might|frankly|basically|officially)$/.test(v)) break;
    j--;
  }
  if (j < 0) return null;
  // "are you (all) thick?" puts the subject after the copula.
  if (COPULA.has(toks[j]!.w) && i + 1 < k && SECOND_PERSON.has(toks[i + 1]!.w)) return { kind: 'you', negated, at: spanOf(toks[i + 1]!), vocative: false };
  if (SECOND_PERSON.has(toks[i + 1]?.w ?? '') && i + 1 < k) return { kind: 'you', negated, at: spanOf(toks[i + 1]!), vocative: false };
  // Walk back over a prepositional tail to the head noun.
  let head = j;
  for (let guard = 0; guard < 3; guard++) {
    // Up to three words of the tail ("in Oak class", "from this school") sit between the head and its preposition.
    let d = head - 1;
    while (d >= 0 && d >= head - 3 && !PREPOSITIONS.has(toks[d]!.w) && !COPULA.has(toks[d]!.w) && toks[d]!.w !== ',') d--;
    if (d >= 1 && d >= head - 3 && PREPOSITIONS.has(toks[d]!.w) && toks[d - 1]!.w !== ',' && !DETERMINERS.has(toks[d - 1]!.w)) head = d - 1;
    else break;
  }
  return { kind: classifyNoun(doc, ctx, toks, head, sentenceStart), negated, at: spanOf(toks[head]!), vocative: false };
}

import { INSULT_ADJECTIVES } from './lexicon';
const INSULT_ADJ_SET = new Set(INSULT_ADJECTIVES.split('|').flatMap((a) => (a.includes('[') ? [a.replace('[\\s-]?', ''), a.replace('[\\s-]?', '-')] : [a.replace('-?', ''), a.replace('-?', '-')])));

/** Inside an email address, web address or handle ("chris@hypocrite.org"): not the writer's words. */
export function inAddress(doc: Doc, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && !/\s/.test(doc.lower[a - 1]!)) a--;
  let b = end;
  while (b < doc.lower.length && !/\s/.test(doc.lower[b]!)) b++;
  return /@|:\/\/|www\.|\.(?:com|org|net|uk|co|io|example)\b/.test(doc.lower.slice(a, b));
}

/** Read who the insult (or claim) at [start, end) is aimed at. */
export function findTarget(doc: Doc, ctx: ConductContext, start: number, end: number, isAdjective: boolean): Target {
  const s = doc.sentenceAt(start);
  const toks = doc.tokens(s.start, s.end);
  let k = toks.findIndex((t) => t.end > start);
  if (k < 0) k = toks.length;
  let last = k;
  while (last + 1 < toks.length && toks[last + 1]!.start < end) last++;
  const prev = toks[k - 1]?.w;
  if (prev === 'my' || prev === 'our' || (toks[k - 2] && /^(?:my|our)$/.test(toks[k - 2]!.w) && INSULT_ADJ_SET.has(prev ?? ''))) {
    return { kind: 'self', how: 'none', negated: false, at: null };
  }
  // "Useless the lot of you", "Scum family the lot of them".
  const after = doc.lower.slice(end, Math.min(s.end, end + 40));
  let m = POSTPOSED.exec(after);
  if (!m) {
    const skip = /^\s*(?:[a-z]+\s+)?(?=the\s+lot|the\s+whole\s+lot|you\s+lot)/.exec(after);
    if (skip) m = POSTPOSED.exec(after.slice(skip[0].length));
  }
  if (m) return { kind: 'you', how: 'postposed', negated: false, at: { start: end, end: Math.min(s.end, end + after.indexOf(m[0]) + m[0].length + 1) } };
  if (isAdjective) {
    // "useless office", "nasty little thug", "incompetent, arrogant people", "lazy waste of space".
    for (let n = last + 1, seen = 0; n < toks.length && seen < 4; n++, seen++) {
      const w = toks[n]!.w;
      const kind = classifyNoun(doc, ctx, toks, n, s.start);
      if (kind === 'staff' || kind === 'school' || kind === 'person' || kind === 'you') return { kind, how: 'attributive', negated: false, at: { start: toks[n]!.start, end: toks[n]!.end } };
      if (!(w === ',' || w === 'and' || w === 'little' || w === 'old' || w === 'young' || INSULT_ADJ_SET.has(w) || SWEAR_INTENSIFIER.test(w) || FILLER.has(w))) break;
    }
  }
  const subj = predicateSubject(doc, ctx, toks, k, s.start);
  if (subj) return { kind: subj.kind, how: subj.vocative ? 'vocative' : 'predicate', negated: subj.negated, at: subj.at };
  // Nothing but the insult (and intensifiers) in the sentence: "Useless.", "Absolute clowns."
  const rest = toks.filter((t, i) => (i < k || i > last) && !FILLER.has(t.w) && !SWEAR_INTENSIFIER.test(t.w) && t.w !== ',');
  if (rest.length === 0) return { kind: 'none', how: 'standalone', negated: false, at: null };
  return { kind: 'none', how: 'none', negated: false, at: null };
}

export { INSULT_ADJ_SET };
