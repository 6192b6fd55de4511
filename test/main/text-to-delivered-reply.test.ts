import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env';
import { composeSchoolgate, type Schoolgate } from '../../src/main/compose';
import { workflowPorts } from '../../src/main/workflow';
import { createLogger } from '../../src/server/logger';
import type { CaseDetail, CaseSummary, ReplyView } from '../../src/workflow/views';

// The API's JSON as the test reads it: loosely typed on purpose, the assertions check the shapes.
// biome-ignore lint/suspicious/noExplicitAny: JSON from the API under test
type Json = any;

/**
 * Issue #3, the whole path on the real composition (`npm start`'s, embedded storage, the real workflow service):
 * a signed text that mixes abuse of a teacher with a real request → review case for the senior reviewer →
 * a breach with a warning letter, and the enquiry released to the class teacher without the abuse → the teacher's reply → the office approves it → the twilio SDK sends it (nock asserts the
 * request) → Twilio's status callback marks it delivered on the case.
 */
const SID = `AC${'e'.repeat(32)}`;
const TOKEN = 'e2e-auth-token-0123456789abcdef';
const API_TOKEN = 'e2e-api-token-0123456789abcdef';
const PUBLIC = 'https://gate.rossmore.example';
const SCHOOL_NUMBER = '+447700900001';
const LILY_MUM = '+447700900283';

async function until<T>(f: () => Promise<T | undefined | null | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a text to an approved, sent and delivered reply (real server, real workflow)', () => {
  let sg: Schoolgate;
  let base: string;
  const sent: Record<string, string>[] = [];

  beforeAll(async () => {
    const env = parseEnv({
      SCHOOLGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sg-e2e-')),
      SCHOOLGATE_API_TOKEN: API_TOKEN,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
      PUBLIC_URL: PUBLIC,
      SCHOOLGATE_LOG_LEVEL: 'error',
    });
    if (!env.ok) throw env.error;
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    nock('https://api.twilio.com')
      .persist()
      .post(`/2010-04-01/Accounts/${SID}/Messages.json`, (b: Record<string, string>) => {
        sent.push(b);
        return true;
      })
      .basicAuth({ user: SID, pass: TOKEN })
      .reply(201, () => ({ sid: `SM${String(sent.length).padStart(32, '0')}`, status: 'queued' }));
    sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: workflowPorts });
    base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await sg?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const webhook = (path: string, params: Record<string, string>) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + path, params) },
      body: new URLSearchParams(params),
    });
  const api = async (method: string, path: string, as?: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${API_TOKEN}` };
    if (as) headers['x-schoolgate-staff'] = as;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Json };
  };

  it('takes the text through review, the teacher, the office and Twilio, to delivered', async () => {
    const text = "Mr Hughes you are a useless teacher. Can Lily have her reading book changed please, she's read it three times.";
    const inbound = await webhook('/webhooks/twilio/sms', { MessageSid: `SM${'7'.repeat(32)}`, AccountSid: SID, From: LILY_MUM, To: SCHOOL_NUMBER, Body: text, NumMedia: '0' });
    expect(inbound.status).toBe(200);

    // Triage opens a review for the senior reviewer; the enquiry is held for the decision.
    const review = await until(async () => {
      const { json } = await api('GET', '/cases?kind=review');
      return (json.cases as CaseSummary[]).find((c) => c.message.body === text);
    }, 'the review case');
    expect(review).toMatchObject({ kind: 'review', state: 'open', flags: expect.arrayContaining(['abusive']) });
    expect(review.assignee?.staffId).toBe('harrison'); // the school file's senior reviewer (also the head)
    const reviewer = review.assignee?.staffId as string;

    // The class teacher cannot decide it; the reviewer finds a breach, with a warning letter.
    const decision = { outcome: 'breach', reason: 'personal abuse of a named teacher (§3)', breachedFlags: ['abusive'], responses: [{ kind: 'warning_letter' }] };
    expect((await api('POST', `/cases/${review.id}/decision`, 'hughes', decision)).status).toBe(403);
    const decided = await api('POST', `/cases/${review.id}/decision`, reviewer, decision);
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({ state: 'breach', incidentId: expect.any(String) });

    // The enquiry reaches Lily's class teacher without the words aimed at him.
    const enquiry = (await api('GET', `/cases/${decided.json.releasedCaseId}`, 'hughes')).json.case;
    expect(enquiry).toMatchObject({ kind: 'enquiry', topic: 'learning', assignee: { staffId: 'hughes' } });
    expect(enquiry.message.body).toMatch(/reading book/);
    expect(JSON.stringify(enquiry)).not.toMatch(/useless/);

    // The teacher replies; nothing goes to the parent until the office approves.
    const sentBefore = sent.length;
    const written = await api('POST', `/cases/${enquiry.id}/replies`, 'hughes', { body: "Thanks for letting me know, I'll change Lily's book tomorrow." });
    expect(written.status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent.slice(sentBefore).some((b) => b.Body?.includes('change Lily'))).toBe(false);
    const approved = await api('POST', `/replies/${written.json.reply.id}/approve`, 'karen', { editedBody: "Thank you. Mr Hughes will change Lily's book tomorrow." });
    expect(approved.status).toBe(200);

    // The twilio SDK sends exactly the approved words to the parent, with our status callback.
    const out = await until(async () => sent.find((b) => b.Body === "Thank you. Mr Hughes will change Lily's book tomorrow."), 'the SMS to Twilio');
    expect(out).toEqual({ To: LILY_MUM, From: SCHOOL_NUMBER, Body: "Thank you. Mr Hughes will change Lily's book tomorrow.", StatusCallback: `${PUBLIC}/webhooks/twilio/status` });
    const providerSid = `SM${String(sent.indexOf(out) + 1).padStart(32, '0')}`;

    const sentReply = await until(async () => {
      const c = (await api('GET', `/cases/${enquiry.id}`, 'karen')).json.case as CaseDetail;
      const r = c.replies.find((x: ReplyView) => x.id === written.json.reply.id);
      return r?.state === 'sent' ? r : undefined;
    }, 'the reply to be sent');
    expect(sentReply.delivery).toMatchObject({ state: 'sent' });

    // Twilio reports delivery; a repeat of the report changes nothing.
    for (let i = 0; i < 2; i++)
      expect((await webhook('/webhooks/twilio/status', { MessageSid: providerSid, MessageStatus: 'delivered', AccountSid: SID })).status).toBe(204);
    const delivered = await until(async () => {
      const c = (await api('GET', `/cases/${enquiry.id}`, 'karen')).json.case as CaseDetail;
      const r = c.replies.find((x: ReplyView) => x.id === written.json.reply.id);
      return r?.state === 'delivered' ? c : undefined;
    }, 'the delivery report');
    expect(delivered.state).toBe('replied');
    expect(sent.filter((b) => b.Body?.includes("change Lily's book")).length).toBe(1); // sent once, never twice
    const actions = (delivered.audit as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['reply.submit', 'reply.approve', 'reply.deliver']));
  });
});
