/**
 * Text for Adaptive Cards. A TextBlock reads a subset of Markdown, so anything a parent or member of staff wrote goes
 * into a RichTextBlock's TextRuns (never parsed as Markdown) or is escaped first.
 */

export { capital, spans, truncate, words } from '../../../src/alerts/card-text';

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
