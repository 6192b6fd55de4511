import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiClient } from '../../../adapters/openai/client';
import { createOpenAiModels } from '../../../adapters/openai/index';
import { readPrompt, readPromptSchema, TRIAGE_PROMPT_VERSION } from '../../../adapters/openai/prompts';
import { OpenAiTriageModel } from '../../../adapters/openai/triage-model';
import type { OpenAiSettings } from '../../../adapters/openai/settings';
import { absenceAnswer, apiError, completion, decisionCompletion, envWith } from './fixtures';
import { closedPortUrl, type LocalServer, startSilentServer } from './servers';

const API = 'https://api.openai.com';
const PATH = '/v1/chat/completions';
const CONTENT = 'MESSAGE\nchannel: sms\nsent: Thursday, early morning, before school, in term time\ntext:\n<<<\nMorning, [CHILD_1] wont be in today\n>>>';
const settings = (o: Partial<OpenAiSettings> = {}): OpenAiSettings =>
  ({ kind: 'openai', apiKey: 'sk-test-123', baseURL: `${API}/v1`, model: 'gpt-4o-mini', timeoutMs: 5_000, maxRetries: 0, ...o }) as OpenAiSettings;
const model = (o: Partial<OpenAiSettings> = {}) => new OpenAiTriageModel(createOpenAiClient(settings(o)), o.model ?? 'gpt-4o-mini');
const signal = () => new AbortController().signal;
const ANSWER = absenceAnswer(CONTENT.slice(CONTENT.indexOf('<<<\n') + 4, CONTENT.indexOf('\n>>>')));

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1'); // the slow and closed local servers below are real
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('OpenAiTriageModel', () => {
  it('asks Chat Completions for a strict structured output with the TriageDecision schema and the versioned prompt', async () => {
    let body: Record<string, unknown> = {};
    const scope = nock(API)
      .post(PATH, (b) => {
        body = b;
        return true;
      })
      .matchHeader('authorization', 'Bearer sk-test-123')
      .reply(200, decisionCompletion(ANSWER));
    const answer = await model().triage(CONTENT, signal());
    expect(scope.isDone()).toBe(true);
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: readPrompt(TRIAGE_PROMPT_VERSION) },
        { role: 'user', content: CONTENT },
      ],
      response_format: { type: 'json_schema', json_schema: readPromptSchema(TRIAGE_PROMPT_VERSION) },
      max_completion_tokens: 1500,
      temperature: 0,
    });
    expect(answer).toEqual({ ok: true, value: ANSWER, usage: { inputTokens: 2143, outputTokens: 187 } });
  });

  it('sends no temperature to reasoning models, which reject one', async () => {
    let body: Record<string, unknown> = {};
    nock(API)
      .post(PATH, (b) => {
        body = b;
        return true;
      })
      .reply(200, decisionCompletion(ANSWER));
    await model({ model: 'o4-mini' }).triage(CONTENT, signal());
    expect(body.model).toBe('o4-mini');
    expect('temperature' in body).toBe(false);
  });

  it('turns a refusal, a cut-off, an unparseable and a schema-invalid answer into values, keeping the tokens spent', async () => {
    const cases: [ReturnType<typeof completion>, string, RegExp][] = [
      [completion(null, { refusal: "I'm sorry, but I can't help with that." }), 'refusal', /refused/],
      [completion('{"flags": [', { finishReason: 'length' }), 'incomplete_answer', /cut off/],
      [completion('Sure! The topic is absence.'), 'invalid_answer', /not JSON/],
      [completion(JSON.stringify({ flags: ['rude'], topic: 'absence', urgency: 'routine', reasons: [] })), 'invalid_answer', /schema \(flags\.0: /],
      [completion(JSON.stringify({ flags: [], topic: 'absence' })), 'invalid_answer', /urgency/],
      [completion(''), 'invalid_answer', /empty/],
    ];
    for (const [reply, reason, detail] of cases) {
      nock(API).post(PATH).reply(200, reply);
      const a = await model().triage(CONTENT, signal());
      expect(a).toMatchObject({ ok: false, reason, usage: { inputTokens: 2143, outputTokens: 187 } });
      expect(a.ok ? '' : a.detail).toMatch(detail);
    }
  });

  it('maps HTTP failures: 500 (after the configured retry), 429, 401 and 404', async () => {
    const retried = nock(API).post(PATH).times(2).reply(500, apiError('The server had an error while processing your request.', 'server_error'));
    expect(await model({ maxRetries: 1 }).triage(CONTENT, signal())).toMatchObject({ ok: false, reason: 'server_error', detail: expect.stringMatching(/^HTTP 500/) });
    expect(retried.isDone()).toBe(true);
    nock(API).post(PATH).reply(429, apiError('Rate limit reached for gpt-4o-mini', 'requests', 'rate_limit_exceeded'), { 'retry-after': '0' });
    expect(await model().triage(CONTENT, signal())).toMatchObject({ ok: false, reason: 'rate_limited' });
    nock(API).post(PATH).reply(401, apiError('Incorrect API key provided: sk-test-***123.', 'invalid_request_error', 'invalid_api_key'));
    expect(await model().triage(CONTENT, signal())).toMatchObject({ ok: false, reason: 'http_error', detail: expect.stringMatching(/^HTTP 401/) });
    nock(API).post(PATH).reply(404, apiError('The model `gpt-9` does not exist', 'invalid_request_error', 'model_not_found'));
    expect(await model().triage(CONTENT, signal())).toMatchObject({ ok: false, reason: 'http_error', detail: expect.stringMatching(/^HTTP 404/) });
  });

  describe('against real sockets', () => {
    let slow: LocalServer;
    beforeAll(async () => {
      slow = await startSilentServer();
    });
    afterAll(async () => {
      await slow.close();
    });

    it('times out against a server that never answers', async () => {
      // A second: time for the request to reach the server even on a loaded machine, so it is seen there.
      const a = await model({ baseURL: slow.url, timeoutMs: 1_000 }).triage(CONTENT, signal());
      expect(a).toMatchObject({ ok: false, reason: 'timeout' });
      expect(slow.requests.at(-1)?.path).toBe('/v1/chat/completions');
    });

    it('stops when the caller aborts', async () => {
      const c = new AbortController();
      const pending = model({ baseURL: slow.url, timeoutMs: 60_000 }).triage(CONTENT, c.signal);
      c.abort();
      expect(await pending).toMatchObject({ ok: false, reason: 'timeout', detail: 'aborted at the deadline' });
    });

    it('reports a refused connection', async () => {
      const a = await model({ baseURL: await closedPortUrl() }).triage(CONTENT, signal());
      expect(a).toMatchObject({ ok: false, reason: 'connection', detail: expect.stringMatching(/ECONNREFUSED/) });
    });
  });

  it('reaches any OpenAI-compatible server through OPENAI_BASE_URL, with or without a key', async () => {
    // The SDK insists on a key; a server that needs none gets a harmless placeholder.
    const scope = nock('http://llm.rossmore.example:8000').post('/v1/chat/completions').matchHeader('authorization', 'Bearer no-key').reply(200, decisionCompletion(ANSWER));
    const models = createOpenAiModels(envWith({ OPENAI_BASE_URL: 'http://llm.rossmore.example:8000/v1', OPENAI_MODEL: 'llama3.1' }));
    expect(models?.settings).toMatchObject({ kind: 'openai', baseURL: 'http://llm.rossmore.example:8000/v1', model: 'llama3.1' });
    expect(await models!.triage.triage(CONTENT, signal())).toMatchObject({ ok: true });
    expect(scope.isDone()).toBe(true);
  });

  it('calls an Azure OpenAI deployment with its api-key header and API version', async () => {
    const scope = nock('https://rossmore.openai.azure.com')
      .post('/openai/deployments/triage-4o/chat/completions')
      .query({ 'api-version': '2024-10-21' })
      .matchHeader('api-key', 'azure-key-1')
      .reply(200, decisionCompletion(ANSWER));
    const models = createOpenAiModels(
      envWith({ AZURE_OPENAI_ENDPOINT: 'https://rossmore.openai.azure.com', AZURE_OPENAI_API_KEY: 'azure-key-1', AZURE_OPENAI_DEPLOYMENT: 'triage-4o' }),
    );
    expect(models?.settings.kind).toBe('azure');
    expect(await models!.triage.triage(CONTENT, signal())).toMatchObject({ ok: true });
    expect(scope.isDone()).toBe(true);
  });

  it('is not built when nothing is configured, and Azure without its key or deployment is a config error', () => {
    expect(createOpenAiModels(envWith({}))).toBeNull();
    expect(() => envWith({ AZURE_OPENAI_ENDPOINT: 'https://rossmore.openai.azure.com' })).toThrow(/AZURE_OPENAI_API_KEY is required.*\n.*AZURE_OPENAI_DEPLOYMENT is required/s);
    expect(() => envWith({ OPENAI_TIMEOUT_MS: 'soon' })).toThrow(/OPENAI_TIMEOUT_MS must be a number of milliseconds/);
    expect(createOpenAiModels(envWith({ OPENAI_API_KEY: 'sk-1', OPENAI_TIMEOUT_MS: '1000', OPENAI_MAX_RETRIES: '2' }))?.deadlineMs).toBe(1000 * 3 + 2000 * 2);
  });

  it('bounds the wait for an answer: 32 s with the defaults, never more than 100 s whatever the settings', () => {
    expect(createOpenAiModels(envWith({ OPENAI_API_KEY: 'sk-1' }))?.deadlineMs).toBe(15_000 * 2 + 2_000);
    expect(createOpenAiModels(envWith({ OPENAI_API_KEY: 'sk-1', OPENAI_TIMEOUT_MS: '120000', OPENAI_MAX_RETRIES: '5' }))?.deadlineMs).toBe(100_000);
  });
});
