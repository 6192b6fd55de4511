import type { VexatiousThresholds } from '../../config/school-schema';
import { clockMinutes, localTime } from '../../domain/local-time';
import type { Evidence, HistoryEntry } from '../../domain/triage';
import type { Topic } from '../../domain/taxonomy';
import type { z } from 'zod';
import { topicMatcher } from './topic/cues';
import { Tokens, tokenize } from './topic/phrases';
import { isChaser, type PressureReading, readPressure } from './topic/pressure';
import { deadlineHours, inNight, MessageClock } from './topic/timing';

export interface VexatiousInput {
  readonly body: string;
  readonly receivedAt: Date;
  readonly topic: Topic;
  readonly history: readonly HistoryEntry[];
  readonly thresholds: z.infer<typeof VexatiousThresholds>;
  readonly timezone: string;
}

export interface VexatiousFinding {
  evidence: Evidence | null;
  confidence: number;
  note: string;
}

const HOUR_MS = 3_600_000;
const whereaboutsTokens = new Tokens();

/**
 * Unreasonable pressure (code of conduct §3), judged on the message with the sender's recent history and the
 * school's thresholds: an ultimatum with a deadline of hours, a demand that a named member of staff answer
 * before 08:00 or at night, the same demand repeated within the window (other channels the message reports
 * count), and bombarding at night. Never for a child whose whereabouts or safety is unknown right now; the
 * first message of a run, a polite chase and "by the end of the week" are not flagged.
 */
export function detectVexatious(input: VexatiousInput): VexatiousFinding | null {
  const finding = pressureFinding(input);
  if (!finding) return null;
  // Checked last because it is rarely needed: a parent looking for a missing child may message as often as they like.
  const now = input.receivedAt.getTime();
  const aboutMissing =
    aboutMissingChild(input.body) ||
    input.history.some((e) => {
      const at = Date.parse(e.receivedAt);
      return at <= now && now - at <= 3 * HOUR_MS && aboutMissingChild(e.body);
    });
  return aboutMissing ? null : finding;
}

function pressureFinding(input: VexatiousInput): VexatiousFinding | null {
  const { body, thresholds } = input;
  const now = input.receivedAt.getTime();
  const since = now - thresholds.window_hours * HOUR_MS;
  // History is oldest first: walk back from the newest and stop at the window's start.
  const recent: HistoryEntry[] = [];
  for (let i = input.history.length - 1; i >= 0; i--) {
    const e = input.history[i]!;
    const at = Date.parse(e.receivedAt);
    if (at < since) break;
    if (at <= now) recent.push(e);
  }
  recent.reverse();
  const p = readPressure(body);
  const clock = new MessageClock(input.receivedAt, input.timezone);

  const ultimatum = findUltimatum(p, clock, thresholds);
  if (ultimatum) return ultimatum;

  // A repeat of the same demand. A chaser continues the sender's latest matter; other messages count the
  // earlier ones on the same topic.
  const chasing = p.chaser !== null || p.statedCount > 1 || p.reportedToday > 0;
  // Only a chaser needs the latest root matter (reading it re-reads earlier bodies): found on first use.
  let rootIndex: number | undefined;
  const same = recent.filter((e, i) => {
    if (input.topic !== 'none' && e.topic === input.topic) return true;
    // A chaser with no matter of its own (or read without the sender's history) continues the latest matter.
    const bare = input.topic === 'none' || input.topic === 'general';
    if (!chasing) return false;
    if (e.flags.includes('vexatious')) return true;
    if (!bare) return false;
    rootIndex ??= latestRoot(recent);
    return i === rootIndex || (i > rootIndex && isChaser(e.body));
  });
  const runFlagged = same.some((e) => e.flags.includes('vexatious'));
  // Contacts the message itself states: "3rd message" counts itself; "rang twice this morning" adds to it. A
  // stated count with no run behind it and no "today" may stretch over weeks ("third time I've had to ask").
  const stated = same.length > 0 || p.statedToday ? p.statedCount : 0;
  const count = Math.max(same.length + 1, stated) + p.reportedToday;
  const demanding = p.pressure !== null || (chasing && !p.polite) || runFlagged;
  const needed = demanding ? thresholds.repeat_count : thresholds.repeat_count + 1;
  if (input.topic !== 'safeguarding' && (chasing || p.pressure) && count >= needed && (same.length > 0 || p.reportedToday > 0 || stated > 1)) {
    const hit = p.statedEvidence ?? p.reportedEvidence ?? p.chaser ?? p.pressure;
    const first = same[0] ? Date.parse(same[0].receivedAt) : now;
    const span = (now - first) / HOUR_MS;
    const others = p.reportedToday ? `, with ${p.reportedToday} other contact${p.reportedToday > 1 ? 's' : ''} today it reports` : '';
    return {
      evidence: hit ? { start: hit.start, end: hit.end, text: body.slice(hit.start, hit.end) } : null,
      confidence: Math.min(0.95, 0.6 + 0.08 * (count - thresholds.repeat_count) + (p.pressure ? 0.1 : 0)),
      note: `${ordinal(count)} contact on the same matter within ${span < 1 ? `${Math.max(1, Math.round(span * 60))} min` : `${round1(span)} h`}${others} (school threshold: ${thresholds.repeat_count} within ${thresholds.window_hours} h)`,
    };
  }

  // Bombarding at night: several messages between night_start and night_end, whatever they are about.
  const start = clockMinutes(thresholds.night_start);
  const end = clockMinutes(thresholds.night_end);
  if (recent.length >= thresholds.repeat_count && inNight(clock.time.minutes, start, end)) {
    const atNight = recent.filter((e) => inNight(localTime(new Date(e.receivedAt), input.timezone).minutes, start, end)).length + 1;
    if (atNight >= thresholds.repeat_count + 1) {
      return {
        evidence: null,
        confidence: 0.7,
        note: `${ordinal(atNight)} message between ${thresholds.night_start} and ${thresholds.night_end} within ${thresholds.window_hours} h`,
      };
    }
  }
  return null;
}

/** A deadline of hours with a consequence, or a demand that named staff answer before 08:00 or tonight. */
function findUltimatum(p: PressureReading, clock: MessageClock, thresholds: VexatiousInput['thresholds']): VexatiousFinding | null {
  const t = p.tokens;
  const body = t.body;
  const cue = p.consequence ?? p.staffDemand;
  if (!cue) return null;
  const text = sentenceOf(t, cue.tokStart);
  const deadline = deadlineHours(text.text, clock);
  if (!deadline) return null;
  const ev: Evidence = { start: text.start + deadline.start, end: text.start + deadline.end, text: body.slice(text.start + deadline.start, text.start + deadline.end) };
  if (p.consequence && deadline.hours <= thresholds.ultimatum_max_hours) {
    const c = p.consequence;
    const start = Math.min(ev.start, c.start);
    const end = Math.max(ev.end, c.end);
    return {
      evidence: { start, end, text: body.slice(start, end) },
      confidence: deadline.hours <= 6 ? 0.9 : 0.75,
      note: `an ultimatum: a deadline ${deadline.hours < 1 ? `${Math.max(1, Math.round(deadline.hours * 60))} min` : `${round1(deadline.hours)} h`} away with a consequence (school limit: ${thresholds.ultimatum_max_hours} h)`,
    };
  }
  if (p.staffDemand) {
    const due = (clock.time.minutes + deadline.hours * 60) % 1440;
    const tonight = /\btonight\b/i.test(ev.text);
    if (tonight || due < 8 * 60) {
      return {
        evidence: ev,
        confidence: 0.8,
        note: `a demand that a named member of staff answer ${tonight ? 'tonight' : 'before 08:00'}, which the taxonomy counts as an ultimatum`,
      };
    }
  }
  return null;
}

/** The sentence holding token i: its text and where it starts in the body. */
function sentenceOf(t: Tokens, i: number): { text: string; start: number } {
  const s = t.sentence[i]!;
  let a = i;
  let b = i;
  while (a > 0 && t.sentence[a - 1] === s) a--;
  while (b + 1 < t.count && t.sentence[b + 1] === s) b++;
  const start = t.start[a]!;
  // Take the sentence's closing punctuation too, so "Monday?" and "8am." stay whole.
  let end = t.end[b]!;
  while (end < t.body.length && /[^\s.!?\n]/.test(t.body[end]!)) end++;
  return { text: t.body.slice(start, end), start };
}

/** Index of the latest recent message that is not itself a chaser (the matter a chase is about), or -1. */
function latestRoot(recent: readonly HistoryEntry[]): number {
  for (let i = recent.length - 1; i >= 0; i--) if (recent[i]!.topic !== 'none' && !isChaser(recent[i]!.body)) return i;
  return recent.length - 1;
}

function aboutMissingChild(text: string): boolean {
  const hits = topicMatcher.match(tokenize(text, whereaboutsTokens));
  return hits.some((h) => h.family === 'whereabouts');
}

function ordinal(n: number): string {
  const r = n % 100;
  if (r >= 11 && r <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
