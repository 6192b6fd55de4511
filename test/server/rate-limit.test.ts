import { afterEach, describe, expect, it } from 'vitest';
import { API_TOKEN, inboundForm, messageSid, postSigned, startServer, type TestServer } from './helpers';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const ping = (s: TestServer, token: string) => fetch(`${s.base}/api/v1/ping`, { headers: { authorization: `Bearer ${token}` } });

describe('rate limits', () => {
  it('limits the API per token, answering 429 with a JSON error', async () => {
    server = await startServer({ limits: { apiRequestsPerMinute: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ping(server, API_TOKEN)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await ping(server, API_TOKEN);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/Rate limit exceeded/) } });
  });

  it('counts wrong tokens against the caller’s address, so guessing cannot buy fresh buckets', async () => {
    server = await startServer({ limits: { apiRequestsPerMinute: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ping(server, `guess-number-${i}-padding-padding`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // The real token has its own bucket.
    expect((await ping(server, API_TOKEN)).status).toBe(200);
  });

  it('limits webhooks per address when configured, in plain text', async () => {
    server = await startServer({ limits: { webhookRequestsPerMinute: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postSigned(server, '/webhooks/twilio/sms', inboundForm({ MessageSid: messageSid(i + 1) }))).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(server.ingest.texts).toHaveLength(2);
  });

  it('is generous to webhooks by default: a burst from one address all gets through', async () => {
    server = await startServer();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => postSigned(server, '/webhooks/twilio/sms', inboundForm({ MessageSid: messageSid(i + 1) })).then((r) => r.status)),
    );
    expect(new Set(results)).toEqual(new Set([200]));
    expect(server.ingest.texts).toHaveLength(200);
  });

  it('turns a limit off with 0', async () => {
    server = await startServer({ limits: { apiRequestsPerMinute: 0 } });
    const statuses = new Set();
    for (let i = 0; i < 5; i++) statuses.add((await ping(server, API_TOKEN)).status);
    expect(statuses).toEqual(new Set([200]));
  });
});
