/**
 * Text for Block Kit. Slack's mrkdwn treats &, < and > as control characters (links, mentions), so anything a parent
 * or member of staff wrote is escaped before it goes into mrkdwn; in plain_text and rich_text it goes in as is.
 */

export { capital, spans, truncate, words } from '../../src/alerts/card-text';

export const escapeMrkdwn = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Length as Slack counts it for limits (characters, not UTF-16 units). */
export const length = (s: string): number => [...s].length;

/**
 * A time Slack shows in each reader's own time zone (`<!date^…>`), with a plain fallback for clients that cannot.
 * Fallback in UTC with the zone named, so it is never silently wrong.
 */
export function slackDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return escapeMrkdwn(iso);
  const fallback = `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(t / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}
