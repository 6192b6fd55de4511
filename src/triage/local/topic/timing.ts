import { type LocalTime, localTime } from '../../../domain/local-time';

const WEEKDAYS: Record<string, LocalTime['weekday']> = {
  monday: 'mon',
  mon: 'mon',
  tuesday: 'tue',
  tues: 'tue',
  tue: 'tue',
  wednesday: 'wed',
  weds: 'wed',
  thursday: 'thu',
  thurs: 'thu',
  thur: 'thu',
  thu: 'thu',
  friday: 'fri',
  fri: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};
const ORDER: LocalTime['weekday'][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The school's local time of a message, computed once per message and only when a rule needs it. */
export class MessageClock {
  private local: LocalTime | null = null;
  constructor(
    readonly at: Date,
    readonly timezone: string,
  ) {}

  get time(): LocalTime {
    this.local ??= localTime(this.at, this.timezone);
    return this.local;
  }

  /** Whether a weekday word ("friday", "thurs") names the day the message arrived (school's time zone). */
  isToday(weekdayWord: string): boolean {
    return WEEKDAYS[weekdayWord] === this.time.weekday;
  }

  /** Days from the message's local day to the next such weekday (0 = today). */
  daysUntil(weekdayWord: string): number {
    const target = WEEKDAYS[weekdayWord];
    if (!target) return Number.POSITIVE_INFINITY;
    return (ORDER.indexOf(target) - ORDER.indexOf(this.time.weekday) + 7) % 7;
  }
}

const UNIT_MINUTES: Record<string, number> = { min: 1, mins: 1, minute: 1, minutes: 1, hour: 60, hours: 60, hr: 60, hrs: 60 };
const COUNT_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, few: 3, half: 0.5 };

const RELATIVE = /\b(?:in|within)\s+(?:the\s+)?(?:next\s+)?(\d+|an?|one|two|three|few|half)\s*(?:an\s+)?(mins?|minutes?|hours?|hrs?)\b|\byou(?:'ve|\s+have)?\s+(?:got\s+)?(\d+|an?|one|two|three)\s*(mins?|minutes?|hours?|hrs?)\b|\b(\d+)\s*(mins?|minutes?)\b/gi;
const CLOCK = /\b(?:by|before|until|till|for)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|o'?clock)?(?!\s*(?:mins?|minutes?|hours?|days?|weeks?|%|th|st|nd|rd))\b/gi;
const SAME_DAY = /\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|now|right\s+now|immediately|asap|straight\s+away|right\s+away|end\s+of\s+(?:the\s+|to)?day|close\s+of\s+play|home\s*time|lunch\s*time|lunch)\b/i;
const TOMORROW = /\b(?:tomorrow|tmrw|tomoz|first\s+thing)(\s+morning)?\b/i;
const DAY_NAME = /\b(?:by|before|on|until|till)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thurs?|fri)\b/i;
const WEEK = /\b(?:end\s+of\s+(?:the\s+)?week|next\s+week|this\s+week|end\s+of\s+term)\b/i;

/** The earliest deadline a piece of text sets, in hours after the message, or null when it sets none. */
export function deadlineHours(text: string, clock: MessageClock): { hours: number; start: number; end: number } | null {
  let best: { hours: number; start: number; end: number } | null = null;
  const take = (hours: number, start: number, end: number) => {
    if (hours >= 0 && (!best || hours < best.hours)) best = { hours, start, end };
  };
  const now = () => clock.time.minutes;
  for (const m of text.matchAll(RELATIVE)) {
    const count = m[1] ?? m[3] ?? m[5];
    const unit = (m[2] ?? m[4] ?? m[6] ?? '').toLowerCase();
    const n = Number(count) || COUNT_WORDS[(count ?? '').toLowerCase()] || 0;
    const perUnit = UNIT_MINUTES[unit] ?? (unit.startsWith('h') ? 60 : 1);
    if (n > 0) take((n * perUnit) / 60, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(CLOCK)) {
    let h = Number(m[1]);
    const min = m[2] ? Number(m[2]) : 0;
    const suffix = (m[3] ?? '').toLowerCase();
    if (h > 23 || min > 59) continue;
    if (suffix === 'pm' && h < 12) h += 12;
    else if (suffix === 'am' && h === 12) h = 0;
    else if (!suffix.startsWith('a') && !suffix.startsWith('p') && h >= 1 && h <= 6) h += 12; // "by 3" at school means 3pm
    let minutes = h * 60 + min - now();
    if (minutes <= 0) minutes += 24 * 60;
    take(minutes / 60, m.index, m.index + m[0].length);
  }
  const same = SAME_DAY.exec(text);
  if (same) take(Math.max(0.5, (18 * 60 - now()) / 60), same.index, same.index + same[0].length);
  const tomorrow = TOMORROW.exec(text);
  if (tomorrow) take((24 * 60 - now() + (tomorrow[1] ? 9 * 60 : 17 * 60)) / 60, tomorrow.index, tomorrow.index + tomorrow[0].length);
  const day = DAY_NAME.exec(text);
  if (day) {
    const d = clock.daysUntil(day[1]!.toLowerCase());
    if (Number.isFinite(d)) take(d === 0 ? Math.max(0.5, (18 * 60 - now()) / 60) : d * 24 + (17 * 60 - now()) / 60, day.index, day.index + day[0].length);
  }
  const week = WEEK.exec(text);
  if (week) take(72, week.index, week.index + week[0].length);
  return best;
}

/** Whether a local clock time (minutes since midnight) falls in the night window [start, end). */
export function inNight(minutes: number, start: number, end: number): boolean {
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}
