import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSender } from '../../../adapters/twilio/index';
import { createTwilioClient, TwilioSender } from '../../../adapters/twilio/send';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, PARENT_NUMBER, SCHOOL_NUMBER } from '../../server/helpers';

const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const CALLBACK = 'https://schoolgate.rossmore.example/webhooks/twilio/status';
const sender = () => new TwilioSender(createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), SCHOOL_NUMBER);
const outbound = { to: PARENT_NUMBER, body: 'Thank you, Sam’s absence is recorded.', statusCallbackUrl: CALLBACK, idempotencyKey: 'reply-17' };

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

describe('TwilioSender.send', () => {
  it('posts To, From, Body and StatusCallback with Basic auth, and returns the SID', async () => {
    let captured: unknown;
    const scope = nock('https://api.twilio.com')
      .post(MESSAGES, (body) => {
        captured = body;
        return true;
      })
      .basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN })
      .reply(201, { sid: messageSid(20), status: 'queued', to: PARENT_NUMBER, from: SCHOOL_NUMBER, body: outbound.body });

    const outcome = await sender().send(outbound);

    expect(outcome).toEqual({ ok: true, providerMessageId: messageSid(20), status: 'queued' });
    expect(captured).toEqual({ To: PARENT_NUMBER, From: SCHOOL_NUMBER, Body: outbound.body, StatusCallback: CALLBACK });
    expect(scope.isDone()).toBe(true);
  });

  it('leaves StatusCallback out when there is no public URL', async () => {
    let captured: unknown;
    nock('https://api.twilio.com')
      .post(MESSAGES, (body) => {
        captured = body;
        return true;
      })
      .reply(201, { sid: messageSid(21), status: 'queued' });
    await sender().send({ ...outbound, statusCallbackUrl: undefined });
    expect(captured).toEqual({ To: PARENT_NUMBER, From: SCHOOL_NUMBER, Body: outbound.body });
  });

  it('treats 400 / 21211 (invalid number) as final, without quoting the number', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(400, twilioError(400, 21211, `The 'To' number ${PARENT_NUMBER} is not a valid phone number.`));
    const outcome = await sender().send(outbound);
    expect(outcome).toMatchObject({ ok: false, retryable: false, maybeSent: false, code: 21211 });
    expect(!outcome.ok && outcome.message).toMatch(/HTTP 400, error 21211\): the parent’s number is not a valid phone number/);
    expect(JSON.stringify(outcome)).not.toContain(PARENT_NUMBER.slice(1));
  });

  it('treats 400 / 21610 (parent replied STOP) as final', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(400, twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    expect(await sender().send(outbound)).toMatchObject({ ok: false, retryable: false, code: 21610 });
  });

  it('masks the number in a refusal it has no hint for', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(400, twilioError(400, 21999, `Something about ${PARENT_NUMBER} went wrong`));
    const outcome = await sender().send(outbound);
    expect(!outcome.ok && outcome.message).toMatch(/Something about \[number\] went wrong/);
  });

  it('treats 429 as retryable and not sent', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(429, twilioError(429, 20429, 'Too Many Requests'));
    expect(await sender().send(outbound)).toMatchObject({ ok: false, retryable: true, maybeSent: false, code: 20429 });
  });

  it('makes exactly one request on 429: retries belong to the queue, not the SDK', async () => {
    const scope = nock('https://api.twilio.com').post(MESSAGES).times(2).reply(429, twilioError(429, 20429, 'Too Many Requests'));
    await sender().send(outbound);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('treats 500 as retryable, and possibly sent', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(500, twilioError(500, 20500, 'Internal Server Error'));
    expect(await sender().send(outbound)).toMatchObject({ ok: false, retryable: true, maybeSent: true, code: 20500 });
  });

  it('reports 401 as a credentials problem to fix, not to retry', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(401, twilioError(401, 20003, 'Authenticate'));
    const outcome = await sender().send(outbound);
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: 20003 });
    expect(!outcome.ok && outcome.message).toMatch(/TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/);
  });
});

describe('TwilioSender.findRecentlySent', () => {
  const page = (messages: object[]) => ({
    messages,
    first_page_uri: `${MESSAGES}?PageSize=50&Page=0`,
    next_page_uri: null,
    previous_page_uri: null,
    page: 0,
    page_size: 50,
    start: 0,
    end: messages.length - 1,
    uri: `${MESSAGES}?PageSize=50&Page=0`,
  });
  const message = (n: number, body: string, created: string, status = 'delivered') => ({
    sid: messageSid(n),
    account_sid: ACCOUNT_SID,
    to: PARENT_NUMBER,
    from: SCHOOL_NUMBER,
    body,
    status,
    direction: 'outbound-api',
    date_created: created,
    date_sent: null,
    date_updated: created,
  });

  it('lists recent messages to the parent from the school number and keeps those with the same body since then', async () => {
    const scope = nock('https://api.twilio.com')
      .get(MESSAGES)
      .query({ To: PARENT_NUMBER, From: SCHOOL_NUMBER, PageSize: '50' })
      .basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN })
      .reply(
        200,
        page([
          message(31, outbound.body, 'Tue, 24 Nov 2026 08:16:05 +0000', 'queued'),
          message(30, 'Another reply', 'Tue, 24 Nov 2026 08:15:30 +0000'),
          message(29, outbound.body, 'Mon, 23 Nov 2026 10:00:00 +0000'),
        ]),
      );

    const found = await sender().findRecentlySent({ to: PARENT_NUMBER, body: outbound.body, since: new Date('2026-11-24T08:15:00Z') });

    expect(scope.isDone()).toBe(true);
    expect(found).toEqual({
      ok: true,
      messages: [{ providerMessageId: messageSid(31), status: 'queued', to: PARENT_NUMBER, from: SCHOOL_NUMBER, createdAt: '2026-11-24T08:16:05.000Z' }],
    });
  });

  it('returns a classified failure when Twilio cannot be asked', async () => {
    nock('https://api.twilio.com').get(MESSAGES).query(true).reply(503, twilioError(503, 20503, 'Service Unavailable'));
    const found = await sender().findRecentlySent({ to: PARENT_NUMBER, body: 'x', since: new Date(0) });
    expect(found).toMatchObject({ ok: false, retryable: true, code: 20503 });
  });
});

describe('createTwilioSender', () => {
  it('names every missing setting', () => {
    const r = createTwilioSender({ TWILIO_ACCOUNT_SID: ACCOUNT_SID });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toBe(
      'SMS replies cannot be sent until TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER are set (Twilio Console, Account Info and Phone Numbers).',
    );
  });
});

/**
 * Real socket failures, which nock cannot fake faithfully (its replyWithError hangs twilio's keep-alive requests
 * until the timeout): the SDK's own HTTP client, pointed at a local server that misbehaves.
 */
type RequestOptions<T> = RequestClient.RequestOptions<T>;

class LocalTwilioHttp extends twilio.RequestClient {
  constructor(
    private readonly base: string,
    timeout: number,
  ) {
    super({ timeout, keepAlive: false });
  }
  override request<T>(opts: RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', this.base) });
  }
}

describe('TwilioSender.send on real socket failures', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const senderAt = (base: string, timeout = 5_000) =>
    new TwilioSender(twilio(ACCOUNT_SID, AUTH_TOKEN, { autoRetry: false, env: {}, httpClient: new LocalTwilioHttp(base, timeout) }), SCHOOL_NUMBER);

  beforeAll(() => {
    nock.enableNetConnect('127.0.0.1');
  });

  it('treats a timeout as retryable with an unknown outcome (Twilio may have taken it)', async () => {
    const base = await listen(() => {
      // Never answers.
    });
    const outcome = await senderAt(base, 200).send(outbound);
    expect(outcome).toMatchObject({ ok: false, retryable: true, maybeSent: true });
    expect(!outcome.ok && outcome.message).toMatch(/ECONNABORTED/);
  });

  it('treats a connection dropped mid-request as retryable with an unknown outcome', async () => {
    const base = await listen((req) => req.socket.destroy());
    const outcome = await senderAt(base).send(outbound);
    expect(outcome).toMatchObject({ ok: false, retryable: true, maybeSent: true });
    expect(!outcome.ok && outcome.message).toMatch(/ECONNRESET/);
  });

  it('treats a refused connection as retryable and not sent', async () => {
    const base = await listen(() => {});
    await new Promise((r) => server!.close(r));
    server = undefined;
    const outcome = await senderAt(base).send(outbound);
    expect(outcome).toMatchObject({ ok: false, retryable: true, maybeSent: false });
    expect(!outcome.ok && outcome.message).toMatch(/ECONNREFUSED/);
  });
});
