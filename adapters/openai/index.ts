import type { Env } from '../../src/config/env';
import { createOpenAiClient } from './client';
import { OpenAiReplyModel } from './reply-model';
import { deadlineFor, type OpenAiSettings, openAiSettings } from './settings';
import { OpenAiTriageModel } from './triage-model';

export { createOpenAiClient } from './client';
export { OpenAiReplyModel } from './reply-model';
export { deadlineFor, type OpenAiSettings, openAiSettings } from './settings';
export { OpenAiTriageModel } from './triage-model';

export interface OpenAiModels {
  settings: OpenAiSettings;
  triage: OpenAiTriageModel;
  replies: OpenAiReplyModel;
  /** The longest one call may take, retries included. */
  deadlineMs: number;
}

/** The models the environment configures, or null when it configures none (then only the local classifier runs). */
export function createOpenAiModels(env: Env, options: { fetch?: typeof fetch } = {}): OpenAiModels | null {
  const settings = openAiSettings(env);
  if (!settings) return null;
  const client = createOpenAiClient(settings, options);
  return { settings, triage: new OpenAiTriageModel(client, settings.model), replies: new OpenAiReplyModel(client, settings.model), deadlineMs: deadlineFor(settings) };
}
