/**
 * Question: how many signed Twilio webhooks a second does the embedded default take, at what p50/p99, against a
 * bare endpoint on the same server in the same run; and how long from a webhook to its case existing?
 * The server runs as `npm start` would (its own process, embedded PGlite in a fresh folder); the load comes from
 * this process (autocannon), so on a 2-core machine each has a core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { fmt, median, table } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 40);
const TOKEN = 'bench-auth-token-0123456789abcdef';
const API_TOKEN = 'bench-api-token-0123456789abcdef';
const SID = `AC${'0'.repeat(32)}`;
const root = join(import.meta.dirname, '..');

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
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    SCHOOLGATE_DATA_DIR: data,
    SCHOOLGATE_API_TOKEN: API_TOKEN,
    SCHOOLGATE_LOG_LEVEL: 'warn',
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_PHONE_NUMBER: '+447700900001',
  },
});
const stop = () => {
  server.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
};
process.on('exit', stop);

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
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  };
}

async function load(kind: 'bare' | 'ingest') {
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: kind === 'bare' ? [{ method: 'GET', path: '/livez' }] : [{ setupRequest: (req) => ({ ...req, ...signedRequest() }) }],
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  return { perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad };
}

const results = { bare: [] as Awaited<ReturnType<typeof load>>[], ingest: [] as Awaited<ReturnType<typeof load>>[] };
await load('bare'); // warm up
for (let i = 0; i < ROUNDS; i++) {
  results.bare.push(await load('bare'));
  results.ingest.push(await load('ingest'));
}
const summary = (xs: Awaited<ReturnType<typeof load>>[]) => ({
  'req/s (median)': median(xs.map((x) => x.perSecond)),
  'p50 ms': median(xs.map((x) => x.p50)),
  'p99 ms': median(xs.map((x) => x.p99)),
  'non-2xx/errors': xs.reduce((s, x) => s + x.bad, 0),
});
const bare = summary(results.bare);
const ingest = summary(results.ingest);
console.log(`webhook ingest: ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, embedded storage`);
console.log(table([{ endpoint: 'bare (GET /livez)', ...bare }, { endpoint: 'signed SMS webhook', ...ingest }]));
const ratio = ingest['req/s (median)'] / bare['req/s (median)'];
console.log(`ingest / bare: ${ratio.toFixed(3)}`);
console.log(
  `verdict: ${ingest['req/s (median)'] >= 2000 && ratio >= 0.3 && ingest['p99 ms'] < 50 && ingest['non-2xx/errors'] === 0 ? 'meets' : 'MISSES'} the target (≥ 2,000 req/s, ≥ 30% of bare, p99 < 50 ms, no errors)`,
);

// Webhook to case: one webhook at a time, after the load has drained, polling the API for its case.
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
    if (performance.now() - t0 > 120_000) throw new Error('no case within 120 s (the triage backlog from the load may still be draining)');
    await new Promise((r) => setTimeout(r, 10));
  }
  latencies.push(performance.now() - t0);
}
console.log(`webhook → case created (after the backlog drained): median ${fmt(median(latencies))} ms, max ${fmt(Math.max(...latencies))} ms over ${latencies.length}`);
stop();
process.exit(0);
