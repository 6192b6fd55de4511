import type OpenAI from 'openai';
import { TriageDecision } from '../../src/domain/triage';
import type { ModelAnswer, TriageModel } from '../../src/triage/model-port';
import { readPrompt, TRIAGE_PROMPT_VERSION } from './prompts';
import { askStructured } from './structured';

/**
 * Triage through structured outputs with the very schema the local classifier's result has (TriageDecision:
 * every field required, optional ones nullable, as strict mode needs). Converts and forwards; the cascade
 * decides what to do with the answer.
 */
export class OpenAiTriageModel implements TriageModel {
  readonly id: string;
  readonly promptVersion = TRIAGE_PROMPT_VERSION;
  private readonly system: string;
  private readonly maxTokens: number;

  constructor(
    private readonly client: OpenAI,
    readonly model: string,
    options: { maxTokens?: number } = {},
  ) {
    this.id = `${model}/${TRIAGE_PROMPT_VERSION}`;
    this.system = readPrompt(TRIAGE_PROMPT_VERSION);
    this.maxTokens = options.maxTokens ?? 1_500;
  }

  triage(content: string, signal: AbortSignal): Promise<ModelAnswer<TriageDecision>> {
    return askStructured({
      client: this.client,
      model: this.model,
      system: this.system,
      content,
      schema: TriageDecision,
      schemaName: 'triage_decision',
      maxTokens: this.maxTokens,
      signal,
    });
  }
}
