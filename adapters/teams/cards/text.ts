/**
 * Text for Adaptive Cards. A TextBlock reads a subset of Markdown, so anything a parent or member of staff wrote goes
 * into a RichTextBlock's TextRuns (never parsed as Markdown) or is escaped first.
 */

/** Cut to at most `max` characters (code points, so an emoji is never split), ending with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** `reply_pending_approval` → `reply pending approval`. */
export const words = (s: string): string => s.replaceAll('_', ' ');

export const capital = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Markdown a TextBlock would act on (emphasis, links, lists, headings) made literal. */
export const escapeMarkdown = (s: string): string => s.replace(/([\\`*_[\]()#+\-.!>~|])/g, '\\$1');

/**
 * A time as the school reads it ("Mon 5 Oct, 15:30"), in the school's time zone; UTC, said so, when the school
 * file gives none. Rendered here rather than by the client so the same alert always renders the same card.
 */
export function schoolTime(iso: string, timezone?: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone ?? 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}${timezone ? '' : ' UTC'}`;
}

/** Merge evidence spans into ordered, non-overlapping [start, end) ranges inside the text. */
export function spans(body: string, ranges: readonly { start: number; end: number; text?: string }[]): { start: number; end: number }[] {
  const fixed = ranges
    .map((r) => {
      if (r.end > r.start && r.end <= body.length && (r.text === undefined || body.slice(r.start, r.end) === r.text)) return { start: r.start, end: r.end };
      // Offsets from another version of the text (an edit, a normalisation): find the words themselves.
      const at = r.text ? body.indexOf(r.text) : -1;
      return at >= 0 && r.text ? { start: at, end: at + r.text.length } : null;
    })
    .filter((r): r is { start: number; end: number } => r !== null)
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of fixed) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
