import type OpenAI from 'openai';
import { ReplyDraftAnswer, type ReplyInstructions, type ReplyModel } from '../../src/replies/draft';
import type { ModelAnswer } from '../../src/triage/model-port';
import { fillPrompt, REPLY_PROMPT_VERSION, readPrompt } from './prompts';
import { askStructured } from './structured';

/** Reply drafts worded by the model from the school's template and tone; the text comes back with placeholders. */
export class OpenAiReplyModel implements ReplyModel {
  readonly id: string;
  private readonly prompt: string;

  constructor(
    private readonly client: OpenAI,
    readonly model: string,
  ) {
    this.id = `${model}/${REPLY_PROMPT_VERSION}`;
    this.prompt = readPrompt(REPLY_PROMPT_VERSION);
  }

  draft(content: string, instructions: ReplyInstructions, signal: AbortSignal): Promise<ModelAnswer<ReplyDraftAnswer>> {
    return askStructured({
      client: this.client,
      model: this.model,
      system: fillPrompt(this.prompt, { ...instructions }),
      content,
      schema: ReplyDraftAnswer,
      schemaName: 'reply_draft',
      maxTokens: 600,
      signal,
    });
  }
}
