import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseEnv } from '../../../src/config/env';
import type { TriageDecision } from '../../../src/domain/triage';
import { composeSchoolgate } from '../../../src/main/compose';
import { workflowPorts } from '../../../src/main/workflow';
import { createLogger } from '../../../src/server/logger';
import { auditEvents, messages, modelCalls, outbox, triageResults } from '../../../src/store/schema';
import { localTime } from '../../../src/domain/local-time';
import { decideLocally } from '../../../src/triage/local/local-classifier';
import { StoredUsageLedger } from '../../../src/triage/stored-usage-ledger';
import { personalDataIn, stringsIn } from '../../privacy/devset';
import { completion, decisionCompletion, schoolFileNames, schoolWith } from './fixtures';
import { type LocalServer, startServer } from './servers';

// The API's JSON as the test reads it: loosely typed on purpose, the assertions check the shapes.
// biome-ignore lint/suspicious/noExplicitAny: JSON from the API under test
type Json = any;

/**
 * Issue #7 on `npm start`'s composition (embedded storage, the real workflow, the real triage worker, the real
 * server on a port): with OPENAI_API_KEY set and the school file in `openai` mode, signed texts are triaged by the
 * model (nock stands in for api.openai.com and sees only minimised text), the text sent is kept on the triage row
 * and shown by the API, reply drafts come through the API; and with the model failing in every way (a real local
 * server through OPENAI_BASE_URL), every text is still triaged by the local classifier, marked, and none is lost.
 */
const SID = `AC${'7'.repeat(32)}`;
const TOKEN = 'openai-path-auth-token-0123456789';
const API_TOKEN = 'openai-path-api-token-0123456789';
const PUBLIC = 'https://gate.rossmore.example';
const SCHOOL_NUMBER = '+447700900001';
const root = join(import.meta.dirname, '..', '..', '..');
const school = schoolWith({ mode: 'openai' });

async function until<T>(f: () => Promise<T | undefined | null | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const OTHER_SCHOOL_NUMBER = '+447700900002';

/**
 * The example school in `openai` mode, and a second school of the trust on the default `local` mode, as school
 * files on disk (SCHOOLGATE_SCHOOL_FILE takes both).
 */
function schoolFiles(): string {
  const doc = parse(readFileSync(join(root, 'config', 'school.example.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  const dir = mkdtempSync(join(tmpdir(), 'sg-openai-school-'));
  writeFileSync(join(dir, 'rossmore.yaml'), stringify({ ...doc, classifier: { mode: 'openai', daily_token_budget: 1_000_000 } }));
  writeFileSync(join(dir, 'ashdown.yaml'), stringify({ ...doc, school: { ...doc.school, id: 'ashdown', name: 'Ashdown School', phone_numbers: [OTHER_SCHOOL_NUMBER] } }));
  return `${join(dir, 'rossmore.yaml')},${join(dir, 'ashdown.yaml')}`;
}

async function start(vars: Record<string, string>) {
  const env = parseEnv({
    SCHOOLGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sg-openai-path-')),
    SCHOOLGATE_SCHOOL_FILE: schoolFiles(),
    SCHOOLGATE_API_TOKEN: API_TOKEN,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
    PUBLIC_URL: PUBLIC,
    SCHOOLGATE_LOG_LEVEL: 'error',
    ...vars,
  });
  if (!env.ok) throw env.error;
  const sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: workflowPorts });
  const base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  let n = 0;
  const text = async (from: string, body: string, to = SCHOOL_NUMBER) => {
    const sid = `SM${(++n).toString(16).padStart(32, '0')}`;
    const params = { MessageSid: sid, AccountSid: SID, From: from, To: to, Body: body, NumMedia: '0' };
    const path = '/webhooks/twilio/sms';
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + path, params) },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(200);
    const [m] = await sg.store.db.select().from(messages).where(eq(messages.providerMessageId, sid));
    return m!;
  };
  const triaged = (messageId: string) =>
    until(async () => (await sg.store.db.select().from(triageResults).where(eq(triageResults.messageId, messageId)))[0], `the triage of ${messageId}`);
  const api = async (path: string, as?: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${API_TOKEN}` };
    // Both schools' files name the same staff ids: say which school the member of staff is in ("karen@ashdown").
    if (as) Object.assign(headers, { 'x-schoolgate-staff': as.split('@')[0], 'x-schoolgate-school': as.split('@')[1] ?? 'rossmore' });
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Json };
  };
  return { sg, text, triaged, api };
}

const twilioSent: Record<string, string>[] = [];
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock('https://api.twilio.com')
    .persist()
    .post(`/2010-04-01/Accounts/${SID}/Messages.json`, (b: Record<string, string>) => {
      twilioSent.push(b);
      return true;
    })
    .basicAuth({ user: SID, pass: TOKEN })
    .reply(201, () => ({ sid: `SM${String(twilioSent.length).padStart(32, 'f')}`, status: 'queued' }));
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const userContent = (b: Json): string => (b.messages as { role: string; content: string }[]).find((m) => m.role === 'user')!.content;
const quoted = (content: string) => content.slice(content.indexOf('<<<\n') + 4, content.indexOf('\n>>>'));

describe('with OPENAI_API_KEY set and the school in openai mode, the server triages with the model', () => {
  let app: Awaited<ReturnType<typeof start>>;
  const bodies: Json[] = [];
  let last: Json = null;

  /**
   * The model's answers: abuse flagged with its quote; anything else an absence, with a note naming the child by
   * placeholder; a draft using the placeholders.
   */
  function answer(b: Json) {
    const content = userContent(b);
    if (b.response_format.json_schema.name === 'reply_draft')
      return completion(JSON.stringify({ reply: 'Dear [PARENT_1],\n\nThank you, we hope [CHILD_1] feels better soon. Mrs Green will record the absence.\n\nRossmore School' }), {
        promptTokens: 640,
        completionTokens: 41,
      });
    const text = quoted(content);
    if (text.includes('useless idiot')) {
      const at = text.indexOf('useless idiot');
      return decisionCompletion({
        flags: ['abusive'],
        topic: 'general',
        urgency: 'routine',
        reasons: [
          { kind: 'flag', label: 'abusive', clause: 'Sending abusive, rude or disrespectful messages to staff', evidence: { start: at, end: at + 13, text: 'useless idiot' }, confidence: 0.97, note: null },
          { kind: 'topic', label: 'general', clause: 'taxonomy: office matters', evidence: null, confidence: 0.8, note: null },
          { kind: 'urgency', label: 'routine', clause: 'taxonomy: urgency', evidence: null, confidence: 0.9, note: null },
        ],
      });
    }
    const q = text.includes('[CHILD_1] wont be in today') ? '[CHILD_1] wont be in today' : text.slice(0, 30);
    const start = text.indexOf(q);
    const d: TriageDecision = {
      flags: [],
      topic: 'absence',
      urgency: 'routine',
      reasons: [
        { kind: 'topic', label: 'absence', clause: 'taxonomy: illness today', evidence: { start, end: start + q.length, text: q }, confidence: 0.95, note: '[CHILD_1] is ill today' },
        { kind: 'urgency', label: 'routine', clause: 'a child off sick today is routine', evidence: null, confidence: 0.9, note: null },
      ],
    };
    return decisionCompletion(d);
  }

  beforeAll(async () => {
    nock('https://api.openai.com')
      .persist()
      .post('/v1/chat/completions', (b: Json) => {
        bodies.push(b);
        last = b;
        return true;
      })
      .matchHeader('authorization', 'Bearer sk-test-server-path')
      .reply(200, () => answer(last));
    app = await start({ OPENAI_API_KEY: 'sk-test-server-path', OPENAI_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await app?.sg.close();
  });

  const BODY = "Morning, Lily Jones wont be in today, she's been sick. Ring me on 07700 900283, email sarah.jones@example.com or call round at 14 Elm Close, CH1 2AB if you need me";

  it('sends only minimised text, keeps it on the triage row, and decides with the model', async () => {
    const m = await app.text('+447700900283', BODY);
    const row = await app.triaged(m.id);
    expect(bodies).toHaveLength(1);
    const sent = bodies[0];
    const leaks = stringsIn(sent).flatMap((s) => [...personalDataIn(s, schoolFileNames(school)), ...(/elm close/i.test(s) ? ['Elm Close'] : [])]);
    expect(leaks).toEqual([]);
    expect(userContent(sent)).toContain("Morning, [CHILD_1] wont be in today, she's been sick. Ring me on [PHONE_1], email [EMAIL_1] or call round at [ADDRESS_1], [POSTCODE_1]");

    expect(row).toMatchObject({ classifier: 'cascade:gpt-4o-mini/triage-v1', fellBack: false, needsReview: false, topic: 'absence', sentText: userContent(sent) });
    expect(row.model).toMatchObject({ mode: 'openai', decidedBy: 'model', fellBack: false, usage: { inputTokens: 2143, outputTokens: 187 }, cached: false });
    expect(row.model).not.toHaveProperty('sentText');
    const [call] = await app.sg.store.db.select().from(modelCalls).where(eq(modelCalls.subjectId, m.id));
    expect(call).toMatchObject({ schoolId: 'rossmore', purpose: 'triage', modelId: 'gpt-4o-mini/triage-v1', outcome: 'ok', inputTokens: 2143, outputTokens: 187 });
    expect(call?.latencyMs).toBeGreaterThanOrEqual(0);

    // The model's note and quote come back with the child's name, on the message the office reads.
    const detail = (await app.api(`/messages/${m.id}`, 'karen')).json.message;
    const topic = detail.reasons.find((r: Json) => r.kind === 'topic');
    expect(topic.note).toBe('Lily Jones is ill today');
    expect(topic.evidence.text).toBe('Lily Jones wont be in today');
    expect(BODY.slice(topic.evidence.start, topic.evidence.end)).toBe(topic.evidence.text);
  });

  it('follows each school’s own mode: a school on `local` sends nothing, the same key configured', async () => {
    const before = bodies.length;
    const m = await app.text('+447700900283', BODY, OTHER_SCHOOL_NUMBER);
    const row = await app.triaged(m.id);
    expect(m.schoolId).toBe('ashdown');
    expect(bodies.length).toBe(before);
    expect(row).toMatchObject({ classifier: 'local', fellBack: false, sentText: null, model: null, needsReview: false });
  });

  it('shows what was sent, what came back and what it cost, to those who may read the message', async () => {
    const [m] = await app.sg.store.db.select().from(messages).where(eq(messages.body, BODY));
    const audit = await app.api(`/messages/${m!.id}/model`, 'karen');
    expect(audit.status).toBe(200);
    expect(audit.json.model).toMatchObject({
      messageId: m!.id,
      classifier: 'cascade:gpt-4o-mini/triage-v1',
      fellBack: false,
      needsReview: false,
      withheld: false,
      sentText: userContent(bodies[0]),
      model: { mode: 'openai', decidedBy: 'model', modelId: 'gpt-4o-mini/triage-v1', usage: { inputTokens: 2143, outputTokens: 187 } },
      calls: [{ purpose: 'triage', modelId: 'gpt-4o-mini/triage-v1', outcome: 'ok', inputTokens: 2143, outputTokens: 187 }],
    });
    expect(audit.json.model.sentText).not.toMatch(/Lily|07700|Elm Close|example\.com/);
    // A class teacher does not read the message log, and another school's office never sees this school's texts.
    expect((await app.api(`/messages/${m!.id}/model`, 'hughes')).status).toBe(403);
    expect((await app.api(`/messages/${m!.id}/model`, 'karen@ashdown')).status).toBe(404);
    // The audit trail of the triage carries the provenance, never the text.
    const [event] = await app.sg.store.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, m!.id), eq(auditEvents.action, 'message.triaged')));
    expect(event?.data).toMatchObject({ model: { decidedBy: 'model', fellBack: false } });
    expect(JSON.stringify(event?.data)).not.toContain('[CHILD_1]');
  });

  it('offers a reply draft for the enquiry through the API, names restored, sent nowhere until staff submit and the office approves it', async () => {
    const [m] = await app.sg.store.db.select().from(messages).where(eq(messages.body, BODY));
    const enquiry = await until(async () => {
      const { json } = await app.api('/cases?kind=enquiry');
      return (json.cases as Json[]).find((c) => c.message.id === m!.id);
    }, 'the enquiry');
    expect(enquiry).toMatchObject({ topic: 'absence', assignee: { staffId: 'green' } });
    const smsBefore = twilioSent.length;
    const before = bodies.length;

    const res = await app.api(`/cases/${enquiry.id}/draft-reply`, 'green');
    expect(res.status).toBe(200);
    expect(res.json.draft).toEqual({
      caseId: enquiry.id,
      text: 'Dear Sarah Jones,\n\nThank you, we hope Lily Jones feels better soon. Mrs Green will record the absence.\n\nRossmore School',
      source: 'model',
      template: 'absence',
      fellBack: false,
      fallbackReason: null,
      requiresApproval: true,
    });
    expect(bodies).toHaveLength(before + 1);
    const draftBody = bodies[before];
    expect(draftBody.response_format.json_schema.name).toBe('reply_draft');
    expect(stringsIn(draftBody).flatMap((s) => personalDataIn(s, schoolFileNames(school)))).toEqual([]);
    const [call] = await app.sg.store.db.select().from(modelCalls).where(and(eq(modelCalls.subjectId, enquiry.id), eq(modelCalls.purpose, 'reply_draft')));
    expect(call).toMatchObject({ outcome: 'ok', inputTokens: 640, outputTokens: 41, modelId: 'gpt-4o-mini/reply-draft-v1' });
    // What left the building for the draft is on the case's audit trail, minimised.
    const detail = (await app.api(`/cases/${enquiry.id}`, 'green')).json.case;
    const suggested = (detail.audit as Json[]).find((a) => a.action === 'reply.draft_suggested');
    expect(suggested).toMatchObject({ actor: 'staff:green', data: { source: 'model', sentText: userContent(draftBody) } });
    expect(suggested.data.sentText).not.toMatch(/Lily|Sarah/);

    // Drafting sent nothing to the parent; the draft goes out only as a reply the office approves.
    expect(twilioSent.length).toBe(smsBefore);
    const written = await app.api(`/cases/${enquiry.id}/replies`, 'green', { body: res.json.draft.text });
    expect(written.status).toBe(201);
    expect(written.json.reply).toMatchObject({ state: 'awaiting_approval', body: res.json.draft.text });
    expect(twilioSent.length).toBe(smsBefore);

    // Only those who may read the enquiry get a draft; a review is answered by its decision, not a reply.
    expect((await app.api(`/cases/${enquiry.id}/draft-reply`, 'hughes')).status).toBe(403);
    expect((await app.api(`/cases/${enquiry.id}/draft-reply`, 'green@ashdown')).status).toBe(404);
    const flagged = await app.text('+447700900284', 'You are a useless idiot Mrs Green. When is the disco?');
    await app.triaged(flagged.id);
    const review = await until(async () => {
      const { json } = await app.api('/cases?kind=review');
      return (json.cases as Json[]).find((c) => c.message.id === flagged.id);
    }, 'the review');
    const refused = await app.api(`/cases/${review.id}/draft-reply`, 'harrison');
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/Reply drafts are for enquiries/);
  });

  it('never lets the model downgrade safeguarding: the concern goes to the DSL at once, marked for human review', async () => {
    // The model (above) calls everything an absence; the local rules see the disclosure.
    const m = await app.text('+447700900286', "Lily Jones came home with bruises on her arm and says her mum's boyfriend grabbed her. Not sure what to do");
    const row = await app.triaged(m.id);
    expect(row).toMatchObject({ topic: 'safeguarding', urgency: 'urgent', fellBack: false, needsReview: true });
    expect(row.model).toMatchObject({ decidedBy: 'model', needsReview: true, reviewReasons: ['safeguarding: the local classifier found a concern; the model said absence'] });
    const audit = (await app.api(`/messages/${m.id}/model`, 'macey')).json.model;
    expect(audit).toMatchObject({ needsReview: true, model: { reviewReasons: [expect.stringMatching(/^safeguarding/)] } });
    const enquiry = await until(async () => {
      const { json } = await app.api('/cases?kind=enquiry');
      return (json.cases as Json[]).find((c) => c.message.id === m.id);
    }, 'the safeguarding enquiry');
    expect(enquiry).toMatchObject({ topic: 'safeguarding', urgency: 'urgent', assignee: { staffId: 'macey' } });
  });

  it('keeps the daily budget in the database: once today’s tokens are spent, triage is local and nothing is sent', async () => {
    const ledger = new StoredUsageLedger(app.sg.store.db);
    const today = localTime(new Date(), 'Europe/London').date;
    const used = await ledger.tokensUsed('rossmore', today);
    expect(used).toBe((await app.sg.store.db.select().from(modelCalls)).reduce((n, c) => n + c.inputTokens + c.outputTokens, 0));
    await ledger.record({ schoolId: 'rossmore', day: today, purpose: 'triage', modelId: 'gpt-4o-mini/triage-v1', outcome: 'ok', usage: { inputTokens: 1_000_000, outputTokens: 0 }, latencyMs: 900 });
    const before = bodies.length;
    const m = await app.text('+447700900285', 'Is the school open on Friday for the inset day?');
    const row = await app.triaged(m.id);
    expect(bodies.length).toBe(before);
    expect(row).toMatchObject({ fellBack: true, sentText: null, model: { fallbackReason: 'budget_exhausted' } });
  });
});

describe('with the model failing in every way, the server triages every text locally, marked, and loses none', () => {
  let app: Awaited<ReturnType<typeof start>>;
  let model: LocalServer;

  // What the model server does, chosen by a word in the message (the history carries earlier words too, so only
  // the message text between the markers counts).
  const MODES = ['e500', 'refusal', 'e429', 'notjson', 'hang', 'badschema', 'drop', 'incomplete', 'cutoff', 'html'] as const;
  const EXPECTED: Record<(typeof MODES)[number], string> = {
    e500: 'server_error',
    refusal: 'refusal',
    e429: 'rate_limited',
    notjson: 'invalid_answer',
    hang: 'timeout',
    badschema: 'invalid_answer',
    drop: 'connection',
    incomplete: 'incomplete_answer',
    cutoff: 'incomplete_answer',
    html: 'invalid_answer',
  };
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  beforeAll(async () => {
    model = await startServer((_req, res, raw) => {
      const text = quoted(userContent(JSON.parse(raw)));
      const mode = MODES.find((m) => text.includes(m)) ?? 'e500';
      if (mode === 'e500') return json(res, 500, { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } });
      if (mode === 'e429') {
        res.setHeader('retry-after', '0');
        return json(res, 429, { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
      }
      if (mode === 'refusal') return json(res, 200, completion(null, { refusal: "I'm sorry, I can't help with that." }));
      if (mode === 'notjson') return json(res, 200, completion('Sure! The topic is absence.'));
      if (mode === 'badschema') return json(res, 200, completion(JSON.stringify({ flags: ['rude'], topic: 'sickness', urgency: 'soon', reasons: [] })));
      if (mode === 'incomplete')
        return json(res, 200, decisionCompletion({ flags: ['abusive'], topic: 'absence', urgency: 'routine', reasons: [] }));
      if (mode === 'cutoff') return json(res, 200, completion('{"flags":[],"topic":"abs', { finishReason: 'length' }));
      if (mode === 'drop') return res.socket?.destroy();
      if (mode === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Bad gateway</body></html>');
      }
      // hang: never answer; the SDK's timeout fires.
    });
    // A one-second timeout: long enough for each request to reach the model server even on a loaded machine.
    app = await start({ OPENAI_API_KEY: 'sk-test-failing', OPENAI_BASE_URL: model.url, OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await app?.sg.close();
    await model?.close();
  });

  it('falls back on each failure, one text at a time, with the local decision and the reason', async () => {
    for (const [i, mode] of MODES.entries()) {
      const from = `+4477009005${String(i).padStart(2, '0')}`;
      const body = `Hi, Kai Clarke has a temperature so he wont be in today (${mode}). Thanks, Amy 07700 900158`;
      const m = await app.text(from, body);
      const row = await app.triaged(m.id);
      const local = decideLocally({ message: { id: m.id, from, receivedAt: new Date(m.receivedAt).toISOString(), channel: 'sms', body }, history: [], school });
      expect({ mode, flags: row.flags, topic: row.topic, urgency: row.urgency, reasons: row.reasons }).toEqual({ mode, ...local });
      expect({ mode, fellBack: row.fellBack, reason: (row.model as Json)?.fallbackReason }).toEqual({ mode, fellBack: true, reason: EXPECTED[mode] });
      expect(row.sentText).toContain('[CHILD_1] has a temperature');
      expect(row.sentText).not.toMatch(/Kai|Clarke|Amy|07700/);
    }
    expect(model.requests).toHaveLength(MODES.length);
    const calls = await app.sg.store.db.select().from(modelCalls);
    expect(calls.map((c) => c.outcome)).toEqual(MODES.map((m) => EXPECTED[m]));
  });

  it('takes a burst while the model is down: every text triaged and acknowledged, the circuit saving the waits', async () => {
    const before = model.requests.length;
    const texts = await Promise.all(Array.from({ length: 12 }, (_, i) => app.text(`+4477009006${String(i).padStart(2, '0')}`, `Can I book a place at breakfast club for tomorrow please? (e500) ${i}`)));
    const rows = await Promise.all(texts.map((m) => app.triaged(m.id)));
    expect(rows.every((r) => r.fellBack && r.topic === 'general')).toBe(true);
    const reasons = new Set(rows.map((r) => (r.model as Json).fallbackReason));
    expect([...reasons].sort()).toEqual(['circuit_open', 'server_error']);
    // Three outages in a row open the circuit: the rest are not sent at all.
    expect(model.requests.length - before).toBe(3);

    // Nothing lost: every stored text is triaged, none failed, and the queue holds no failed job.
    const all = await app.sg.store.db.select().from(messages);
    expect(all.filter((m) => m.direction === 'inbound').every((m) => m.status === 'triaged')).toBe(true);
    const failed = await app.api('/jobs/failed');
    expect(failed.json.jobs).toEqual([]);
    // Each sender got the acknowledgement, and each text's enquiry is in the office's queue.
    const acks = await app.sg.store.db.select().from(outbox).where(eq(outbox.kind, 'acknowledgement'));
    for (const m of texts) expect(acks.filter((a) => a.messageId === m.id)).toHaveLength(1);
    const { json: list } = await app.api('/cases?kind=enquiry&limit=100');
    for (const m of texts) expect((list.cases as Json[]).some((c) => c.message.id === m.id)).toBe(true);
  });
});
