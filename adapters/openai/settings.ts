import type { Env } from '../../src/config/env';

/** Where and how to reach the model, from the parsed environment (only src/config reads process.env). */
export type OpenAiSettings = {
  model: string;
  timeoutMs: number;
  maxRetries: number;
} & (
  | { kind: 'openai'; apiKey: string; baseURL: string }
  | { kind: 'azure'; endpoint: string; apiKey: string; deployment: string; apiVersion: string }
);

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Null when nothing is configured: no OpenAI key, no compatible server, no Azure endpoint. */
export function openAiSettings(env: Env): OpenAiSettings | null {
  const common = { model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS, maxRetries: env.OPENAI_MAX_RETRIES };
  if (env.AZURE_OPENAI_ENDPOINT && env.AZURE_OPENAI_API_KEY && env.AZURE_OPENAI_DEPLOYMENT)
    return {
      ...common,
      kind: 'azure',
      endpoint: env.AZURE_OPENAI_ENDPOINT,
      apiKey: env.AZURE_OPENAI_API_KEY,
      deployment: env.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: env.OPENAI_API_VERSION,
    };
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return null;
  return {
    ...common,
    kind: 'openai',
    // The SDK refuses to start without a key; servers that need none (a local model server) ignore the header.
    apiKey: env.OPENAI_API_KEY ?? 'no-key',
    baseURL: env.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL,
  };
}

/** No model call may hold a message's triage longer than this, whatever the timeout and retries say. */
export const MAX_DEADLINE_MS = 100_000;

/**
 * The longest one classification may take: every attempt's timeout plus the SDK's backoff between attempts
 * (about 0.5 s, then 1 s, doubling; allow 2 s each), at most MAX_DEADLINE_MS (a triage job expires after 120 s).
 * The cascade aborts the call there and uses the local answer.
 */
export function deadlineFor(s: Pick<OpenAiSettings, 'timeoutMs' | 'maxRetries'>): number {
  return Math.min(MAX_DEADLINE_MS, s.timeoutMs * (s.maxRetries + 1) + 2_000 * s.maxRetries);
}
