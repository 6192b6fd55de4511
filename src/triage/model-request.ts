import { clockMinutes, localTime } from '../domain/local-time';
import type { HistoryEntry } from '../domain/triage';
import type { MinimisedText, Minimiser } from '../privacy/minimise';
import type { ClassifierInput } from './classifier';

/** The sender's history goes as short summaries: the latest few, each cut to a line. */
export const HISTORY_SUMMARIES = 8;
export const SUMMARY_CHARS = 160;

export interface TriageRequest {
  /** Exactly what the model is sent after its system prompt (and what the audit keeps). */
  readonly content: string;
  /** The minimised message body, to restore the model's quotes against the original. */
  readonly message: MinimisedText;
}

const WEEKDAY: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/**
 * When the message came, in the school's words: the weekday and the part of the day (the school's night hours
 * from its vexatious settings). Coarse on purpose: the rules need "night" or "before school", not the minute,
 * and a coarse time lets identical texts share a cached answer.
 */
function whenSent(at: Date, input: ClassifierInput): string {
  const t = localTime(at, input.school.timezone);
  const v = input.school.file.vexatious;
  const night = clockMinutes(v.night_start);
  const morning = clockMinutes(v.night_end);
  const m = t.minutes;
  const isNight = night > morning ? m >= night || m < morning : m >= night && m < morning;
  const part = isNight ? 'at night' : m < 8 * 60 + 45 ? 'early morning, before school' : m < 15 * 60 + 15 ? 'during the school day' : 'after school, in the evening';
  const term = input.school.file.term_dates.some((d) => d.start <= t.date && t.date <= d.end);
  const termNote = input.school.file.term_dates.length ? (term ? 'in term time' : 'outside term time') : '';
  return [WEEKDAY[t.weekday], part, termNote].filter(Boolean).join(', ');
}

function ago(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min earlier`;
  const h = Math.round(min / 60);
  if (h < 48) return `about ${h} hour${h === 1 ? '' : 's'} earlier`;
  return `about ${Math.round(h / 24)} days earlier`;
}

function summarise(entry: HistoryEntry, at: Date, session: Minimiser): string {
  const text = session.minimise(entry.body).text.replace(/\s+/g, ' ').trim();
  const cut = text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
  const flags = entry.flags.length ? entry.flags.join(', ') : 'none';
  return `- ${ago(at.getTime() - Date.parse(entry.receivedAt))}, ${entry.channel}, flags: ${flags}, topic: ${entry.topic}: "${cut}"`;
}

/**
 * The minimised request for one message: the message between markers, when it came, and short minimised
 * summaries of the sender's recent messages. All names and numbers go through one session, so "[CHILD_1]" is
 * the same child in the message and in its history.
 */
export function buildTriageRequest(input: ClassifierInput, session: Minimiser): TriageRequest {
  const at = new Date(input.message.receivedAt);
  const message = session.minimise(input.message.body);
  const recent = input.history.slice(-HISTORY_SUMMARIES);
  const lines = [
    'MESSAGE',
    `channel: ${input.message.channel}`,
    `sent: ${whenSent(at, input)}`,
    'text (evidence offsets count from its first character):',
    '<<<',
    message.text,
    '>>>',
    '',
    recent.length
      ? `SENDER'S EARLIER MESSAGES (last 7 days, oldest first${input.history.length > recent.length ? `, latest ${recent.length} of ${input.history.length}` : ''})`
      : "SENDER'S EARLIER MESSAGES: none in the last 7 days",
    ...recent.map((h) => summarise(h, at, session)),
  ];
  return { content: lines.join('\n'), message };
}
