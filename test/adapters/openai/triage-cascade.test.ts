import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { School } from '../../../src/config/load-school';
import type { InboundMessage } from '../../../src/domain/message';
import type { TriageDecision } from '../../../src/domain/triage';
import { buildClassifier, modelServices } from '../../../src/main/classifiers';
import type { ClassifierInput } from '../../../src/triage/classifier';
import { decideLocally } from '../../../src/triage/local/local-classifier';
import { type ProvenancedDecision, provenanceOf } from '../../../src/triage/provenance';
import { triageMessage } from '../../../src/triage/triage';
import { personalDataIn } from '../../privacy/devset';
import { completion, decisionCompletion, envWith, schoolFileNames, schoolWith } from './fixtures';
import { closedPortUrl, type LocalServer, startFailingServer, startSilentServer } from './servers';

const API = 'https://api.openai.com';
const PATH = '/v1/chat/completions';
const root = join(import.meta.dirname, '..', '..', '..');
const school = schoolWith({ mode: 'openai' });
const KEY = { OPENAI_API_KEY: 'sk-test-123', OPENAI_MAX_RETRIES: '0' };

const message = (body: string, id = 'm1'): InboundMessage => ({ id, from: '+447700900283', receivedAt: '2026-10-01T06:18:00Z', channel: 'sms', body });
const BODY = "Morning, Lily Jones wont be in today, she's been sick. Ring me on 07700 900283 or at 14 Elm Close if you need me";
const input = (body = BODY, s: School = school): ClassifierInput => ({ message: message(body), history: [], school: s });

/** Every user message the model was sent in this file: none may carry personal data. */
const sent: string[] = [];
const capture = (b: { messages?: { role: string; content: string }[] }) => {
  for (const m of b.messages ?? []) if (m.role === 'user') sent.push(m.content);
  return true;
};
let lastContent = '';
/**
 * Answer requests to the OpenAI API with a complete answer quoting what was sent. (nock 15 hangs on a two-argument
 * reply callback, so the matcher keeps the body and a no-argument callback answers from it.)
 */
function answerRequests(d: Partial<TriageDecision> = {}, o: { persist?: boolean; seen?: string[] } = {}) {
  const scope = nock(API);
  if (o.persist) scope.persist();
  return scope
    .post(PATH, (b) => {
      capture(b);
      lastContent = b.messages[1].content;
      o.seen?.push(lastContent);
      return true;
    })
    .reply(200, () => decisionCompletion(answerFor(lastContent, d)));
}
const contentOf = (b: string) => (JSON.parse(b) as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')!.content;

/** A complete answer quoting the minimised message, as the model would. */
function answerFor(content: string, d: Partial<TriageDecision> = {}): TriageDecision {
  const body = content.slice(content.indexOf('<<<\n') + 4, content.indexOf('\n>>>'));
  const quote = body.slice(0, Math.min(body.length, 40));
  return {
    flags: [],
    topic: 'general',
    urgency: 'routine',
    reasons: [
      { kind: 'topic', label: d.topic ?? 'general', clause: 'taxonomy: office matters', evidence: { start: 0, end: quote.length, text: quote }, confidence: 0.7, note: null },
      { kind: 'urgency', label: d.urgency ?? 'routine', clause: 'taxonomy: urgency', evidence: null, confidence: 0.9, note: null },
    ],
    ...d,
  };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  const leaks = sent.flatMap((c) => personalDataIn(c, schoolFileNames(school)));
  expect(sent.length).toBeGreaterThan(10);
  expect(leaks).toEqual([]);
});

describe('with OPENAI_API_KEY set, triage uses the model', () => {
  it('decides with the model, records what was sent (minimised) and the tokens and time it took', async () => {
    const seen: string[] = [];
    answerRequests({ topic: 'absence' }, { seen });
    const classifier = buildClassifier('openai', envWith(KEY));
    const { result } = await triageMessage(message(BODY), [], school, classifier);
    const p = provenanceOf(result)!;
    expect(p).toMatchObject({ mode: 'openai', decidedBy: 'model', fellBack: false, modelId: 'gpt-4o-mini/triage-v1', usage: { inputTokens: 2143, outputTokens: 187 } });
    expect(result.topic).toBe('absence');
    expect(result.route).toEqual({ role: 'attendance', staffId: 'green' });
    const content = seen[0]!;
    expect(p.sentText).toBe(content);
    expect(content).toContain('Morning, [CHILD_1] wont be in today');
    expect(personalDataIn(content, schoolFileNames(school))).toEqual([]);
    // The quote comes back in the original's words and offsets.
    const topic = result.reasons.find((r) => r.kind === 'topic')!;
    expect(topic.evidence?.text).toBe(BODY.slice(topic.evidence!.start, topic.evidence!.end));
    expect(topic.evidence?.text).toContain('Lily Jones');
  });

  it('follows each school’s own mode on the server (`school`): local schools never call out', async () => {
    const classifier = buildClassifier('school', envWith(KEY));
    const local = (await classifier.classify(input(BODY, schoolWith({})))) as ProvenancedDecision;
    expect(local.provenance).toMatchObject({ mode: 'local', sentText: null });
    answerRequests();
    const both = (await classifier.classify(input(BODY, schoolWith({ mode: 'both' })))) as ProvenancedDecision;
    expect(both.provenance).toMatchObject({ mode: 'both', decidedBy: 'both' });
  });

  it('refuses --classifier openai without a model, saying what to set', () => {
    expect(() => buildClassifier('openai', envWith({}))).toThrow(/needs a model: set OPENAI_API_KEY.*OPENAI_BASE_URL.*AZURE_OPENAI_ENDPOINT/);
    expect(() => buildClassifier('gpt', envWith({}))).toThrow(/Unknown classifier "gpt": use one of local, openai, both, school/);
  });
});

describe('with the API failing in any way, triage falls back to the local result within the deadline, marked, losing nothing', () => {
  const local = decideLocally(input());
  const expectLocal = (d: ProvenancedDecision, reason: string) => {
    expect({ flags: d.flags, topic: d.topic, urgency: d.urgency, reasons: d.reasons }).toEqual(local);
    expect(d.provenance).toMatchObject({ fellBack: true, fallbackReason: reason, decidedBy: 'local' });
  };
  const classify = async (env: Record<string, string>, s = school) => (await buildClassifier('openai', envWith({ ...KEY, ...env })).classify(input(BODY, s))) as ProvenancedDecision;
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    nock(API).post(PATH, capture).reply(status, body as Record<string, unknown>, headers);
  };

  let silent: LocalServer;
  let failing: LocalServer;
  beforeAll(async () => {
    [silent, failing] = await Promise.all([startSilentServer(), startFailingServer(500)]);
  });
  afterAll(async () => {
    for (const s of [silent, failing]) sent.push(...s.requests.map((r) => contentOf(r.body)));
    await Promise.all([silent.close(), failing.close()]);
  });

  it('a timeout (a real server that never answers)', async () => {
    // A second: time for the request to reach the server even on a loaded machine, so it is seen there.
    const d = await classify({ OPENAI_BASE_URL: silent.url, OPENAI_TIMEOUT_MS: '1000' });
    expectLocal(d, 'timeout');
    expect(silent.requests).toHaveLength(1);
  });

  it('a 500, after the configured retry', async () => {
    const d = await classify({ OPENAI_BASE_URL: failing.url, OPENAI_MAX_RETRIES: '1' });
    expectLocal(d, 'server_error');
    expect(failing.requests).toHaveLength(2);
  });

  it('a 429', async () => {
    reply(429, { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
    expectLocal(await classify({}), 'rate_limited');
  });

  it('a refused connection', async () => {
    expectLocal(await classify({ OPENAI_BASE_URL: await closedPortUrl() }), 'connection');
  });

  it('a refusal', async () => {
    reply(200, completion(null, { refusal: "I'm sorry, I can't assist with that." }));
    expectLocal(await classify({}), 'refusal');
  });

  it('schema-invalid JSON', async () => {
    reply(200, completion(JSON.stringify({ flags: ['rude'], topic: 'absence', urgency: 'soon', reasons: [] })));
    expectLocal(await classify({}), 'invalid_answer');
  });

  it('an incomplete answer (a flag without its reason)', async () => {
    reply(200, decisionCompletion({ ...answerFor('<<<\nx\n>>>'), flags: ['abusive'] }));
    const d = await classify({});
    expectLocal(d, 'incomplete_answer');
    expect(d.provenance.fallbackDetail).toBe('no reason for the flag "abusive"');
  });

  it('the school’s daily budget spent: no request at all', async () => {
    const tight = schoolWith({ mode: 'openai', daily_token_budget: 2_000 });
    const services = modelServices(envWith(KEY));
    const classifier = buildClassifier('openai', envWith(KEY), services);
    const scope = answerRequests();
    expect(((await classifier.classify(input(BODY, tight))) as ProvenancedDecision).provenance.fellBack).toBe(false);
    expect(scope.isDone()).toBe(true);
    const d = (await classifier.classify(input('Kai is off today too, sorry', tight))) as ProvenancedDecision;
    expect(d.provenance).toMatchObject({ fellBack: true, fallbackReason: 'budget_exhausted', sentText: null });
    expect(d.topic).toBe(decideLocally(input('Kai is off today too, sorry', tight)).topic);
  });
});

// The dev set and the personal-data fixture are swept through the model in request-bodies.test.ts.

// Our own labelled examples, committed (the dev set is not): the same report either way.
const EVAL_FILE = join(import.meta.dirname, '..', '..', 'fixtures', 'triage', 'conduct-examples.jsonl');
const EVAL_COUNT = readFileSync(EVAL_FILE, 'utf8').trim().split('\n').length;

describe('schoolgate eval --classifier openai against a server that fails every request', () => {
  function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(root, 'bin', 'schoolgate.mjs'), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c;
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('still completes with the local results, and says how many fell back', async () => {
    const failing = await startFailingServer(503);
    try {
      const [viaModel, local, text] = await Promise.all([
        run(['eval', '--classifier', 'openai', '--json', EVAL_FILE], { OPENAI_BASE_URL: failing.url }),
        run(['eval', '--classifier', 'local', '--json', EVAL_FILE], {}),
        run(['eval', '--classifier', 'openai', '--no-misses', EVAL_FILE], { OPENAI_BASE_URL: failing.url }),
      ]);
      expect(viaModel.stderr).toBe('');
      expect(viaModel.code).toBe(0);
      const { model, ...report } = JSON.parse(viaModel.stdout);
      expect(report).toEqual(JSON.parse(local.stdout));
      expect(model).toMatchObject({ wanted: EVAL_COUNT, fellBack: EVAL_COUNT, needsReview: 0 });
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`model: 0 of ${EVAL_COUNT} decided with the model; ${EVAL_COUNT} fell back to the local classifier \\(server_error \\d+, circuit_open \\d+\\)`));
      expect(failing.requests.length).toBeGreaterThan(0);
      sent.push(...failing.requests.map((r) => contentOf(r.body)));
    } finally {
      await failing.close();
    }
  });
});
