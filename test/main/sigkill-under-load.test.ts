import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue #3: SIGKILL the real server (`npm start`'s entry point, embedded storage) while signed webhooks are in
 * flight. Every message that was answered 200 must be stored and visible through the API after a restart.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const AUTH_TOKEN = 'sigkill-auth-token-0123456789';
const API_TOKEN = 'sigkill-api-token-0123456789';
const CONCURRENCY = 24;
const KILL_AFTER = 300;

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

let stderr = '';
function startServer(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Drain stderr so the child never blocks on a full pipe; keep the tail for the failure message.
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  return child;
}

async function waitHealthy(base: string, child: ChildProcess): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become healthy');
}

describe('the server SIGKILLed under webhook load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-kill-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing it acknowledged: every 200 is a stored message after the restart', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      SCHOOLGATE_DATA_DIR: dataDir,
      SCHOOLGATE_API_TOKEN: API_TOKEN,
      SCHOOLGATE_LOG_LEVEL: 'error',
      TWILIO_ACCOUNT_SID: `AC${'c'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_PHONE_NUMBER: '+447700900001',
    };
    child = startServer(env);
    await waitHealthy(base, child);

    const acked: string[] = [];
    let next = 0;
    let killed = false;
    const url = `${base}/webhooks/twilio/sms`;
    const sendOne = async (i: number) => {
      const params = {
        MessageSid: `SM${String(i).padStart(32, '0')}`,
        AccountSid: env.TWILIO_ACCOUNT_SID,
        From: `+4477009${String(10000 + (i % 900)).slice(-5)}`,
        To: env.TWILIO_PHONE_NUMBER,
        Body: `Hello, message ${i} about the trip on Friday`,
        NumMedia: '0',
      };
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
        body: new URLSearchParams(params),
      }).catch(() => null);
      if (res?.status === 200) acked.push(params.MessageSid);
      await res?.arrayBuffer().catch(() => undefined);
    };
    const worker = async () => {
      while (!killed && next < 5_000) {
        await sendOne(next++);
        if (!killed && acked.length >= KILL_AFTER) {
          killed = true;
          child?.kill('SIGKILL'); // requests of the other workers are still in flight
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(killed, 'the load ended before the kill').toBe(true);
    await new Promise<void>((r) => (child?.exitCode !== null || child?.signalCode ? r() : child?.once('exit', () => r())));

    child = startServer(env);
    await waitHealthy(base, child);
    const stored = new Set<string>();
    let cursor: string | null = null;
    do {
      const q: string = `${base}/api/v1/messages?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(q, { headers: { authorization: `Bearer ${API_TOKEN}` } })).json()) as {
        messages: { id: string; body: string | null }[];
        nextCursor: string | null;
      };
      for (const m of page.messages) {
        const n = /message (\d+) about/.exec(m.body ?? '')?.[1];
        if (n) stored.add(`SM${n.padStart(32, '0')}`);
      }
      cursor = page.nextCursor;
    } while (cursor);

    const missing = acked.filter((sid) => !stored.has(sid));
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(missing, `${missing.length} of ${acked.length} acknowledged messages were lost`).toEqual([]);
  });
});
