import type { School } from '../config/load-school';
import type { InboundMessage } from '../domain/message';
import type { HistoryEntry, TriageResult } from '../domain/triage';
import { identifySender, type RoutingDecision, routeEnquiry, type Sender } from '../routing/route';
import type { Classifier } from './classifier';

export interface Triaged {
  result: TriageResult;
  routing: RoutingDecision;
}

/**
 * Triage one message: classify it with the sender's history, then route the enquiry it carries. The sender
 * defaults to what the school file knows; the server passes what the database knows (imports, decisions).
 */
export async function triageMessage(
  message: InboundMessage,
  history: readonly HistoryEntry[],
  school: School,
  classifier: Classifier,
  sender: Sender = identifySender(school, message.from),
): Promise<Triaged> {
  const decision = await classifier.classify({ message, history, school });
  const routing = routeEnquiry(school, decision, sender);
  return { result: { id: message.id, ...decision, route: routing.route }, routing };
}

/** What the history keeps of a triaged message. */
export function historyEntry(message: InboundMessage, result: Pick<TriageResult, 'flags' | 'topic'>): HistoryEntry {
  return { receivedAt: message.receivedAt, body: message.body, channel: message.channel, flags: result.flags, topic: result.topic };
}
