/**
 * One message prepared for the conduct rules. Every rule matches on `lower`, which has exactly the
 * length of the body (same offsets), so an evidence span found in it points at the same text in the
 * original body. Sentences, reported-speech and quoted ranges are computed once, on first use.
 */

import { mayMatch, type NeedleScan, needles, scanNeedles } from './needles';

/** Curly quotes and apostrophes become their ASCII forms (one character for one, so offsets hold). */
const QUOTE_FOLD: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201B': "'", '\u02BC': "'", '\u201C': '"', '\u201D': '"', '\u00A0': ' ' };
const QUOTE_CHARS = /[\u2018\u2019\u201B\u02BC\u201C\u201D\u00A0]/g;

function foldCase(body: string): string {
  const lower = body.toLowerCase();
  if (lower.length === body.length) return lower.replace(QUOTE_CHARS, (c) => QUOTE_FOLD[c] ?? c);
  // A few characters (e.g. 'İ') grow when lower-cased; fold one at a time to keep offsets.
  let out = '';
  for (const ch of body) {
    const l = ch.toLowerCase();
    const folded = l.length === ch.length ? l : ch;
    out += QUOTE_FOLD[folded] ?? folded;
  }
  return out;
}

export interface Span {
  start: number;
  end: number;
}

export interface Token {
  w: string;
  start: number;
  end: number;
}

/**
 * Sentence ends: . ! ? (runs) and line breaks; not the dot of Mr./Mrs./Dr. or inside numbers like 8.30.
 * Look-behinds sit after the character they guard: one that comes first is tried at every position.
 */
const SENTENCE_END = /[.!?](?<!\b(?:mr|mrs|ms|dr|st|mx)[.!?])[.!?]*(?=\s|$|["')])|\n+|\s[-–—]\s|(?<=\S)\s*[;:](?=\s)/g;

/**
 * Words attributed to someone else: a reporting verb whose subject is not the writer or the reader
 * ("he called my son a ...", "she says some little ...", "someone wrote ... on the wall").
 * The subject is checked in code (see NOT_REPORTERS) because JS look-behind cannot express it cheaply.
 */
const REPORTING =
  /\b([a-z']+)\s+(?:(?:has|had|have|was|were|is|are|keeps?|kept|been|being|got|get|gets|apparently|then|just|also|even|actually|literally|always|allegedly|supposedly|clearly|openly|would|will|'ll|could|did|does|do|to)\s+){0,3}(said|says|say|saying|told|tells|telling|called|calls|call|calling|shouted|shouts|shouting|yelled|yelling|screamed|screaming|wrote|writes|written|writing|scrawled|texted|messaged|posted|threatened|threatening|sang|singing|chanted|chanting|whispered|mouthed|reckons|claims|claimed|swore|swearing|sworn)\b/g;

/** Subjects that make a reporting verb the writer's own words (or not words at all). */
const NOT_REPORTERS = new Set([
  'i', "i've", 'ive', "i'd", 'id', "i'm", 'im', 'me', 'you', 'u', 'ya', "you've", 'youve', "you'd", 'we', "we've", 'weve', "we'd",
  'it', 'this', 'that', 'which', 'what', 'letter', 'email', 'form', 'report', 'sign', 'app', 'website', 'policy', 'note', 'system',
  'text', 'message', 'newsletter', 'plan', 'timetable', 'rules', 'as', 'like', 'and', 'just', 'have', 'has', 'be', 'is', 'was',
  // "the teacher called me" is an account of a phone call, not of words
]);

const ACT_VERBS = /^(?:shout|yell|scream|swear|swore|sworn)/;
const NOT_CONTENT = /^\s*(?:at|to|in|and|all|down|across|because|when|so|for|from|on|over|out|the|his|her|loudly|again|$|[.,!?])/;

const HOUSEHOLD = new Set(['husband', 'hubby', 'partner', 'wife', 'fella', 'boyfriend', 'girlfriend', 'fiance', 'fiancé']);

/** "called me back/today/about ..." is a phone call, not name-calling ("called me a liar" stays reported). */
const CALL_VERBS = new Set(['called', 'calls', 'call', 'calling']);
const PHONE_CALL =
  /^\s+(?:me|us|the\s+(?:office|school))\s*(?:$|[.,!?]|back|today|yesterday|this|last|at|on|about|to|and|earlier|again|in|from|twice|after|before|when|but|or)/;

/** A clause of the writer's own starts here and ends a reported stretch ("he said no, you're useless"). */
const OWN_CLAUSE = /^,?\s*(?:and\s+|but\s+|so\s+)?(?:you|your|you're|youre|u|ur|i|i'm|im|i'll|ill|i've|honestly|frankly)\b/;

/** Negated speech: "I'm not saying ...", "I would never call anyone ...". */
const NEGATED_SPEECH = /\b(?:not|never|n't|nobody|no\s+one)\s+(?:\w+\s+)?(?:saying|say|calling|call|suggesting|suggest|claiming|claim|accusing|accuse|implying)\b/g;

const REPORTING_NEEDLES = needles(REPORTING);
const NEGATED_NEEDLES = needles(NEGATED_SPEECH);

/** Double quotes, and single quotes that open after a space (an apostrophe follows a letter). */
const QUOTED = /"[^"\n]{1,160}"|'(?<![a-z0-9]')[^'\n]{1,80}'(?![a-z])/g;

const TOKEN = /[a-z0-9][a-z0-9'*#@$!%_-]*|[,;:]/g;

export class Doc {
  readonly body: string;
  readonly lower: string;
  private sentenceStarts: number[] | null = null;
  private reported: Span[] | null = null;
  private needleScan: NeedleScan | null = null;

  constructor(body: string) {
    this.body = body;
    this.lower = foldCase(body);
  }

  /** False only when the pattern registered as `id` (see needles.ts) cannot match `lower` or any slice of it. */
  mayMatch(id: number): boolean {
    if (id < 0) return true;
    this.needleScan ??= scanNeedles(this.lower);
    return mayMatch(this.needleScan, id);
  }

  private sentences(): number[] {
    if (this.sentenceStarts) return this.sentenceStarts;
    const starts = [0];
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(this.lower); m; m = SENTENCE_END.exec(this.lower)) {
      const next = m.index + m[0].length;
      if (next < this.lower.length) starts.push(next);
    }
    this.sentenceStarts = starts;
    return starts;
  }

  /** The [start, end) of the sentence that holds position `pos`. */
  sentenceAt(pos: number): Span {
    const starts = this.sentences();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    const end = lo + 1 < starts.length ? starts[lo + 1]! : this.lower.length;
    return { start: starts[lo]!, end };
  }

  /** The sentence before or after the one at `pos` (or null at the edges). */
  neighbourSentence(pos: number, dir: -1 | 1): Span | null {
    const s = this.sentenceAt(pos);
    if (dir === -1) return s.start === 0 ? null : this.sentenceAt(s.start - 1);
    return s.end >= this.lower.length ? null : this.sentenceAt(s.end);
  }

  sentenceCount(): number {
    return this.sentences().length;
  }

  /** Stretches of text that are someone else's words: reported speech, quotes, negated speech. */
  private reportedSpans(): Span[] {
    if (this.reported) return this.reported;
    const spans: Span[] = [];
    const lower = this.lower;
    REPORTING.lastIndex = 0;
    for (let m = this.mayMatch(REPORTING_NEEDLES) ? REPORTING.exec(lower) : null; m; m = REPORTING.exec(lower)) {
      const subject = m[1]!;
      if (NOT_REPORTERS.has(subject)) continue;
      const verbEnd = m.index + m[0].length;
      if (CALL_VERBS.has(m[2]!) && PHONE_CALL.test(lower.slice(verbEnd, verbEnd + 24))) continue;
      // "shouts at my daughter", "was swearing at the driver": the act, not words being reported.
      if (ACT_VERBS.test(m[2]!) && NOT_CONTENT.test(lower.slice(verbEnd, verbEnd + 16))) continue;
      // "My husband says we're not having ..." is the household's view, so the writer's own.
      if (HOUSEHOLD.has(subject) && /\b(?:we|we're|were|we've|we'll|us|our)\b/.test(lower.slice(verbEnd, this.sentenceAt(verbEnd).end))) continue;
      spans.push({ start: m.index, end: this.reportEnd(verbEnd) });
    }
    NEGATED_SPEECH.lastIndex = 0;
    for (let m = this.mayMatch(NEGATED_NEEDLES) ? NEGATED_SPEECH.exec(lower) : null; m; m = NEGATED_SPEECH.exec(lower)) {
      spans.push({ start: m.index, end: this.reportEnd(m.index + m[0].length) });
    }
    QUOTED.lastIndex = 0;
    for (let m = QUOTED.exec(lower); m; m = QUOTED.exec(lower)) spans.push({ start: m.index, end: m.index + m[0].length });
    this.reported = spans;
    return spans;
  }

  /** A reported stretch runs to the end of its sentence, or to where the writer's own clause resumes. */
  private reportEnd(from: number): number {
    const s = this.sentenceAt(from);
    const rest = this.lower.slice(from, s.end);
    const comma = /[,;]\s*/g;
    for (let m = comma.exec(rest); m; m = comma.exec(rest)) {
      if (OWN_CLAUSE.test(rest.slice(m.index))) return from + m.index;
    }
    return s.end;
  }

  /** True when the span lies inside someone else's reported, quoted or negated words. */
  isReported(span: Span): boolean {
    for (const r of this.reportedSpans()) if (span.start >= r.start && span.end <= r.end) return true;
    return false;
  }

  /** Word tokens (and , ; :) of [start, end), lower-cased, with offsets into the body. */
  tokens(start: number, end: number): Token[] {
    const out: Token[] = [];
    const slice = this.lower.slice(start, end);
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(slice); m; m = TOKEN.exec(slice)) {
      out.push({ w: m[0], start: start + m.index, end: start + m.index + m[0].length });
    }
    return out;
  }

  text(span: Span): string {
    return this.body.slice(span.start, span.end);
  }
}

/** Evidence as the domain wants it: offsets into the original body and the text there. */
export function evidence(doc: Doc, start: number, end: number): { start: number; end: number; text: string } {
  return { start, end, text: doc.body.slice(start, end) };
}
