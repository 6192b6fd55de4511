import type { HistoryEntry } from '../domain/triage';

/** How much of a sender's past the classifier sees: enough for any vexatious window a school may set (≤ 7 days). */
export const HISTORY_DAYS = 7;
export const HISTORY_MAX_ENTRIES = 50;

/**
 * Each sender's recent messages with their triage, kept in arrival order. The CLI replays a log
 * through it; the server reads the same window from the database, so both see the same history.
 */
const EMPTY: readonly HistoryEntry[] = Object.freeze([]);

export class SenderHistoryBook {
  // Each sender's entries with their times parsed once (a replay asks for the window on every message).
  private readonly bySender = new Map<string, { entries: HistoryEntry[]; times: number[] }>();

  /** The sender's messages in the window before `at`, oldest first. */
  recent(sender: string, at: Date): readonly HistoryEntry[] {
    const list = this.bySender.get(sender);
    if (!list) return [];
    const since = at.getTime() - HISTORY_DAYS * 86_400_000;
    if (list.times[0]! < since) {
      let i = 1;
      while (i < list.times.length && list.times[i]! < since) i++;
      list.entries.splice(0, i);
      list.times.splice(0, i);
    }
    return list.entries.length ? list.entries.slice() : EMPTY;
  }

  record(sender: string, entry: HistoryEntry): void {
    let list = this.bySender.get(sender);
    if (!list) {
      list = { entries: [], times: [] };
      this.bySender.set(sender, list);
    }
    // Keep time order even when a log is replayed out of order: classifiers rely on "oldest first".
    const at = Date.parse(entry.receivedAt);
    let i = list.times.length;
    while (i > 0 && list.times[i - 1]! > at) i--;
    if (i === list.times.length) {
      list.entries.push(entry);
      list.times.push(at);
    } else {
      list.entries.splice(i, 0, entry);
      list.times.splice(i, 0, at);
    }
    const over = list.entries.length - HISTORY_MAX_ENTRIES;
    if (over > 0) {
      list.entries.splice(0, over);
      list.times.splice(0, over);
    }
  }
}
