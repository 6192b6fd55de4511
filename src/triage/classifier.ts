import type { School } from '../config/load-school';
import type { InboundMessage } from '../domain/message';
import type { HistoryEntry, TriageDecision } from '../domain/triage';

/** What a classifier sees: the message, the sender's recent history (oldest first) and the school. */
export interface ClassifierInput {
  readonly message: InboundMessage;
  readonly history: readonly HistoryEntry[];
  readonly school: School;
}

/** The classifier port. The local classifier is the embedded default; the OpenAI one falls back to it. */
export interface Classifier {
  readonly name: string;
  classify(input: ClassifierInput): Promise<TriageDecision>;
}
