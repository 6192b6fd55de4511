/**
 * Text helpers every staff-alert surface (Teams cards, Slack messages) shares; each surface escapes for its own
 * markup on top of these.
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

/** Merge evidence spans into ordered, non-overlapping [start, end) ranges inside the text. */
export function spans(
  body: string,
  ranges: readonly { start: number; end: number; text?: string }[],
): { start: number; end: number }[] {
  const fixed = ranges
    .map((r) => {
      if (r.end > r.start && r.end <= body.length && (r.text === undefined || body.slice(r.start, r.end) === r.text))
        return { start: r.start, end: r.end };
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
