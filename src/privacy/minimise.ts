import type { PrivacyDirectory } from './directory';
import { findNames, findRepeats, type NameKind, nameParts } from './names';
import { findPatterns } from './patterns';

/**
 * Minimisation before anything leaves the building: names of children and parents, phone numbers, email and
 * postal addresses and dates of birth become placeholders ([CHILD_1], [PHONE_1]…) and are restored in what
 * comes back. Pure: no I/O, no clock (the caller gives the reference year for dates of birth).
 */

export const PII_KINDS = ['CHILD', 'PARENT', 'PERSON', 'PHONE', 'EMAIL', 'POSTCODE', 'ADDRESS', 'DOB'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface Replacement {
  readonly placeholder: string;
  readonly kind: PiiKind;
  readonly original: string;
  /** [start, end) in the original text. */
  readonly start: number;
  readonly end: number;
  /** [minStart, minEnd) in the minimised text. */
  readonly minStart: number;
  readonly minEnd: number;
}

export interface MinimisedText {
  readonly original: string;
  readonly text: string;
  /** In text order. */
  readonly replacements: readonly Replacement[];
}

export interface MinimiserOptions {
  /** The year the message was written in: a full date two or more years earlier is taken as a date of birth. */
  readonly referenceYear: number;
}

const PLACEHOLDER = new RegExp(`\\[(?:${PII_KINDS.join('|')})_\\d+\\]`, 'g');

// Patterns (certain shapes) beat names; within names, the file's names beat titles beat name lists.
const PATTERN_RANK = -1;

/**
 * One minimisation session: the same person or number gets the same placeholder in every text minimised with
 * it (a message and its sender's history), so the model can follow "[CHILD_1]" across them.
 */
export class Minimiser {
  private readonly byKey = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly counters = new Map<PiiKind, number>();
  /** Names found so far in this session (lower-cased words): found again anywhere, even without a cue. */
  private readonly seenNames = new Map<string, NameKind>();

  constructor(
    private readonly directory: PrivacyDirectory,
    private readonly options: MinimiserOptions,
  ) {}

  minimise(original: string): MinimisedText {
    const candidates = [
      ...findPatterns(original, this.options.referenceYear).map((f) => ({ ...f, rank: PATTERN_RANK })),
      ...findNames(original, this.directory),
    ].sort((a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: { start: number; end: number; kind: PiiKind }[] = [];
    const take = (c: { start: number; end: number; kind: PiiKind }) => {
      if (c.end <= c.start || taken.some((t) => c.start < t.end && t.start < c.end)) return;
      taken.push(c);
    };
    for (const c of candidates) take(c);
    // A person named once is that person wherever the name comes again: in this text ("ellie's mum, ellie is
    // off") and in the rest of the session (the sender's history).
    for (const t of taken)
      if (isNameKind(t.kind)) for (const part of nameParts(original.slice(t.start, t.end), this.directory)) if (!this.seenNames.has(part)) this.seenNames.set(part, t.kind);
    for (const r of findRepeats(original, this.seenNames).sort((a, b) => b.end - b.start - (a.end - a.start))) take(r);
    taken.sort((a, b) => a.start - b.start);

    const replacements: Replacement[] = [];
    let text = '';
    let at = 0;
    for (const t of taken) {
      text += original.slice(at, t.start);
      const surface = original.slice(t.start, t.end);
      const placeholder = this.placeholderFor(t.kind, surface);
      replacements.push({ placeholder, kind: t.kind, original: surface, start: t.start, end: t.end, minStart: text.length, minEnd: text.length + placeholder.length });
      text += placeholder;
      at = t.end;
    }
    text += original.slice(at);
    return { original, text, replacements };
  }

  /** Put the originals back in place of every placeholder this session made; others are left as they are. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (p) => this.originals.get(p) ?? p);
  }

  /** Placeholders in `text` that this session never made (a model inventing "[CHILD_7]"). */
  unknownPlaceholders(text: string): string[] {
    return [...new Set(text.match(PLACEHOLDER) ?? [])].filter((p) => !this.originals.has(p));
  }

  /** Placeholder → the original it stands for (the first spelling seen). */
  get placeholders(): ReadonlyMap<string, string> {
    return this.originals;
  }

  private placeholderFor(kind: PiiKind, surface: string): string {
    const key = `${kind}\u0000${surface.toLowerCase().replace(/[\s().-]+/g, ' ').trim()}`;
    let p = this.byKey.get(key);
    if (!p) {
      const n = (this.counters.get(kind) ?? 0) + 1;
      this.counters.set(kind, n);
      p = `[${kind}_${n}]`;
      this.byKey.set(key, p);
      this.originals.set(p, surface);
    }
    return p;
  }
}

const isNameKind = (k: PiiKind): k is NameKind => k === 'CHILD' || k === 'PARENT' || k === 'PERSON';

/** Map a [start, end) span of the minimised text back to the original; a span cutting a placeholder widens to it. */
export function toOriginalSpan(m: MinimisedText, start: number, end: number): { start: number; end: number } {
  const map = (pos: number, side: 'start' | 'end') => {
    let delta = 0;
    for (const r of m.replacements) {
      if (side === 'start' ? pos < r.minStart : pos <= r.minStart) break;
      if (pos < r.minEnd) return side === 'start' ? r.start : r.end;
      delta = r.end - r.minEnd;
    }
    return pos + delta;
  };
  const s = Math.max(0, Math.min(start, m.text.length));
  const e = Math.max(s, Math.min(end, m.text.length));
  return { start: map(s, 'start'), end: map(e, 'end') };
}

/**
 * Where a quote the model gave (in minimised text, placeholders and all) sits in the original: by the restored
 * quote's text first (models are unreliable with offsets), nearest the offset they gave; then through their
 * offsets if those do point at the quote. Null when the quote is not in the message.
 */
export function locateQuote(
  m: MinimisedText,
  session: Minimiser,
  quote: { start: number; end: number; text: string },
): { start: number; end: number; text: string } | null {
  const restored = session.restore(quote.text).trim();
  if (restored) {
    const hint = toOriginalSpan(m, quote.start, quote.end).start;
    for (const haystack of [m.original, m.original.toLowerCase()]) {
      const needle = haystack === m.original ? restored : restored.toLowerCase();
      let best = -1;
      for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) if (best < 0 || Math.abs(i - hint) < Math.abs(best - hint)) best = i;
      if (best >= 0) return { start: best, end: best + needle.length, text: m.original.slice(best, best + needle.length) };
    }
  }
  if (quote.text && m.text.slice(quote.start, quote.end) === quote.text) {
    const span = toOriginalSpan(m, quote.start, quote.end);
    return { ...span, text: m.original.slice(span.start, span.end) };
  }
  const inMin = quote.text ? m.text.indexOf(quote.text) : -1;
  if (inMin >= 0) {
    const span = toOriginalSpan(m, inMin, inMin + quote.text.length);
    return { ...span, text: m.original.slice(span.start, span.end) };
  }
  return null;
}
