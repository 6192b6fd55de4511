import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { FLAGGABLE_SWEARS, type SwearEntry } from './lexicon';
import type { Doc } from './text';

/** One swear word or slur found in the message, in any of its written forms. */
export interface SwearHit {
  start: number;
  end: number;
  entry: SwearEntry;
  /** How it was written: plainly, masked with symbols (`f***`), spaced (`f u c k`) or in leetspeak (`sh1t`). */
  via: 'plain' | 'masked' | 'spaced' | 'leet';
  /** The matched form names a person ("twat", "dickheads"), not an exclamation or adjective. */
  isNoun: boolean;
}

// One alternation, one capture group per entry, so a hit names its entry without a second search.
const PLAIN = new RegExp(`\\b(?:${FLAGGABLE_SWEARS.map((e) => `(${e.forms})`).join('|')})\\b`, 'g');
const NOUN_FORMS = FLAGGABLE_SWEARS.map((e) => (e.noun ? new RegExp(`^(?:${e.noun})$`) : null));

/** Spellings by first letter and length, in table order (commonest first), to read masked forms. */
const SPELLED = new Map<string, { form: string; entry: SwearEntry }[]>();
for (const entry of FLAGGABLE_SWEARS) {
  for (const form of entry.spelled ?? []) {
    const key = `${form[0]}${form.length}`;
    const list = SPELLED.get(key) ?? [];
    list.push({ form, entry });
    SPELLED.set(key, list);
  }
}
const ALL_FORMS = new Map<string, SwearEntry>();
for (const list of SPELLED.values()) for (const { form, entry } of list) ALL_FORMS.set(form, entry);

/** A word with masking symbols in it: `f***`, `sh!t`, `a$$hole`, `b*****d`, `f@#king`, `r*****s`. */
const MASKED = /[a-z$@](?<![a-z0-9@.][a-z$@])[a-z*#%@$!]*[*#%@$!][a-z*#%@$!]*/g;
const MASK_CHAR = /[*#%@$!]/;
/** Letters typed with spaces or dots between them: `f u c k`, `s.h.i.t`. */
const SPACED = /\b[a-z](?:[ .\-_*]{1,2}[a-z]\b){2,}/g;
/**
 * Words mixing letters with digits or non-ASCII letters: the cases obscenity's transformers are made for.
 * A candidate is a whole run of word characters holding both an a-z letter and a 0-9/accented one (the same
 * runs as /[^\s.,!?;:()"'/]*(?:[a-z][^…]*[0-9\u00C0-\u024F]|[0-9\u00C0-\u024F][^…]*[a-z])[^…]*, whose
 * backtracking cost more than everything else in this file).
 */
const WORD_RUN = /[^\s.,!?;:()"'/]+/g;
function mixesLettersAndDigits(run: string): boolean {
  let letter = false;
  let other = false;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c >= 97 && c <= 122) letter = true;
    else if ((c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f)) other = true;
    if (letter && other) return true;
  }
  return false;
}
/** Times, dates, ordinals, units, year groups, postcodes, road numbers: never swearing. */
const NOT_LEET = /^(?:\d+(?:st|nd|rd|th|am|pm|mg|ml|kg|g|hr|hrs|h|min|mins|s|k|x|yo|yrs?|p|ish|mm|cm|m|km|mph|gb)?|(?:y|yr|year|m|a|b|p|sw|se|nw|ne|w|e|n|l|ch|wa|ls|ol|bl|m\d*|[a-z]{1,2}\d{1,3})\d*)$/;

// obscenity reads leetspeak, repeated letters and look-alike characters; built once, used per candidate word only.
const leetMatcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
/** obscenity's words that map onto the table (the rest, e.g. medical words, are not swearing). */
const OBSCENITY_TO_ENTRY = new Map<string, SwearEntry>();
for (const [obsWord, tableWord] of [
  ['fuck', 'fuck'],
  ['shit', 'shit'],
  ['cunt', 'cunt'],
  ['twat', 'twat'],
  ['wank', 'wanker'],
  ['piss', 'pissed'],
  ['bitch', 'bitch'],
  ['bastard', 'bastard'],
  ['bollocks', 'bollocks'],
  ['cock', 'cock'],
  ['dick', 'dick'],
  ['prick', 'prick'],
  ['pussy', 'pussy'],
  ['slut', 'slag'],
  ['whore', 'slag'],
  ['jizz', 'jizz'],
  ['dildo', 'jizz'],
  ['nigger', 'nigger'],
  ['retard', 'retard'],
  ['spastic', 'spastic'],
  ['tranny', 'tranny'],
  ['dyke', 'dyke'],
  ['kike', 'kike'],
  ['chink', 'chinky'],
  ['negro', 'negro'],
] as const) {
  const entry = FLAGGABLE_SWEARS.find((e) => e.word === tableWord);
  if (entry) OBSCENITY_TO_ENTRY.set(obsWord, entry);
}

function readMasked(token: string): SwearEntry | null {
  for (const t of [token, token.replace(/[!]+$/, '')]) {
    if (!MASK_CHAR.test(t.slice(1))) continue;
    const first = t[0] === '$' ? 's' : t[0] === '@' ? 'a' : t[0]!;
    for (const { form, entry } of SPELLED.get(`${first}${t.length}`) ?? []) {
      let ok = true;
      for (let i = 1; i < t.length && ok; i++) {
        const c = t[i]!;
        if (c >= 'a' && c <= 'z' && c !== form[i]) ok = false;
      }
      if (ok) return entry;
    }
  }
  return null;
}

function isNounForm(entry: SwearEntry, text: string): boolean {
  const re = NOUN_FORMS[FLAGGABLE_SWEARS.indexOf(entry)];
  return re ? re.test(text) : false;
}

/** Every swear word and slur in the message, however written, in order of position. */
export function findSwears(doc: Doc): SwearHit[] {
  const lower = doc.lower;
  const hits: SwearHit[] = [];
  PLAIN.lastIndex = 0;
  for (let m = PLAIN.exec(lower); m; m = PLAIN.exec(lower)) {
    let i = 1;
    while (m[i] === undefined) i++;
    const entry = FLAGGABLE_SWEARS[i - 1]!;
    // A capitalised "Dick" mid-sentence is a name, not a swear word.
    if (entry.word === 'dick' && doc.body[m.index] === 'D' && m.index > 0 && !/[.!?]\s*$/.test(doc.body.slice(0, m.index))) continue;
    // "Fatima bint Asad": the Arabic name particle, not the insult.
    if (entry.word === 'bint' && /^\s+[A-Z]/.test(doc.body.slice(m.index + m[0].length, m.index + m[0].length + 3))) continue;
    hits.push({ start: m.index, end: m.index + m[0].length, entry, via: 'plain', isNoun: isNounForm(entry, m[0]) });
  }
  if (/[*#%@$!]/.test(lower)) {
    MASKED.lastIndex = 0;
    for (let m = MASKED.exec(lower); m; m = MASKED.exec(lower)) {
      const token = m[0];
      if (token.length < 3 || token.length > 14 || /@[a-z]{2,}\./.test(lower.slice(m.index, m.index + token.length + 1))) continue;
      const entry = readMasked(token);
      if (entry) {
        const end = m.index + token.replace(/[!]+$/, '').length;
        hits.push({ start: m.index, end, entry, via: 'masked', isNoun: isNounForm(entry, entry.spelled?.find((f) => f.length === end - m!.index) ?? '') });
      }
    }
  }
  SPACED.lastIndex = 0;
  for (let m = SPACED.exec(lower); m; m = SPACED.exec(lower)) {
    const letters = m[0].replace(/[^a-z]/g, '');
    const entry = ALL_FORMS.get(letters);
    if (entry) hits.push({ start: m.index, end: m.index + m[0].length, entry, via: 'spaced', isNoun: isNounForm(entry, letters) });
  }
  if (/[0-9\u00C0-\u024F]/.test(lower)) {
    WORD_RUN.lastIndex = 0;
    for (let m = WORD_RUN.exec(lower); m; m = WORD_RUN.exec(lower)) {
      const token = m[0];
      if (!mixesLettersAndDigits(token) || token.length > 16 || NOT_LEET.test(token)) continue;
      for (const match of leetMatcher.getAllMatches(token)) {
        const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
        const entry = word ? OBSCENITY_TO_ENTRY.get(word) : undefined;
        if (entry) {
          hits.push({ start: m.index, end: m.index + token.length, entry, via: 'leet', isNoun: isNounForm(entry, token.replace(/[^a-z]/g, '')) });
          break;
        }
      }
    }
  }
  if (hits.length < 2) return hits;
  // The same word can be read two ways (a masked word obscenity also reads); keep the first reading of each place.
  hits.sort((a, b) => a.start - b.start);
  return hits.filter((h, i) => i === 0 || h.start >= hits[i - 1]!.end);
}
