import { z } from 'zod';
import type { TriageDecision } from '../domain/triage';

/**
 * The port an outside model sits behind (adapters/openai implements it). It only ever sees minimised text:
 * the cascade minimises before calling and restores what comes back. Expected failures are values, never
 * exceptions, so the cascade can fall back to the local classifier and say why.
 */

export const FALLBACK_REASONS = [
  'not_configured',
  'budget_exhausted',
  'circuit_open',
  'timeout',
  'connection',
  'rate_limited',
  'server_error',
  'http_error',
  'refusal',
  'invalid_answer',
  'incomplete_answer',
  'error',
] as const;
export const FallbackReason = z.enum(FALLBACK_REASONS);
export type FallbackReason = z.infer<typeof FallbackReason>;

export const TokenUsage = z.object({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) });
export type TokenUsage = z.infer<typeof TokenUsage>;

export type ModelAnswer<T> =
  | { ok: true; value: T; usage: TokenUsage | null }
  | { ok: false; reason: FallbackReason; detail: string; usage: TokenUsage | null };

export interface TriageModel {
  /** The model and prompt version, e.g. "gpt-4o-mini/triage-v1": part of the answer cache's key and the audit. */
  readonly id: string;
  readonly model: string;
  readonly promptVersion: string;
  /** Classify one minimised request. `signal` aborts it at the cascade's deadline. */
  triage(content: string, signal: AbortSignal): Promise<ModelAnswer<TriageDecision>>;
}

/**
 * Run one model call with a hard deadline: the signal aborts it when the time is up, and the answer is a timeout
 * then even if the call ignores the signal. A call that throws becomes an `error` answer, never an exception.
 */
export async function askWithin<T>(deadlineMs: number, call: (signal: AbortSignal) => Promise<ModelAnswer<T>>): Promise<ModelAnswer<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ModelAnswer<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: 'timeout', detail: `no answer within ${deadlineMs} ms`, usage: null });
    }, deadlineMs);
  });
  const answer = Promise.resolve()
    .then(() => call(controller.signal))
    .catch((e: unknown): ModelAnswer<T> => ({ ok: false, reason: 'error', detail: String((e as Error)?.message ?? e).slice(0, 200), usage: null }));
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
