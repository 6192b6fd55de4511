import { afterEach, describe, expect, it } from 'vitest';
import { SchoolgateError } from '../../src/errors';
import { API_TOKEN, startServer, type TestServer } from './helpers';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const ping = (s: TestServer, headers: Record<string, string> = {}) => fetch(`${s.base}/api/v1/ping`, { headers });

describe('/api/v1 authentication', () => {
  it('refuses a request without credentials with 401 and a JSON error saying what to send', async () => {
    server = await startServer();
    const res = await ping(server);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'No credentials were sent. Send the header `Authorization: Bearer <SCHOOLGATE_API_TOKEN>`.' },
    });
  });

  it('refuses a wrong token, a token of another length, and another scheme', async () => {
    server = await startServer();
    for (const authorization of [`Bearer ${API_TOKEN.slice(0, -1)}x`, 'Bearer short', `Basic ${Buffer.from(`a:${API_TOKEN}`).toString('base64')}`, 'Bearer']) {
      const res = await ping(server, { authorization });
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/API token is wrong or malformed/);
    }
  });

  it('lets the right token through, with the principal set', async () => {
    server = await startServer();
    const res = await ping(server, { authorization: `Bearer ${API_TOKEN}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, principal: 'api_token', time: '2026-11-24T09:00:00.000Z' });
  });

  it('tells the operator to set SCHOOLGATE_API_TOKEN when none is configured, even to a caller sending one', async () => {
    server = await startServer({ apiToken: undefined });
    for (const headers of [{}, { authorization: 'Bearer anything-at-all-here' }] as Record<string, string>[]) {
      const res = await ping(server, headers);
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/SCHOOLGATE_API_TOKEN is not set/);
    }
  });

  it('tries extra authenticators (the console session hook) when no bearer token is sent', async () => {
    server = await startServer({
      authenticators: [
        async () => null,
        async (request) => (request.headers.cookie === 'sg_session=valid' ? { via: 'session', staffId: 'macey' } : null),
      ],
    });
    const ok = await ping(server, { cookie: 'sg_session=valid' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).principal).toBe('session');
    expect((await ping(server, { cookie: 'sg_session=forged' })).status).toBe(401);
  });

  it('lets an authenticator refuse with its own error', async () => {
    server = await startServer({
      authenticators: [
        async () => {
          throw new SchoolgateError('UNAUTHENTICATED', 'Your console session has expired; sign in again.');
        },
      ],
    });
    const res = await ping(server);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('Your console session has expired; sign in again.');
  });

  it('does not guard routes outside /api/v1', async () => {
    server = await startServer();
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  });
});

describe('errors', () => {
  it('answers an unknown route with a JSON 404 that omits the query string', async () => {
    server = await startServer();
    const res = await fetch(`${server.base}/nope?phone=%2B447700900123`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /nope.' } });
  });

  it('answers 401 before 404 under /api/v1, so the API does not reveal its routes', async () => {
    server = await startServer();
    expect((await fetch(`${server.base}/api/v1/cases`)).status).toBe(401);
    const authed = await fetch(`${server.base}/api/v1/cases`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(authed.status).toBe(404);
    expect(await authed.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /api/v1/cases.' } });
  });
});
