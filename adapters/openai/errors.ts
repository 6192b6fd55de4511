import OpenAI from 'openai';
import type { FallbackReason } from '../../src/triage/model-port';

/**
 * An SDK failure as a fallback reason and a short technical detail (status, cause; never message text).
 * Retryable ones (timeouts, 429, 5xx, connection) have already been retried by the SDK when they get here.
 */
export function failureOf(e: unknown): { reason: FallbackReason; detail: string } {
  const short = (s: string) => s.replace(/\s+/g, ' ').slice(0, 200);
  if (e instanceof OpenAI.APIUserAbortError) return { reason: 'timeout', detail: 'aborted at the deadline' };
  if (e instanceof OpenAI.APIConnectionTimeoutError) return { reason: 'timeout', detail: 'the request timed out' };
  if (e instanceof OpenAI.APIConnectionError) {
    const cause = (e.cause as { code?: string; cause?: { code?: string } } | undefined) ?? {};
    return { reason: 'connection', detail: short(`cannot connect: ${cause.code ?? cause.cause?.code ?? e.message}`) };
  }
  if (e instanceof OpenAI.RateLimitError) return { reason: 'rate_limited', detail: short(`HTTP 429: ${e.message}`) };
  if (e instanceof OpenAI.APIError && typeof e.status === 'number')
    return { reason: e.status >= 500 ? 'server_error' : 'http_error', detail: short(`HTTP ${e.status}: ${e.message}`) };
  return { reason: 'error', detail: short(e instanceof Error ? `${e.name}: ${e.message}` : String(e)) };
}
