import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiModels } from '../../../adapters/openai/index';
import { readPromptSchema, REPLY_PROMPT_VERSION } from '../../../adapters/openai/prompts';
import { buildReplyDrafter, modelServices } from '../../../src/main/classifiers';
import { personalDataIn, stringsIn } from '../../privacy/devset';
import { apiError, completion, envWith, schoolFileNames, schoolWith } from './fixtures';

const API = 'https://api.openai.com';
const PATH = '/v1/chat/completions';
const env = envWith({ OPENAI_API_KEY: 'sk-test-123', OPENAI_MAX_RETRIES: '0' });
const school = schoolWith({ mode: 'openai' }, { reply_drafts: { tone: 'warm and brief', sign_off: 'Karen, Rossmore School office' } });
const BODY = "Hi, Kai Clarke's nan is collecting him at 3 today instead of the taxi, her number is 07700 900158 and she lives at 3 Poplar Way CW9 5AB";

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('reply drafts through OpenAI', () => {
  it('sends the versioned prompt in the school’s tone and the minimised message only; the draft comes back with the names', async () => {
    let body: { messages: { role: string; content: string }[]; response_format: unknown } | undefined;
    nock(API)
      .post(PATH, (b) => {
        body = b;
        return true;
      })
      .matchHeader('authorization', 'Bearer sk-test-123')
      .reply(200, completion(JSON.stringify({ reply: "Dear [PARENT_1], thank you, we have told the taxi that [CHILD_1]'s nan is collecting today. Karen, Rossmore School office" }), { promptTokens: 512, completionTokens: 48 }));
    const drafter = buildReplyDrafter(env, modelServices(env));
    const d = await drafter.draft({ enquiryText: BODY, topic: 'transport', school, receivedAt: '2026-10-01T07:00:00Z', parentName: 'Amy Clarke' });
    expect(d).toMatchObject({ source: 'model', fellBack: false, usage: { inputTokens: 512, outputTokens: 48 }, requiresApproval: true });
    expect(d?.text).toBe("Dear Amy Clarke, thank you, we have told the taxi that Kai Clarke's nan is collecting today. Karen, Rossmore School office");
    const [system, user] = body!.messages;
    expect(system?.content).toContain("Write in the school's tone: warm and brief.");
    expect(system?.content).toContain('(transport)');
    expect(system?.content).toContain('ending with the sign-off: Karen, Rossmore School office');
    expect(system?.content).toContain('keep any {{field}} markers');
    expect(body!.response_format).toEqual({ type: 'json_schema', json_schema: readPromptSchema(REPLY_PROMPT_VERSION) });
    expect(user?.content).toBe(d?.sentText);
    expect(stringsIn(body).flatMap((t) => personalDataIn(t, [...schoolFileNames(school), 'Poplar', 'CW9']))).toEqual([]);
  });

  it('offers the template when the API fails', async () => {
    nock(API).post(PATH).reply(500, apiError('The server had an error while processing your request.', 'server_error'));
    const drafter = buildReplyDrafter(env, modelServices(env));
    const d = await drafter.draft({ enquiryText: BODY, topic: 'transport', school, receivedAt: '2026-10-01T07:00:00Z', parentName: 'Amy Clarke' });
    expect(d).toMatchObject({ source: 'template', fellBack: true, fallbackReason: 'server_error' });
    expect(d?.text).toMatch(/^Dear Amy Clarke,\n\nThank you for letting us know about the change for Kai Clarke\./);
  });

  it('drafts from templates when no model is configured', async () => {
    const d = await buildReplyDrafter(envWith({})).draft({ enquiryText: BODY, topic: 'transport', school, receivedAt: '2026-10-01T07:00:00Z' });
    expect(d).toMatchObject({ source: 'template', fellBack: false, sentText: null });
    expect(createOpenAiModels(envWith({}))).toBeNull();
  });
});
