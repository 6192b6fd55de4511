import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSchoolFile } from '../../src/config/load-school';
import type { Flag, Topic } from '../../src/domain/taxonomy';
import { detectConduct } from '../../src/triage/local/conduct/index';
import { Doc } from '../../src/triage/local/conduct/text';
import { assistWithModel } from '../../src/triage/local/model/assist';
import type { ConductModel } from '../../src/triage/local/model/conduct-model';
import { loadConductModel } from '../../src/triage/local/model/index';
import { MODEL_FLAGS, type ModelFlag } from '../../src/triage/local/model/model-file';
import { type BuildResult, predictedSpanOffsets } from './build';
import type { Example } from './examples';
import { type AbuseMetrics, abuseMetrics, allFlagMetrics, type FlagMetrics, goldAbuse, spanF1 } from './metrics';
import { labelsOf, readLabelledJsonl } from './sources/domain';

export interface SetReport {
  set: string;
  rows: number;
  flags: Record<ModelFlag, FlagMetrics>;
  abuse: AbuseMetrics;
  /** The ROC of the abuse score (see abuseScore): AUC, and the most recall any one cut-off reaches with FPR under 5%. */
  roc: { auc: number; recallAtFpr5: number; shift: number };
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * One abuse score per message whose cut-off 0 is the model's decision: the largest of logit(p) − logit(threshold)
 * over abusive, threat and discriminatory. Moving the cut-off shifts all three thresholds together in log-odds.
 */
export function abuseScore(model: ConductModel, text: string): number {
  const s = model.scoreFlags(text);
  let best = Number.NEGATIVE_INFINITY;
  for (const f of ['abusive', 'threat', 'discriminatory'] as const) best = Math.max(best, logit(Math.min(1 - 1e-12, Math.max(1e-12, s[f]))) - logit(model.thresholds[f]));
  return best;
}

/** AUC, and the highest recall at a cut-off whose FPR is under 5% (with the shift it needs), on rows of known abuse. */
export function abuseRoc(examples: readonly Example[], scores: readonly number[]): SetReport['roc'] {
  const pos: number[] = [];
  const neg: number[] = [];
  examples.forEach((e, i) => {
    const y = goldAbuse(e);
    if (y === 1) pos.push(scores[i]!);
    else if (y === 0) neg.push(scores[i]!);
  });
  if (!pos.length || !neg.length) return { auc: Number.NaN, recallAtFpr5: Number.NaN, shift: Number.NaN };
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  const sorted = [...neg].sort((a, b) => b - a);
  // Flag scores strictly above the k-th highest negative: at most k of the negatives are flagged, k / n < 5%.
  const k = Math.ceil(0.05 * sorted.length) - 1;
  const cut = sorted[k]!;
  return { auc: wins / (pos.length * neg.length), recallAtFpr5: pos.filter((p) => p > cut).length / pos.length, shift: cut };
}

export interface MessagesReport {
  name: string;
  rows: number;
  flags: Record<ModelFlag, FlagMetrics>;
  abuse: AbuseMetrics;
  /** Messages with no expected flag at all that the model flagged, over all such messages. */
  falseFlagRate: number;
  unflagged: number;
  topicAccuracy: number;
  urgencyAccuracy: number;
  /** Ids of messages the model flagged wrongly or missed, for reading. */
  flagMisses: { id: string; expected: Flag[]; said: ModelFlag[] }[];
}

export interface CombinedReport {
  name: string;
  rows: number;
  civil: number;
  /** Per mode: any conduct flag (vexatious aside) precision/recall, false-flag rate, and per-flag hits. */
  modes: { mode: 'rules' | 'rules + model'; precision: number; recall: number; falseFlagRate: number; perFlag: Record<string, { tp: number; fp: number; fn: number }> }[];
  added: { id: string; flag: string; right: boolean; confidence: number }[];
}

/** Abuse (abusive, threat or discriminatory) on one public set's held-out rows, as the conduct rules decide it alone and with the model beside them. */
export interface PublicCombined {
  set: string;
  positives: number;
  negatives: number;
  modes: { mode: 'rules' | 'rules + model'; recall: number; fpr: number }[];
}

export interface Report {
  modelVersion: string;
  dataHash: string;
  modelBytes: number;
  loadMs: number;
  usPerMessage: number;
  usPerMessageWithTopic: number;
  thresholds: Record<ModelFlag, number>;
  spanThreshold: number;
  sources: { name: string; rows: number; train: number; val: number; test: number; mapping: string }[];
  heldOut: SetReport[];
  /** Abuse recall and FPR on the rows that chose the thresholds (validation and cross-fitted training rows). */
  tuning: BuildResult['tuning'];
  spans: { posts: number; f1: number };
  messageSets: MessagesReport[];
  combined: CombinedReport[];
  /** The shipped combination (rules, then the model beside them) on the held-out public rows. */
  publicCombined: PublicCombined[];
}

function predict(model: ConductModel, texts: readonly string[]): Set<ModelFlag>[] {
  return texts.map((t) => new Set(model.flagsAbove(model.scoreFlags(t))));
}

interface LabelledMessage {
  id: string;
  body: string;
  flags: Flag[];
  topic: Topic;
  urgency: 'urgent' | 'routine';
  altTopics?: Topic[];
}

function fromFile(path: string): LabelledMessage[] {
  return readLabelledJsonl(path).map((r) => ({ id: r.id, body: r.body, flags: r.expect.flags, topic: r.expect.topic, urgency: r.expect.urgency, altTopics: r.expect.alt_topics }));
}

function fromExamples(examples: readonly Example[]): LabelledMessage[] {
  return examples.map((e, i) => ({ id: `${e.set}-${i}`, body: e.text, flags: e.allFlags ?? [], topic: e.topic!, urgency: e.urgency! }));
}

function messagesReport(model: ConductModel, name: string, rows: readonly LabelledMessage[]): MessagesReport {
  const examples: Example[] = rows.map((r) => ({ set: name, text: r.body, labels: labelsOf(r.flags), split: 'test' }));
  const predicted = predict(model, examples.map((e) => e.text));
  let unflagged = 0;
  let falseFlags = 0;
  let topicOk = 0;
  let urgencyOk = 0;
  const flagMisses: MessagesReport['flagMisses'] = [];
  rows.forEach((r, i) => {
    const said = [...predicted[i]!];
    const expectedModel = r.flags.filter((f): f is ModelFlag => (MODEL_FLAGS as readonly string[]).includes(f));
    if (r.flags.length === 0) {
      unflagged++;
      if (said.length) falseFlags++;
    }
    if (said.length !== expectedModel.length || said.some((f) => !expectedModel.includes(f))) flagMisses.push({ id: r.id, expected: r.flags, said });
    const t = model.scoreTopic(r.body);
    if (t) {
      const ok: Topic[] = [r.topic, ...(r.altTopics ?? [])];
      if (ok.includes(t.best)) topicOk++;
      if ((t.urgent >= 0.5 ? 'urgent' : 'routine') === r.urgency) urgencyOk++;
    }
  });
  return {
    name,
    rows: rows.length,
    flags: allFlagMetrics(examples, predicted),
    abuse: abuseMetrics(examples, predicted),
    falseFlagRate: unflagged ? falseFlags / unflagged : Number.NaN,
    unflagged,
    topicAccuracy: topicOk / rows.length,
    urgencyAccuracy: urgencyOk / rows.length,
    flagMisses,
  };
}

/** The rules' findings with the model beside them, as triage runs it: quoted, reported or negated words veto the model. */
function withModel(model: ConductModel, body: string, rules: ReturnType<typeof detectConduct>): ReturnType<typeof detectConduct> {
  const doc = new Doc(body);
  return assistWithModel(body, rules, { model, isNotOwnWords: (sp) => doc.isReported(sp) });
}

const CONDUCT_FLAGS = ['abusive', 'threat', 'discriminatory', 'profanity', 'defamatory'] as const;

/** The conduct rules alone against the rules with the model beside them (assistWithModel), as triage runs them. */
function combinedReport(model: ConductModel, name: string, rows: readonly LabelledMessage[], staffNames: readonly string[]): CombinedReport {
  const modes: CombinedReport['modes'] = [];
  const added: CombinedReport['added'] = [];
  let civil = 0;
  for (const mode of ['rules', 'rules + model'] as const) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let civilFlagged = 0;
    civil = 0;
    const perFlag = Object.fromEntries(CONDUCT_FLAGS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
    for (const r of rows) {
      const expected = new Set<string>(r.flags.filter((f) => f !== 'vexatious'));
      const rules = detectConduct(r.body, { staffNames });
      const findings = mode === 'rules' ? rules : withModel(model, r.body, rules);
      if (mode === 'rules + model') {
        const before = new Set(rules.map((f) => f.flag));
        for (const f of findings) if (!before.has(f.flag)) added.push({ id: r.id, flag: f.flag, right: expected.has(f.flag), confidence: f.confidence });
      }
      const said = new Set<string>(findings.map((f) => f.flag));
      if (r.flags.length === 0) {
        civil++;
        if (said.size) civilFlagged++;
      }
      if (expected.size && said.size) tp++;
      else if (said.size) fp++;
      else if (expected.size) fn++;
      for (const f of CONDUCT_FLAGS) {
        const c = perFlag[f]!;
        if (expected.has(f) && said.has(f)) c.tp++;
        else if (said.has(f)) c.fp++;
        else if (expected.has(f)) c.fn++;
      }
    }
    modes.push({ mode, precision: tp + fp ? tp / (tp + fp) : Number.NaN, recall: tp + fn ? tp / (tp + fn) : Number.NaN, falseFlagRate: civil ? civilFlagged / civil : Number.NaN, perFlag });
  }
  return { name, rows: rows.length, civil, modes, added };
}

const ABUSE = new Set<string>(['abusive', 'threat', 'discriminatory']);

/**
 * The local classifier's conduct decision, as triage makes it, on a public set's held-out rows: the rules alone,
 * then with the model beside them (the model adds a flag only above its school-tuned assist thresholds, and never
 * on quoted, reported or negated words). Rows whose abuse is unknown are left out, as for the model alone.
 */
function publicCombinedReport(model: ConductModel, set: string, rows: readonly Example[], staffNames: readonly string[]): PublicCombined {
  const known = rows.filter((e) => goldAbuse(e) !== null);
  const positives = known.filter((e) => goldAbuse(e) === 1).length;
  const modes: PublicCombined['modes'] = [];
  for (const mode of ['rules', 'rules + model'] as const) {
    let tp = 0;
    let fp = 0;
    for (const e of known) {
      const rules = detectConduct(e.text, { staffNames });
      const findings = mode === 'rules' ? rules : withModel(model, e.text, rules);
      const abuse = findings.some((f) => ABUSE.has(f.flag));
      if (abuse && goldAbuse(e) === 1) tp++;
      else if (abuse) fp++;
    }
    const negatives = known.length - positives;
    modes.push({ mode, recall: positives ? tp / positives : Number.NaN, fpr: negatives ? fp / negatives : Number.NaN });
  }
  return { set, positives, negatives: known.length - positives, modes };
}

function timePerMessage(fn: (body: string) => unknown, bodies: readonly string[], rounds: number): number {
  for (let i = 0; i < 3; i++) for (const b of bodies) fn(b); // warm up the JIT
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const b of bodies) fn(b);
  return Number(process.hrtime.bigint() - t0) / 1000 / (rounds * bodies.length);
}

export function evaluateAll(o: { root: string; built: BuildResult; modelBytes: number; log: (s: string) => void }): Report {
  const { built, root } = o;
  // Measure the committed file exactly as the server loads it.
  const t0 = performance.now();
  const model = loadConductModel(resolve(root, 'models', 'conduct-model.json.gz'));
  const loadMs = performance.now() - t0;
  if (model.version !== built.file.modelVersion) throw new Error('the model file on disk is not the one just built');

  const heldOut: SetReport[] = [];
  for (const s of built.sources) {
    if (s.name === 'domain' || s.name === 'helpers') continue;
    const test = s.examples.filter((e) => e.split === 'test');
    const predicted = predict(model, test.map((e) => e.text));
    const roc = abuseRoc(
      test,
      test.map((e) => abuseScore(model, e.text)),
    );
    heldOut.push({ set: s.name, rows: test.length, flags: allFlagMetrics(test, predicted), abuse: abuseMetrics(test, predicted), roc });
  }
  const spanTest = built.examples.filter((e) => e.set === 'toxic-spans' && e.split === 'test' && e.goldSpans);
  const spans = {
    posts: spanTest.length,
    f1: spanF1(
      spanTest.map((e) => e.goldSpans!),
      spanTest.map((e) => predictedSpanOffsets(model, e.text)),
    ),
  };

  const messageSets: MessagesReport[] = [];
  const devset = resolve(root, '..', 'shared', 'devset', 'messages.jsonl');
  const devRows = existsSync(devset) ? fromFile(devset) : [];
  if (devRows.length) messageSets.push(messagesReport(model, 'dev set (../shared/devset, never trained on)', devRows));
  const held = built.examples.filter((e) => e.set === 'helpers' && e.split === 'test');
  messageSets.push(messagesReport(model, "helpers' examples, held-out 40% (test/fixtures/triage)", fromExamples(held)));
  const ownVal = built.examples.filter((e) => e.set === 'domain' && e.split === 'val');
  messageSets.push(messagesReport(model, 'our domain examples, validation 25% (tuned on)', fromExamples(ownVal)));

  const school = loadSchoolFile(resolve(root, 'config', 'school.example.yaml'));
  if (!school.ok) throw school.error;
  const staffNames = school.value.file.staff.flatMap((st) => [st.name, ...st.aliases]);
  const combined: CombinedReport[] = [];
  if (devRows.length) combined.push(combinedReport(model, 'dev set', devRows, staffNames));
  combined.push(combinedReport(model, "helpers' examples, held-out 40%", fromExamples(held), staffNames));
  combined.push(combinedReport(model, 'our domain examples, validation 25%', fromExamples(ownVal), staffNames));
  const publicCombined = built.sources
    .filter((src) => src.name !== 'domain' && src.name !== 'helpers')
    .map((src) => publicCombinedReport(model, src.name, src.examples.filter((e) => e.split === 'test'), staffNames));

  const bodies = devRows.length ? devRows.map((r) => r.body) : held.map((e) => e.text);
  const usPerMessage = timePerMessage((b) => model.scoreFlags(b), bodies, 200);
  const usPerMessageWithTopic = timePerMessage((b) => {
    model.scoreFlags(b);
    model.scoreTopic(b);
  }, bodies, 100);

  const report: Report = {
    modelVersion: model.version,
    dataHash: model.dataHash,
    modelBytes: o.modelBytes,
    loadMs,
    usPerMessage,
    usPerMessageWithTopic,
    thresholds: { ...model.thresholds },
    spanThreshold: built.file.spanThreshold,
    sources: built.sources.map((s) => ({
      name: s.name,
      rows: s.examples.length,
      train: s.examples.filter((e) => e.split === 'train').length,
      val: s.examples.filter((e) => e.split === 'val').length,
      test: s.examples.filter((e) => e.split === 'test').length,
      mapping: s.mapping,
    })),
    heldOut,
    tuning: built.tuning,
    spans,
    messageSets,
    combined,
    publicCombined,
  };
  const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
  for (const h of heldOut) o.log(`held-out ${h.set} (${h.rows}): abuse recall ${pct(h.abuse.recall)} fpr ${pct(h.abuse.fpr)} (AUC ${h.roc.auc.toFixed(3)}, best recall at FPR < 5% ${pct(h.roc.recallAtFpr5)}) | ${MODEL_FLAGS.map((f) => `${f} P ${pct(h.flags[f].precision)} R ${pct(h.flags[f].recall)}`).join(' | ')}`);
  o.log(`toxic-spans evidence F1 ${spans.f1.toFixed(3)} over ${spans.posts} posts`);
  for (const m of messageSets) o.log(`${m.name}: abuse recall ${pct(m.abuse.recall)} precision ${pct(m.abuse.precision)}, false-flag rate ${pct(m.falseFlagRate)}, topic ${pct(m.topicAccuracy)}, urgency ${pct(m.urgencyAccuracy)}`);
  for (const c of publicCombined) o.log(`held-out ${c.set}, local classifier: ${c.modes.map((m) => `${m.mode} abuse recall ${pct(m.recall)} fpr ${pct(m.fpr)}`).join(' → ')}`);
  for (const c of combined)
    o.log(`${c.name}: ${c.modes.map((m) => `${m.mode} P ${pct(m.precision)} R ${pct(m.recall)} false-flag ${pct(m.falseFlagRate)}`).join(' → ')}; model added ${c.added.filter((a) => a.right).length} right, ${c.added.filter((a) => !a.right).length} wrong`);
  o.log(`load ${loadMs.toFixed(0)} ms; ${usPerMessage.toFixed(1)} µs/message (flags), ${usPerMessageWithTopic.toFixed(1)} µs with topic`);
  return report;
}
