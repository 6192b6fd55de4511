import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseEnv } from '../../../src/config/env';
import { parseSchool, type School } from '../../../src/config/load-school';
import type { ClassifierSettings } from '../../../src/config/school-schema';
import type { TriageDecision } from '../../../src/domain/triage';

const root = join(import.meta.dirname, '..', '..', '..');

/** The example school (Rossmore) with its classifier section replaced. */
export function schoolWith(classifier: Partial<ClassifierSettings>, extra: Record<string, unknown> = {}): School {
  const doc = parse(readFileSync(join(root, 'config', 'school.example.yaml'), 'utf8')) as Record<string, unknown>;
  const r = parseSchool({ ...doc, ...extra, classifier });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Every name in the school file, as words: none may reach a model. */
export function schoolFileNames(school: School): string[] {
  return school.file.parents.flatMap((p) => [p.name, ...p.children.map((c) => c.name)]).flatMap((n) => n.split(/\s+/));
}

export function envWith(vars: Record<string, string>) {
  const r = parseEnv(vars);
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * A Chat Completions answer in the shape the API returns it (fields as recorded from api.openai.com for a
 * structured-output request: ids, fingerprint, usage details).
 */
export function completion(content: string | null, o: { refusal?: string; finishReason?: string; promptTokens?: number; completionTokens?: number } = {}) {
  const promptTokens = o.promptTokens ?? 2143;
  const completionTokens = o.completionTokens ?? 187;
  return {
    id: 'chatcmpl-CZ4kq2b1xYyJt0sR7aQ8dF3nWm9Ke',
    object: 'chat.completion',
    created: 1_790_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: o.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: o.finishReason ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_560af6e559',
  };
}

export const decisionCompletion = (d: TriageDecision, o?: Parameters<typeof completion>[1]) => completion(JSON.stringify(d), o);

/** A complete answer for a civil absence message, as the model writes it: quotes with placeholders. */
export function absenceAnswer(minimisedBody: string, quote = '[CHILD_1] wont be in today'): TriageDecision {
  const start = minimisedBody.indexOf(quote);
  return {
    flags: [],
    topic: 'absence',
    urgency: 'routine',
    reasons: [
      { kind: 'topic', label: 'absence', clause: 'taxonomy: reasons for absence, illness today', evidence: { start, end: start + quote.length, text: quote }, confidence: 0.96, note: '[CHILD_1] is ill today' },
      { kind: 'urgency', label: 'routine', clause: 'a child off sick today is routine', evidence: null, confidence: 0.9, note: null },
    ],
  };
}

/** The OpenAI error body shape. */
export const apiError = (message: string, type: string, code: string | null = null) => ({ error: { message, type, param: null, code } });
