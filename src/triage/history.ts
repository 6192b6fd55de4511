import type { HistoryEntry } from '../domain/triage';

/** How much of a sender's past the classifier sees: enough for any vexatious window a school may set (≤ 7 days). */
export const HISTORY_DAYS = 7;
export const HISTORY_MAX_ENTRIES = 50;

/**
 * Each sender's recent messages with their triage, kept in arrival order. The CLI replays a log
 * through it; the server reads the same window from the database, so both see the same history.
 */
export class SenderHistoryBook {
  private readonly bySender = new Map<string, HistoryEntry[]>();

  /** The sender's messages in the window before `at`, oldest first. */
  recent(sender: string, at: Date): readonly HistoryEntry[] {
    const all = this.bySender.get(sender);
    if (!all) return [];
    const since = at.getTime() - HISTORY_DAYS * 86_400_000;
    let i = 0;
    while (i < all.length && Date.parse(all[i]!.receivedAt) < since) i++;
    if (i > 0) all.splice(0, i);
    return all.slice();
  }

  record(sender: string, entry: HistoryEntry): void {
    const list = this.bySender.get(sender) ?? [];
    list.push(entry);
    if (list.length > HISTORY_MAX_ENTRIES) list.splice(0, list.length - HISTORY_MAX_ENTRIES);
    this.bySender.set(sender, list);
  }
}
