import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_TWIML } from '../../src/server/webhooks/twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  inboundForm,
  messageSid,
  PARENT_NUMBER,
  postSigned,
  PUBLIC_URL,
  SCHOOL_NUMBER,
  startServer,
  type TestServer,
} from './helpers';

const SMS = '/webhooks/twilio/sms';
const STATUS = '/webhooks/twilio/status';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('POST /webhooks/twilio/sms', () => {
  it('stores a signed text once and answers empty TwiML at once', async () => {
    server = await startServer();
    const res = await postSigned(server, SMS, inboundForm());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toBe(EMPTY_TWIML);
    expect(server.ingest.acceptCalls).toBe(1);
    expect(server.ingest.texts).toEqual([
      {
        channel: 'sms',
        providerMessageId: messageSid(1),
        from: PARENT_NUMBER,
        to: SCHOOL_NUMBER,
        body: 'Hello Ms Patel, Sam is ill today and will not be in.',
        media: [],
        receivedAt: '2026-11-24T08:15:00.000Z',
      },
    ]);
  });

  it('answers a redelivery (same MessageSid) with the same 200 TwiML without storing it twice', async () => {
    server = await startServer();
    const first = await postSigned(server, SMS, inboundForm());
    const again = await postSigned(server, SMS, inboundForm());
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.text()).toBe(EMPTY_TWIML);
    expect(server.ingest.acceptCalls).toBe(2);
    expect(server.ingest.texts).toHaveLength(1);
  });

  it('keeps MMS attachments as references', async () => {
    server = await startServer();
    const url0 = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${messageSid(2)}/Media/ME${'1'.repeat(32)}`;
    const url1 = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${messageSid(2)}/Media/ME${'2'.repeat(32)}`;
    const form = inboundForm({
      MessageSid: `MM${'2'.repeat(32)}`,
      Body: '',
      NumMedia: '2',
      MediaUrl0: url0,
      MediaContentType0: 'image/jpeg',
      MediaUrl1: url1,
      MediaContentType1: 'application/pdf',
    });
    const res = await postSigned(server, SMS, form);
    expect(res.status).toBe(200);
    expect(server.ingest.texts[0]).toMatchObject({
      providerMessageId: `MM${'2'.repeat(32)}`,
      body: '',
      media: [
        { url: url0, contentType: 'image/jpeg' },
        { url: url1, contentType: 'application/pdf' },
      ],
    });
  });

  it('records STOP and START through the ingest port, not as texts', async () => {
    server = await startServer();
    expect((await postSigned(server, SMS, inboundForm({ MessageSid: messageSid(3), Body: ' stop ' }))).status).toBe(200);
    expect((await postSigned(server, SMS, inboundForm({ MessageSid: messageSid(4), Body: 'START' }))).status).toBe(200);
    expect(server.ingest.texts).toEqual([]);
    expect(server.ingest.consents.map((c) => [c.kind, c.keyword, c.from, c.providerMessageId])).toEqual([
      ['opt_out', 'STOP', PARENT_NUMBER, messageSid(3)],
      ['opt_in', 'START', PARENT_NUMBER, messageSid(4)],
    ]);
  });

  it('refuses a forged signature with 403 plain text and stores nothing', async () => {
    server = await startServer();
    const forged = twilio.getExpectedTwilioSignature('not-the-school-token-000', PUBLIC_URL + SMS, inboundForm());
    const res = await postSigned(server, SMS, inboundForm(), { signature: forged });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/X-Twilio-Signature does not match/);
    expect(text).not.toMatch(/<Response/);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('refuses a body changed after signing', async () => {
    server = await startServer();
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + SMS, inboundForm());
    const res = await postSigned(server, SMS, inboundForm({ Body: 'tampered' }), { signature });
    expect(res.status).toBe(403);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('refuses a request with no signature with 403', async () => {
    server = await startServer();
    const res = await postSigned(server, SMS, inboundForm(), { signature: null });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/no X-Twilio-Signature/);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('refuses a signature made over the internal address instead of PUBLIC_URL', async () => {
    server = await startServer();
    const res = await postSigned(server, SMS, inboundForm(), { publicUrl: server.base });
    expect(res.status).toBe(403);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('refuses everything, naming TWILIO_AUTH_TOKEN and PUBLIC_URL, when no auth token is configured', async () => {
    server = await startServer({ twilio: { authToken: undefined, publicUrl: PUBLIC_URL } });
    const res = await postSigned(server, SMS, inboundForm());
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toMatch(/TWILIO_AUTH_TOKEN and PUBLIC_URL are set \(missing: TWILIO_AUTH_TOKEN\)/);
    expect(server.ingest.acceptCalls).toBe(0);
    // The operator finds the same instruction in the log.
    expect(server.logs.text).toMatch(/missing: TWILIO_AUTH_TOKEN/);
  });

  it('refuses everything when PUBLIC_URL is not configured', async () => {
    server = await startServer({ twilio: { authToken: AUTH_TOKEN, publicUrl: undefined } });
    const res = await postSigned(server, SMS, inboundForm());
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/missing: PUBLIC_URL/);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('verifies against a PUBLIC_URL with a path prefix, keeping the query string', async () => {
    const publicUrl = 'https://gateway.trust.example/rossmore/schoolgate/';
    server = await startServer({ twilio: { authToken: AUTH_TOKEN, publicUrl } });
    const path = `${SMS}?school=rossmore&x=a%20b`;
    // Twilio signs exactly the URL it was given: the prefix, the path and the query string.
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://gateway.trust.example/rossmore/schoolgate${path}`, inboundForm());
    const ok = await postSigned(server, path, inboundForm(), { signature });
    expect(ok.status).toBe(200);
    // The same signature with the query string dropped must not pass.
    const withoutQuery = await postSigned(server, SMS, inboundForm(), { signature });
    expect(withoutQuery.status).toBe(403);
    expect(server.ingest.texts).toHaveLength(1);
  });

  it('answers 400 with a clear message for a signed but malformed message', async () => {
    server = await startServer();
    const form = inboundForm({ NumMedia: '1' });
    delete (form as Record<string, string | undefined>).MessageSid;
    const res = await postSigned(server, SMS, form);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/MessageSid is missing/);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('answers 400 when an MMS lacks the media it announces', async () => {
    server = await startServer();
    const res = await postSigned(server, SMS, inboundForm({ NumMedia: '1' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/MediaUrl0 must be the http\(s\) URL of attachment 1 of 1/);
  });

  it('answers 400 for a body that is not a form', async () => {
    server = await startServer();
    const res = await fetch(server.base + SMS, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
      body: JSON.stringify(inboundForm()),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/application\/x-www-form-urlencoded/);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('answers 413 for a body over the limit, before verifying or storing', async () => {
    server = await startServer();
    const res = await postSigned(server, SMS, inboundForm({ Body: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/larger than the 64 KiB limit/);
    expect(server.ingest.acceptCalls).toBe(0);
  });

  it('answers 5xx, never 200, when the message could not be stored, so Twilio retries', async () => {
    server = await startServer();
    server.ingest.failWith(new Error('database is locked'));
    const res = await postSigned(server, SMS, inboundForm());
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/database is locked|at .*\.ts/);
    expect(text).not.toMatch(/<Response/);
    server.ingest.failWith(null);
    const retry = await postSigned(server, SMS, inboundForm());
    expect(retry.status).toBe(200);
    expect(server.ingest.texts).toHaveLength(1);
  });
});

describe('POST /webhooks/twilio/status', () => {
  it('records a signed delivery report and answers 204', async () => {
    server = await startServer();
    const path = `${STATUS}?outbox=42`;
    const form = {
      MessageSid: messageSid(9),
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
      AccountSid: ACCOUNT_SID,
      From: SCHOOL_NUMBER,
      To: PARENT_NUMBER,
      ApiVersion: '2010-04-01',
      SmsStatus: 'undelivered',
      SmsSid: messageSid(9),
    };
    const res = await postSigned(server, path, form);
    expect(res.status).toBe(204);
    expect(server.ingest.statuses).toEqual([
      { channel: 'sms', providerMessageId: messageSid(9), status: 'undelivered', errorCode: 30003, receivedAt: '2026-11-24T08:15:00.000Z' },
    ]);
  });

  it('records a delivered report with no error code', async () => {
    server = await startServer();
    const res = await postSigned(server, STATUS, { MessageSid: messageSid(9), MessageStatus: 'delivered', AccountSid: ACCOUNT_SID });
    expect(res.status).toBe(204);
    expect(server.ingest.statuses[0]).toMatchObject({ status: 'delivered', errorCode: null });
  });

  it('refuses a forged report and rejects an unknown status with 400', async () => {
    server = await startServer();
    const form = { MessageSid: messageSid(9), MessageStatus: 'delivered', AccountSid: ACCOUNT_SID };
    expect((await postSigned(server, STATUS, form, { signature: 'bm90LWEtc2lnbmF0dXJl' })).status).toBe(403);
    const bad = await postSigned(server, STATUS, { ...form, MessageStatus: 'teleported' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/MessageStatus must be one of accepted, scheduled, queued/);
    expect(server.ingest.statuses).toEqual([]);
  });

  it('answers 5xx when the report could not be recorded', async () => {
    server = await startServer();
    server.ingest.failWith(new Error('disk full'));
    const res = await postSigned(server, STATUS, { MessageSid: messageSid(9), MessageStatus: 'sent', AccountSid: ACCOUNT_SID });
    expect(res.status).toBe(500);
  });
});
