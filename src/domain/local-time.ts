/** The school's wall-clock view of an instant: its local date, weekday and minutes since midnight. */
export interface LocalTime {
  date: string; // YYYY-MM-DD
  weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  minutes: number; // 0..1439
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

// Intl formatting is slow next to triage itself; a replay or a busy day asks for the same minute many times.
const recentMinutes = new Map<string, LocalTime>();

/** Convert an instant to the school's local time (BST/GMT handled by the time zone database). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const key = `${timeZone}|${Math.floor(at.getTime() / 60_000)}`;
  const hit = recentMinutes.get(key);
  if (hit) return hit;
  const computed = computeLocalTime(at, timeZone);
  if (recentMinutes.size >= 4096) recentMinutes.clear();
  recentMinutes.set(key, Object.freeze(computed));
  return computed;
}

function computeLocalTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? 'Mon').slice(0, 3).toLowerCase() as LocalTime['weekday'],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** "HH:MM" → minutes since midnight. */
export const clockMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
