import type { Viewer } from '../workflow/views';
import type { TriageProvenance } from './provenance';
import type { ModelCallPurpose } from './usage-ledger';

/**
 * How the model took part in one message's triage, for audit: what left the building (the minimised text, never
 * the original), what came back and what it cost. Plain data and one port, so the HTTP server can depend on it.
 */
export interface MessageModelAudit {
  messageId: string;
  schoolId: string;
  /** The classifier that triaged it ("local", or "cascade:<model>/<prompt version>"). */
  classifier: string;
  /** Null when the message was triaged locally only (the school's mode is `local`). */
  model: Omit<TriageProvenance, 'sentText'> | null;
  fellBack: boolean;
  needsReview: boolean;
  /** Exactly what the model was sent after its system prompt; null when nothing was sent, or when withheld. */
  sentText: string | null;
  /** The message's words name this reader and another reviewer handles it: the text sent is withheld too. */
  withheld: boolean;
  /** Every model call made for this message, oldest first. */
  calls: { at: string; purpose: ModelCallPurpose; modelId: string; outcome: string; inputTokens: number; outputTokens: number; latencyMs: number | null }[];
}

export interface ModelAuditApi {
  /** For the people who may read the message log (the workflow's rules); NOT_FOUND before triage. */
  messageModelAudit(messageId: string, viewer: Viewer): Promise<MessageModelAudit>;
}
