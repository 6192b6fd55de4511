import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('GET /livez', () => {
  it('answers while the process runs, even with every dependency down', async () => {
    server = await startServer({ health: { database: async () => ({ ok: false }), queue: async () => ({ ok: false }) } });
    const res = await fetch(`${server.base}/livez`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'alive' });
  });
});

describe('GET /health', () => {
  it('is 200 when the database and queue are up', async () => {
    server = await startServer();
    const res = await fetch(`${server.base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: { ok: true }, queue: { ok: true } });
  });

  it('is 503 when the database is down, saying which dependency', async () => {
    server = await startServer({
      health: { database: async () => ({ ok: false, detail: 'connection refused' }), queue: async () => ({ ok: true }) },
    });
    const res = await fetch(`${server.base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: { ok: false, detail: 'connection refused' }, queue: { ok: true } });
  });

  it('is 503 when a check throws', async () => {
    server = await startServer({
      health: {
        database: async () => ({ ok: true }),
        queue: async () => {
          throw new Error('queue stopped');
        },
      },
    });
    const res = await fetch(`${server.base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ queue: { ok: false, detail: 'queue stopped' } });
  });

  it('is 503 instead of hanging when a check never answers', async () => {
    server = await startServer({
      health: { database: () => new Promise(() => {}), queue: async () => ({ ok: true }) },
      limits: { healthTimeoutMs: 50 },
    });
    const res = await fetch(`${server.base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ database: { ok: false, detail: 'no answer within 50 ms' } });
  });
});
