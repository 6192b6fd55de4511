import type { School } from '../config/load-school';
import type { InboundMessage } from '../domain/message';
import type { TriageResult } from '../domain/triage';
import type { Classifier } from '../triage/classifier';
import { SenderHistoryBook } from '../triage/history';
import { historyEntry, triageMessage } from '../triage/triage';

/**
 * Replay messages in the order given, keeping each sender's history, as the live server would.
 * `onResult` gets each result as soon as it is known, so output streams.
 */
export async function replay(
  messages: readonly InboundMessage[],
  school: School,
  classifier: Classifier,
  onResult: (r: TriageResult, m: InboundMessage) => void,
): Promise<void> {
  const book = new SenderHistoryBook();
  for (const m of messages) {
    const at = new Date(m.receivedAt);
    const { result } = await triageMessage(m, book.recent(m.from, at), school, classifier);
    book.record(m.from, historyEntry(m, result));
    onResult(result, m);
  }
}
