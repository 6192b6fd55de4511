import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env';
import { composeSchoolgate, type Schoolgate } from '../../src/main/compose';
import type { CaseOpener } from '../../src/pipeline/triage-worker';
import type { ReplyDeliveryPort } from '../../src/outbox/outbox';
import { messages, outbox, triageResults } from '../../src/store/schema';
import { createLogger } from '../../src/server/logger';

const SID = `AC${'b'.repeat(32)}`;
const TOKEN = 'pipeline-auth-token-0123456789';
const SCHOOL_NUMBER = '+447700900001';

/** Records what the pipeline hands the workflow (the workflow itself has its own tests). */
class RecordingWorkflow implements CaseOpener, ReplyDeliveryPort {
  opened: { messageId: string; flags: string[]; topic: string }[] = [];
  async openCasesFromTriage(_tx: unknown, input: Parameters<CaseOpener['openCasesFromTriage']>[1]) {
    this.opened.push({ messageId: input.messageId, flags: input.result.flags, topic: input.result.topic });
    return { caseIds: [] };
  }
  async replyStateChanged() {}
}

async function until<T>(f: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an SMS from webhook to triage and acknowledgement (embedded storage, real server)', () => {
  let sg: Schoolgate;
  let base: string;
  const workflow = new RecordingWorkflow();
  const sent: Record<string, string>[] = [];

  beforeAll(async () => {
    const env = parseEnv({
      SCHOOLGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sg-pipe-')),
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
      PUBLIC_URL: 'https://gate.rossmore.example',
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
    sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: () => ({ cases: workflow, replies: workflow }) });
    base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await sg?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const post = (path: string, params: Record<string, string>, signature?: string) => {
    const url = `https://gate.rossmore.example${path}`;
    return fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(TOKEN, url, params) },
      body: new URLSearchParams(params),
    });
  };

  it('stores once, triages, hands the result to the workflow and acknowledges through Twilio', async () => {
    const params = { MessageSid: `SM${'1'.repeat(32)}`, AccountSid: SID, From: '+447700900283', To: SCHOOL_NUMBER, Body: 'You are a useless f***ing idiot. Lily is off sick today.', NumMedia: '0' };
    const first = await post('/webhooks/twilio/sms', params);
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/<Response\/>|<Response><\/Response>/);
    expect((await post('/webhooks/twilio/sms', params)).status).toBe(200);
    expect((await post('/webhooks/twilio/sms', params, 'forged')).status).toBe(403);

    const stored = await sg.store.db.select().from(messages).where(eq(messages.providerMessageId, params.MessageSid));
    expect(stored).toHaveLength(1);
    const result = await until(async () => (await sg.store.db.select().from(triageResults).where(eq(triageResults.messageId, stored[0]!.id)))[0]);
    expect(result.topic).toBeDefined();
    expect(workflow.opened.map((o) => o.messageId)).toEqual([stored[0]!.id]);

    const ack = await until(async () => {
      const [row] = await sg.store.db.select().from(outbox).where(eq(outbox.messageId, stored[0]!.id));
      return row?.state === 'sent' ? row : undefined;
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ To: '+447700900283', From: SCHOOL_NUMBER, Body: ack.body, StatusCallback: 'https://gate.rossmore.example/webhooks/twilio/status' });

    const status = await post('/webhooks/twilio/status', { MessageSid: ack.providerMessageId!, MessageStatus: 'delivered', AccountSid: SID });
    expect(status.status).toBe(204);
    const delivered = await until(async () => {
      const [row] = await sg.store.db.select().from(outbox).where(eq(outbox.id, ack.id));
      return row?.state === 'delivered' ? row : undefined;
    });
    expect(delivered.deliveredAt).not.toBeNull();
  });

  it('records STOP and sends the sender nothing more', async () => {
    const from = '+447700900777';
    expect((await post('/webhooks/twilio/sms', { MessageSid: `SM${'2'.repeat(32)}`, AccountSid: SID, From: from, To: SCHOOL_NUMBER, Body: 'STOP', NumMedia: '0', OptOutType: 'STOP' })).status).toBe(200);
    const before = sent.length;
    expect((await post('/webhooks/twilio/sms', { MessageSid: `SM${'3'.repeat(32)}`, AccountSid: SID, From: from, To: SCHOOL_NUMBER, Body: 'When is the disco?', NumMedia: '0' })).status).toBe(200);
    const [m] = await sg.store.db.select().from(messages).where(eq(messages.providerMessageId, `SM${'3'.repeat(32)}`));
    await until(async () => (await sg.store.db.select().from(triageResults).where(eq(triageResults.messageId, m!.id)))[0]);
    expect(await sg.store.db.select().from(outbox).where(eq(outbox.messageId, m!.id))).toEqual([]);
    expect(sent.length).toBe(before);
  });
});
