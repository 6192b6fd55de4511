import OpenAI, { AzureOpenAI } from 'openai';
import type { OpenAiSettings } from './settings';

/** The SDK client for the settings: OpenAI or any compatible server by base URL, or Azure OpenAI. */
export function createOpenAiClient(s: OpenAiSettings, options: { fetch?: typeof fetch } = {}): OpenAI {
  const common = { timeout: s.timeoutMs, maxRetries: s.maxRetries, ...(options.fetch ? { fetch: options.fetch } : {}) };
  if (s.kind === 'azure') return new AzureOpenAI({ ...common, endpoint: s.endpoint, apiKey: s.apiKey, deployment: s.deployment, apiVersion: s.apiVersion });
  return new OpenAI({ ...common, apiKey: s.apiKey, baseURL: s.baseURL });
}
