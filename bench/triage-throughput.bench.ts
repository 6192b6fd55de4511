/**
 * Question: how fast is triage on one core, and what does a message cost at p50/p99?
 * Replays ≥100,000 generated messages with realistic sender histories through the same path as the CLI
 * and the server (history window → classifier → routing). The baseline is the same replay with a
 * classifier that returns a fixed answer, measured in the same run, so the ratio shows what the local
 * classifier itself costs. @one-core (bench/run.ts pins it to core 0)
 */
import { join } from 'node:path';
import { loadSchoolFile } from '../src/config/load-school';
import type { InboundMessage } from '../src/domain/message';
import type { TriageDecision } from '../src/domain/triage';
import type { Classifier } from '../src/triage/classifier';
import { SenderHistoryBook } from '../src/triage/history';
import { LocalClassifier } from '../src/triage/local/local-classifier';
import { historyEntry, triageMessage } from '../src/triage/triage';
import { generateMessages } from './lib/generate-messages';
import { fmt, median, peakRssMiB, percentile, table } from './lib/stats';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const loaded = loadSchoolFile(join(import.meta.dirname, '..', 'config', 'school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school = loaded.value;

const FIXED: TriageDecision = { flags: [], topic: 'general', urgency: 'routine', reasons: [] };
const fixed: Classifier = { name: 'fixed', classify: async () => FIXED };

async function replayTimed(messages: readonly InboundMessage[], classifier: Classifier) {
  const book = new SenderHistoryBook();
  const lat = new Float64Array(messages.length);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const s = process.hrtime.bigint();
    const { result } = await triageMessage(m, book.recent(m.from, new Date(m.receivedAt)), school, classifier);
    book.record(m.from, historyEntry(m, result));
    lat[i] = Number(process.hrtime.bigint() - s) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSecond: messages.length / seconds, lat: lat.sort() };
}

const { messages, senders } = generateMessages(COUNT);
const local = new LocalClassifier();
await replayTimed(messages.slice(0, 5000), local); // warm up the JIT
await replayTimed(messages.slice(0, 5000), fixed);

const runs: Record<string, { perSecond: number[]; p50: number[]; p99: number[] }> = { baseline: { perSecond: [], p50: [], p99: [] }, local: { perSecond: [], p50: [], p99: [] } };
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, c] of [['baseline', fixed], ['local', local]] as const) {
    const { perSecond, lat } = await replayTimed(messages, c);
    runs[name]!.perSecond.push(perSecond);
    runs[name]!.p50.push(percentile(lat, 50));
    runs[name]!.p99.push(percentile(lat, 99));
  }
}
const row = (name: string) => ({
  replay: name,
  'msgs/s (median)': median(runs[name]!.perSecond),
  'p50 ms': median(runs[name]!.p50),
  'p99 ms': median(runs[name]!.p99),
});
const base = median(runs.baseline!.perSecond);
const loc = median(runs.local!.perSecond);
console.log(`triage throughput: ${fmt(COUNT)} generated messages from ${fmt(senders)} senders, ${ROUNDS} rounds, one core`);
console.log(table([row('baseline'), row('local')]));
console.log(`local / baseline throughput: ${(loc / base).toFixed(3)}   peak RSS: ${fmt(peakRssMiB())} MiB`);
console.log(`verdict: ${loc >= 20_000 && median(runs.local!.p99) <= 1 ? 'meets' : 'MISSES'} the target (≥ 20,000 msgs/s, p99 ≤ 1 ms)`);
