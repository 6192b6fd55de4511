import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import type { ModelAnswer, TokenUsage } from '../../src/triage/model-port';
import { failureOf } from './errors';

export interface StructuredCall<S extends z.ZodType> {
  client: OpenAI;
  model: string;
  system: string;
  content: string;
  schema: S;
  schemaName: string;
  maxTokens: number;
  signal: AbortSignal;
}

/** The response_format the SDK helper builds from a zod schema (strict JSON schema). */
export function responseFormat(schema: z.ZodType, name: string) {
  return zodResponseFormat(schema, name);
}

// Reasoning models (o1, o3, o4-mini, gpt-5…) reject a temperature; the others get 0 for repeatable answers.
const acceptsTemperature = (model: string) => !/^(o\d|gpt-5)/i.test(model);

/**
 * One Chat Completions call with structured output. Chat Completions rather than the Responses API, because
 * Azure OpenAI and the OpenAI-compatible servers speak it. The answer is parsed here with the same zod schema
 * (not by the SDK's parse(), which throws away the token usage when the answer does not fit), so a refusal, an
 * unparseable or schema-invalid answer and a cut-off answer each come back as a value with the tokens spent.
 */
export async function askStructured<S extends z.ZodType>(call: StructuredCall<S>): Promise<ModelAnswer<z.infer<S>>> {
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await call.client.chat.completions.create(
      {
        model: call.model,
        messages: [
          { role: 'system', content: call.system },
          { role: 'user', content: call.content },
        ],
        response_format: responseFormat(call.schema, call.schemaName),
        max_completion_tokens: call.maxTokens,
        ...(acceptsTemperature(call.model) ? { temperature: 0 } : {}),
      },
      { signal: call.signal },
    );
  } catch (e) {
    return { ok: false, ...failureOf(e), usage: null };
  }
  const usage: TokenUsage | null = completion.usage
    ? { inputTokens: completion.usage.prompt_tokens ?? 0, outputTokens: completion.usage.completion_tokens ?? 0 }
    : null;
  const choice = completion.choices?.[0];
  if (!choice) return { ok: false, reason: 'invalid_answer', detail: 'the answer had no choices', usage };
  if (choice.message?.refusal) return { ok: false, reason: 'refusal', detail: 'the model refused to answer', usage };
  if (choice.finish_reason === 'length') return { ok: false, reason: 'incomplete_answer', detail: 'the answer was cut off at the token limit', usage };
  if (choice.finish_reason === 'content_filter') return { ok: false, reason: 'refusal', detail: 'the content filter stopped the answer', usage };
  const text = choice.message?.content;
  if (!text) return { ok: false, reason: 'invalid_answer', detail: 'the answer was empty', usage };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid_answer', detail: 'the answer is not JSON', usage };
  }
  const parsed = call.schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    return { ok: false, reason: 'invalid_answer', detail: `the answer does not fit the schema (${where.join('; ')})`.slice(0, 200), usage };
  }
  return { ok: true, value: parsed.data, usage };
}
