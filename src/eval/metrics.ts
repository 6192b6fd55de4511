import { z } from 'zod';
import { Flag, FLAGS, Topic, TOPICS, Urgency } from '../domain/taxonomy';

/** The label a line of an evaluation file expects (`expect` in ../shared/devset/messages.jsonl). */
export const Expectation = z.object({
  flags: z.array(Flag),
  topic: Topic,
  urgency: Urgency,
  /** A second defensible topic; safeguarding recall stays strict. */
  alt_topics: z.array(Topic).optional(),
});
export type Expectation = z.infer<typeof Expectation>;

export interface Said {
  flags: readonly Flag[];
  topic: Topic;
  urgency: Urgency;
}

export interface Scored {
  id: string;
  expect: Expectation;
  said: Said;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Report {
  n: number;
  perFlag: Record<Flag, PRF>;
  anyFlag: PRF;
  /** Share of messages expected to carry no flag that got one. */
  falseFlagRate: number;
  topicAccuracy: number;
  topicMacroF1: number;
  perTopic: Record<Topic, PRF>;
  safeguardingRecall: number;
  threatRecall: number;
  urgencyAccuracy: number;
  urgentRecall: number;
  misses: Scored[];
}

function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support: tp + fn };
}

export function score(rows: readonly Scored[]): Report {
  const flagCounts = Object.fromEntries(FLAGS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<Flag, { tp: number; fp: number; fn: number }>;
  const topicCounts = Object.fromEntries(TOPICS.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<Topic, { tp: number; fp: number; fn: number }>;
  let anyTp = 0, anyFp = 0, anyFn = 0, unflagged = 0, falseFlags = 0;
  let topicOk = 0, urgencyOk = 0, sgTotal = 0, sgHit = 0, thrTotal = 0, thrHit = 0, urgTotal = 0, urgHit = 0;
  const misses: Scored[] = [];
  for (const r of rows) {
    const gold = new Set(r.expect.flags);
    const said = new Set(r.said.flags);
    for (const f of FLAGS) {
      if (gold.has(f) && said.has(f)) flagCounts[f].tp++;
      else if (said.has(f)) flagCounts[f].fp++;
      else if (gold.has(f)) flagCounts[f].fn++;
    }
    if (gold.size && said.size) anyTp++;
    else if (said.size) anyFp++;
    else if (gold.size) anyFn++;
    if (!gold.size) {
      unflagged++;
      if (said.size) falseFlags++;
    }
    const topicRight = r.said.topic === r.expect.topic || (r.expect.alt_topics ?? []).includes(r.said.topic);
    if (topicRight) topicOk++;
    const goldTopic = topicRight ? r.said.topic : r.expect.topic;
    if (topicRight) topicCounts[goldTopic].tp++;
    else {
      topicCounts[r.expect.topic].fn++;
      topicCounts[r.said.topic].fp++;
    }
    if (r.said.urgency === r.expect.urgency) urgencyOk++;
    if (r.expect.topic === 'safeguarding') {
      sgTotal++;
      if (r.said.topic === 'safeguarding') sgHit++;
    }
    if (gold.has('threat')) {
      thrTotal++;
      if (said.has('threat')) thrHit++;
    }
    if (r.expect.urgency === 'urgent') {
      urgTotal++;
      if (r.said.urgency === 'urgent') urgHit++;
    }
    const flagsRight = gold.size === said.size && [...gold].every((f) => said.has(f));
    if (!flagsRight || !topicRight || r.said.urgency !== r.expect.urgency) misses.push(r);
  }
  const perTopic = Object.fromEntries(TOPICS.map((t) => [t, prf(topicCounts[t].tp, topicCounts[t].fp, topicCounts[t].fn)])) as Record<Topic, PRF>;
  const present = TOPICS.filter((t) => perTopic[t].support > 0);
  const n = rows.length;
  return {
    n,
    perFlag: Object.fromEntries(FLAGS.map((f) => [f, prf(flagCounts[f].tp, flagCounts[f].fp, flagCounts[f].fn)])) as Record<Flag, PRF>,
    anyFlag: prf(anyTp, anyFp, anyFn),
    falseFlagRate: unflagged ? falseFlags / unflagged : 0,
    topicAccuracy: n ? topicOk / n : 0,
    topicMacroF1: present.length ? present.reduce((s, t) => s + perTopic[t].f1, 0) / present.length : 0,
    perTopic,
    safeguardingRecall: sgTotal ? sgHit / sgTotal : 1,
    threatRecall: thrTotal ? thrHit / thrTotal : 1,
    urgencyAccuracy: n ? urgencyOk / n : 0,
    urgentRecall: urgTotal ? urgHit / urgTotal : 1,
    misses,
  };
}

const pct = (x: number) => x.toFixed(3);

/** The report as plain text for a person: figures first, then every miss with what was expected and said. */
export function formatReport(r: Report, opts: { misses?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`messages: ${r.n}`);
  out.push('', 'flag            precision  recall     f1  support');
  for (const f of FLAGS) {
    const m = r.perFlag[f];
    out.push(`${f.padEnd(15)} ${pct(m.precision).padStart(9)} ${pct(m.recall).padStart(7)} ${pct(m.f1).padStart(6)} ${String(m.support).padStart(8)}`);
  }
  out.push(`${'any flag'.padEnd(15)} ${pct(r.anyFlag.precision).padStart(9)} ${pct(r.anyFlag.recall).padStart(7)} ${pct(r.anyFlag.f1).padStart(6)} ${String(r.anyFlag.support).padStart(8)}`);
  out.push('', `false-flag rate (flagged among messages expecting none): ${pct(r.falseFlagRate)}`);
  out.push(`topic accuracy: ${pct(r.topicAccuracy)}   topic macro-F1: ${pct(r.topicMacroF1)}`);
  out.push(`safeguarding recall: ${pct(r.safeguardingRecall)}   threat recall: ${pct(r.threatRecall)}`);
  out.push(`urgency accuracy: ${pct(r.urgencyAccuracy)}   urgent recall: ${pct(r.urgentRecall)}`);
  if (opts.misses !== false) {
    out.push('', `misses: ${r.misses.length}`);
    for (const m of r.misses) {
      const e = `${m.expect.flags.join('+') || '-'} / ${m.expect.topic} / ${m.expect.urgency}`;
      const s = `${m.said.flags.join('+') || '-'} / ${m.said.topic} / ${m.said.urgency}`;
      out.push(`  ${m.id}: expected ${e}; said ${s}`);
    }
  }
  return out.join('\n');
}
