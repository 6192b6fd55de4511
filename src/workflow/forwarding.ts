import type { School } from '../config/load-school';
import type { Reason } from '../domain/triage';

/**
 * What staff receive of a flagged message that also carries an enquiry (taxonomy.md "Both at once"): the
 * request, without the words that were flagged. The reviewer sees the whole message and may edit the
 * suggestion; the member of staff the abuse was aimed at never gets the original.
 */

export interface Span {
  start: number;
  end: number;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** The evidence texts of the flag reasons (the words that triggered a flag), without duplicates. */
export function flagEvidenceTexts(reasons: readonly Reason[]): string[] {
  const texts = new Set<string>();
  for (const r of reasons) if (r.kind === 'flag' && r.evidence && norm(r.evidence.text)) texts.add(r.evidence.text);
  return [...texts];
}

/**
 * Where the flag evidence is in the body. A span whose offsets do not match its text (an edited body, a
 * classifier that counted differently) is found by its text instead, and every repeat of the same words
 * counts too: the same insult twice is removed twice.
 */
export function flagEvidenceSpans(body: string, reasons: readonly Reason[]): Span[] {
  const spans: Span[] = [];
  const lower = body.toLowerCase();
  for (const r of reasons) {
    if (r.kind !== 'flag' || !r.evidence) continue;
    const { start, end, text } = r.evidence;
    if (end > start && end <= body.length && norm(body.slice(start, end)) === norm(text)) spans.push({ start, end });
    const needle = text.trim().toLowerCase();
    if (!needle) continue;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) spans.push({ start: at, end: at + needle.length });
  }
  return spans;
}

/** The flag evidence texts that `text` still contains (case and spacing ignored). */
export function evidenceIn(text: string, reasons: readonly Reason[]): string[] {
  const t = norm(text);
  return flagEvidenceTexts(reasons).filter((e) => t.includes(norm(e)));
}

interface Unit extends Span {
  /** The separator after this unit (", ", " and "...), used to join it to the next kept unit. */
  sep: string;
}
interface Sentence extends Span {
  units: Unit[];
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
// Clause boundaries inside a sentence: punctuation followed by a space, spaced dashes, and the conjunctions
// that join an insult to a request ("you're useless but Ella is off sick"). Full stops count too, because the
// sentence segmenter does not split before a digit or a lower-case word ("a disgrace. 2 weeks I've waited").
const CLAUSE_SEP = /[,;:]\s+|(?<!\b(?:Mr|Mrs|Ms|Dr|St|Miss))[.!?]+\s+|\s+[-–—]+\s+|\s+(?:and|but|so)\s+|\n+/giu;

function sentences(body: string): Sentence[] {
  const out: Sentence[] = [];
  for (const seg of sentenceSegmenter.segment(body)) {
    const start = seg.index;
    const end = seg.index + seg.segment.length;
    const units: Unit[] = [];
    let at = start;
    for (const m of seg.segment.matchAll(CLAUSE_SEP)) {
      const sepStart = start + (m.index ?? 0);
      units.push({ start: at, end: sepStart, sep: m[0] });
      at = sepStart + m[0].length;
    }
    units.push({ start: at, end, sep: '' });
    out.push({ start, end, units });
  }
  return out;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

// What is left of a flagged sentence when it is only a form of address ("Mr Hughes.") says nothing.
const VOCATIVE = /^(?:(?:mr|mrs|ms|miss|dr|sir|madam)\.?\s+[\p{L}'’-]+(?:\s+[\p{L}'’-]+)?|(?:all\s+of\s+|the\s+lot\s+of\s+)?you(?:\s+(?:lot|all|people))?|mate)[\s.!?]*$/iu;
const LEADING_JUNK = /^[\s,;:.!?\-–—]+|^(?:and|but|so|also)\s+/iu;
const TRAILING_SEP = /[\s,;:\-–—]+$/u;

/**
 * Remove the sentence parts that hold flag evidence, keep the request:
 * "you're useless, Ella's off sick today" → "Ella's off sick today". When nothing of substance is left,
 * a neutral summary naming the topic ("Parent asks about: absence") is returned instead.
 */
export function suggestForwardedText(body: string, triageReasons: readonly Reason[]): string {
  const spans = flagEvidenceSpans(body, triageReasons);
  const kept: string[] = [];
  for (const s of sentences(body)) {
    const hit = s.units.map((u) => spans.some((sp) => overlaps(u, sp)));
    const flagged = hit.some(Boolean);
    let text = '';
    let pendingSep = '';
    s.units.forEach((u, i) => {
      const part = body.slice(u.start, u.end);
      if (hit[i] || (flagged && VOCATIVE.test(part.trim()))) return;
      text += (text ? pendingSep : '') + part;
      pendingSep = u.sep;
    });
    text = text.trim();
    if (!flagged) {
      if (text) kept.push(text);
      continue;
    }
    text = text.replace(LEADING_JUNK, '').replace(LEADING_JUNK, '').replace(TRAILING_SEP, '');
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const terminator = /[.!?]+$/.exec(body.slice(s.start, s.end).trim())?.[0];
    if (terminator && !/[.!?]$/.test(text)) text += terminator;
    kept.push(text.charAt(0).toUpperCase() + text.slice(1));
  }
  const result = kept.join(' ').replace(/[ \t]+/g, ' ').trim();
  // Belt and braces: if the evidence words survive anywhere (split across units oddly), forward the summary.
  if (!/[\p{L}\p{N}]/u.test(result) || evidenceIn(result, triageReasons).length) return neutralSummary(triageReasons);
  return result;
}

/** "Parent asks about: <topic>", from the triage's topic reason. */
export function neutralSummary(triageReasons: readonly Reason[]): string {
  const topic = triageReasons.find((r) => r.kind === 'topic')?.label;
  return topic && topic !== 'none' ? `Parent asks about: ${topic}` : 'Parent asks the school to get in touch';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words a member of staff is called by in messages: their name, their surname, their aliases. */
function namesOf(staff: { name: string; aliases: readonly string[] }): string[] {
  const names = [staff.name, ...staff.aliases];
  const words = staff.name.split(/\s+/);
  const surname = words[words.length - 1];
  if (words.length > 1 && surname && surname.length >= 3) names.push(surname);
  return names.filter((n) => n.trim().length >= 3);
}

/**
 * The staff the abuse was aimed at: those named (by name, surname or alias) in a sentence that holds flag
 * evidence. "Mr Hughes is useless. Lily is off today." names hughes; the second sentence does not count.
 */
export function staffNamedInEvidence(school: School, body: string, reasons: readonly Reason[]): string[] {
  const spans = flagEvidenceSpans(body, reasons);
  if (!spans.length) return [];
  const flaggedText = sentences(body)
    .filter((s) => spans.some((sp) => overlaps(s, sp)))
    .map((s) => body.slice(s.start, s.end))
    .join('\n');
  const named: string[] = [];
  for (const staff of school.staffById.values()) {
    const hit = namesOf(staff).some((n) => new RegExp(`(?<![\\p{L}])${escapeRegExp(n)}(?![\\p{L}])`, 'iu').test(flaggedText));
    if (hit) named.push(staff.id);
  }
  return named;
}
