/**
 * Question: how many signed Twilio webhooks a second does the embedded default take, at what p50/p99, against a
 * bare endpoint on the same server in the same run; and how long from a webhook to its case existing?
 * The server runs as `npm start` would (its own process, embedded PGlite in a fresh folder); the load comes from
 * this process (autocannon), so on a 2-core machine each has a core. With BENCH_DATABASE_URL (a PostgreSQL server
 * this user may create databases on) the same rounds run again on PostgreSQL, in a scratch database dropped after.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import twilio from 'twilio';
import { fmt, median, table } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 40);
const TOKEN = 'bench-auth-token-0123456789abcdef';
const API_TOKEN = 'bench-api-token-0123456789abcdef';
const SID = `AC${'0'.repeat(32)}`;
const root = join(import.meta.dirname, '..');

/** The embedded run must not pick up a DATABASE_URL from the shell. */
function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

/** Start a server on `storage`, measure it, print the results, stop it. */
async function measure(storage: string, extraEnv: Record<string, string>): Promise<void> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const data = mkdtempSync(join(tmpdir(), 'sg-bench-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/server.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...withoutDatabaseUrl(process.env),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      SCHOOLGATE_DATA_DIR: data,
      SCHOOLGATE_API_TOKEN: API_TOKEN,
      // The latency probe polls the API every 10 ms; the per-IP limits would rightly refuse that.
      SCHOOLGATE_API_RATE_LIMIT: '0',
      SCHOOLGATE_WEBHOOK_RATE_LIMIT: '0',
      SCHOOLGATE_LOG_LEVEL: 'warn',
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_PHONE_NUMBER: '+447700900001',
      ...extraEnv,
    },
  });
  const stop = () => {
    server.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  };
  process.on('exit', stop);
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error('the server exited during start-up');
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {}
      if (i > 240) throw new Error('the server did not become healthy in 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }

    let seq = 0;
    const url = `${base}/webhooks/twilio/sms`;
    /** One unique, correctly signed webhook body per request, as Twilio sends them. */
    function signedRequest() {
      const n = seq++;
      const params = {
        MessageSid: `SM${process.pid.toString(16).padStart(8, '0')}${n.toString(16).padStart(24, '0')}`,
        AccountSid: SID,
        From: `+4477009${String(n % 900).padStart(5, '0')}`,
        To: '+447700900001',
        Body: `Hi, Lily wont be in today, she has a temperature. Thanks (${n})`,
        NumMedia: '0',
      };
      return {
        method: 'POST' as const,
        path: '/webhooks/twilio/sms',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, params),
        },
        body: new URLSearchParams(params).toString(),
      };
    }

    async function load(kind: 'bare' | 'ingest') {
      const r = await autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests:
          kind === 'bare'
            ? [{ method: 'GET', path: '/livez' }]
            : [{ setupRequest: (req) => ({ ...req, ...signedRequest() }) }],
      });
      const bad = r.non2xx + r.errors + r.timeouts;
      return { perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad };
    }

    // Webhook to case: one webhook at a time on the idle server (before the load, whose triage backlog would
    // otherwise be measured instead), polling the API for its case.
    const latencies: number[] = [];
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    for (let i = 0; i < 20; i++) {
      const req = signedRequest();
      const marker = new URLSearchParams(req.body).get('Body')!;
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      for (;;) {
        const r = await fetch(`${base}/api/v1/cases?limit=50`, { headers: auth });
        if (r.status !== 200) throw new Error(`GET /api/v1/cases answered ${r.status}`);
        if ((await r.text()).includes(marker.slice(-12))) break;
        if (performance.now() - t0 > 120_000) throw new Error('no case within 120 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(performance.now() - t0);
    }
    const caseLatency = `webhook → case created (idle server): median ${fmt(median(latencies))} ms, max ${fmt(Math.max(...latencies))} ms over ${latencies.length}`;

    const results = {
      idle: [] as Awaited<ReturnType<typeof load>>[],
      bare: [] as Awaited<ReturnType<typeof load>>[],
      ingest: [] as Awaited<ReturnType<typeof load>>[],
    };
    await load('bare'); // warm up
    // The bare endpoint twice: on the idle server, and between ingest rounds, when the server is also triaging the
    // backlog the last round left (as it would be in real use). Both ratios are printed; the verdict uses the
    // stricter, idle one.
    for (let i = 0; i < ROUNDS; i++) results.idle.push(await load('bare'));
    for (let i = 0; i < ROUNDS; i++) {
      results.ingest.push(await load('ingest'));
      results.bare.push(await load('bare'));
    }
    const summary = (xs: Awaited<ReturnType<typeof load>>[]) => ({
      'req/s (median)': median(xs.map((x) => x.perSecond)),
      'p50 ms': median(xs.map((x) => x.p50)),
      'p99 ms': median(xs.map((x) => x.p99)),
      'non-2xx/errors': xs.reduce((s, x) => s + x.bad, 0),
    });
    const idle = summary(results.idle);
    const bare = summary(results.bare);
    const ingest = summary(results.ingest);
    console.log(`\nwebhook ingest: ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, ${storage}`);
    console.log(
      table([
        { endpoint: 'bare GET /livez, idle server', ...idle },
        { endpoint: 'bare GET /livez, while triaging', ...bare },
        { endpoint: 'signed SMS webhook', ...ingest },
      ]),
    );
    const ratioIdle = ingest['req/s (median)'] / idle['req/s (median)'];
    const ratioBusy = ingest['req/s (median)'] / bare['req/s (median)'];
    console.log(
      `ingest / bare: ${ratioIdle.toFixed(3)} of the idle server's bare rate, ${ratioBusy.toFixed(3)} of the bare rate while triaging`,
    );
    const fast = ingest['req/s (median)'] >= 2000 && ingest['p99 ms'] < 50 && ingest['non-2xx/errors'] === 0;
    console.log(
      `verdict: ${fast ? 'meets' : 'MISSES'} ≥ 2,000 req/s with p99 < 50 ms and no errors; ${ratioIdle >= 0.3 ? 'meets' : 'MISSES'} ≥ 30% of the idle bare rate`,
    );

    console.log(caseLatency);
  } finally {
    stop();
    process.off('exit', stop);
  }
}

await measure('embedded storage (PGlite)', {});
const pgUrl = process.env.BENCH_DATABASE_URL;
if (pgUrl) {
  // A scratch database, so the benchmark's rows never mix with anything else on the server.
  const name = `schoolgate_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    await measure('PostgreSQL (DATABASE_URL)', { DATABASE_URL: url.href });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
process.exit(0);
