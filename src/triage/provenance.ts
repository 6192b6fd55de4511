import { z } from 'zod';
import { CLASSIFIER_MODES } from '../config/school-schema';
import type { TriageDecision } from '../domain/triage';
import { FallbackReason, TokenUsage } from './model-port';

/**
 * How a decision was reached, beside the decision itself (TriageCascade adds it as `provenance`). Stored with
 * the triage for audit: `sentText` is exactly what left the building (minimised), never the original message.
 */
export const TriageProvenance = z.object({
  mode: z.enum(CLASSIFIER_MODES),
  /** Whose answer the decision is: the local rules, the model, or both combined (`both` mode). */
  decidedBy: z.enum(['local', 'model', 'both']),
  /** The model and prompt version asked, e.g. "gpt-4o-mini/triage-v1"; null in `local` mode. */
  modelId: z.string().nullable(),
  fellBack: z.boolean(),
  fallbackReason: FallbackReason.nullable(),
  /** A short technical note on the failure (HTTP status, timeout); never message text. */
  fallbackDetail: z.string().nullable(),
  /** The classifiers disagreed on a flag, safeguarding or urgency and the safer answer was taken: a person should look. */
  needsReview: z.boolean(),
  reviewReasons: z.array(z.string()),
  sentText: z.string().nullable(),
  cached: z.boolean(),
  usage: TokenUsage.nullable(),
  latencyMs: z.number().min(0).nullable(),
});
export type TriageProvenance = z.infer<typeof TriageProvenance>;

export type ProvenancedDecision = TriageDecision & { provenance: TriageProvenance };

/** The provenance a cascade put on a decision or on a triage result built from one; null when there is none. */
export function provenanceOf(decision: unknown): TriageProvenance | null {
  if (!decision || typeof decision !== 'object' || !('provenance' in decision)) return null;
  const p = TriageProvenance.safeParse((decision as { provenance: unknown }).provenance);
  return p.success ? p.data : null;
}

export interface ModelUseSummary {
  decisions: number;
  /** Decisions where a model was wanted (mode openai or both). */
  wanted: number;
  fellBack: number;
  byReason: Partial<Record<TriageProvenance['fallbackReason'] & string, number>>;
  needsReview: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  meanLatencyMs: number | null;
}

/** How a run of decisions used the model: for `schoolgate eval` and reports. */
export function summariseModelUse(provenances: readonly (TriageProvenance | null)[]): ModelUseSummary {
  const s: ModelUseSummary = { decisions: provenances.length, wanted: 0, fellBack: 0, byReason: {}, needsReview: 0, cached: 0, inputTokens: 0, outputTokens: 0, calls: 0, meanLatencyMs: null };
  let latency = 0;
  for (const p of provenances) {
    if (!p || p.mode === 'local') continue;
    s.wanted += 1;
    if (p.fellBack && p.fallbackReason) {
      s.fellBack += 1;
      s.byReason[p.fallbackReason] = (s.byReason[p.fallbackReason] ?? 0) + 1;
    }
    if (p.needsReview) s.needsReview += 1;
    if (p.cached) s.cached += 1;
    if (p.usage) {
      s.inputTokens += p.usage.inputTokens;
      s.outputTokens += p.usage.outputTokens;
    }
    if (p.latencyMs !== null) {
      s.calls += 1;
      latency += p.latencyMs;
    }
  }
  s.meanLatencyMs = s.calls ? Math.round(latency / s.calls) : null;
  return s;
}

export function formatModelUse(s: ModelUseSummary): string {
  const reasons = Object.entries(s.byReason)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return [
    `model: ${s.wanted - s.fellBack} of ${s.wanted} decided with the model; ${s.fellBack} fell back to the local classifier${reasons ? ` (${reasons})` : ''}`,
    `model: ${s.needsReview} marked for human review, ${s.cached} answered from the cache, ${s.calls} calls, ${s.inputTokens} input + ${s.outputTokens} output tokens${s.meanLatencyMs !== null ? `, mean latency ${s.meanLatencyMs} ms` : ''}`,
  ].join('\n');
}
