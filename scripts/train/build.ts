import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '../../src/domain/taxonomy';
import { ConductModel } from '../../src/triage/local/model/conduct-model';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/triage/local/model/features';
import { MODEL_FLAGS, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile, type ModelFlag, modelContentHash } from '../../src/triage/local/model/model-file';
import { fitPlatt, fitTemperature } from './calibrate';
import type { Example, Source } from './examples';
import { naiveBayesScale, rawScore, trainLogistic, trainSoftmax } from './logistic';
import { buildMatrix, type FeatureMatrix, foldMatrix } from './matrix';
import { goldAbuse, spanF1 } from './metrics';
import { loadConvAbuse } from './sources/convabuse';
import { loadDavidson } from './sources/davidson';
import { loadDomain } from './sources/domain';
import { loadJigsaw } from './sources/jigsaw';
import { loadSurge } from './sources/surge';
import { loadToxicSpans } from './sources/toxic-spans';
import { helperSplit } from './split';

export const SEED = 20261008;

/** Everything that decides the weights; it goes into the model file, so a changed setting changes the version. */
export const SETTINGS = {
  features: DEFAULT_FEATURE_SPEC as FeatureSpec,
  flags: { epochs: 10, lr: 0.15, l2: 3e-4 },
  /** Topic and urgency heads fold the features into fewer buckets: they learn from a few hundred messages only. */
  topic: { epochs: 30, lr: 0.3, l2: 1e-4, buckets: 1 << 14 },
  /**
   * Per-row training weight by source: our domain examples count most; the small public sets whose rows are
   * closest to a message aimed at someone (convabuse, surge, jigsaw) more than the large ones.
   */
  setWeight: { domain: 6, helpers: 6, jigsaw: 2, convabuse: 2, surge: 3, 'toxic-spans': 0.5, davidson: 1 } as Record<string, number>,
  /**
   * Class balance per source and head: a label's weight is multiplied by (rows / (2 × rows with that label))^balance,
   * counted over the source's training rows whose label for the head is known. 0 = none, 1 = fully balanced.
   * Half-way keeps a set of nearly all positives (toxic-spans) from teaching a head that everything is abuse.
   */
  balance: 0.5,
  /** Naive Bayes feature scaling of the flag heads (see naiveBayesScale): the smoothing count per bucket. */
  naiveBayesAlpha: 1,
  /**
   * Thresholds are chosen on rows never trained on by the model that scores them: the validation rows (scored by
   * the shipped model) and the training rows scored by cross-fitting — the training rows are cut into `folds`
   * parts by a seeded hash of the text, a model is trained on the other parts and scores the one left out, and
   * each fold model is Platt-calibrated on the validation rows like the shipped one. The public sets' validation
   * parts alone are too small to hold a false-positive rate (Surge has 44 non-abusive validation rows: one row is
   * 2.3%); with cross-fitting every set's rate is measured on all of its non-held-out rows.
   */
  crossFit: { folds: 3 },
  /**
   * The abuse flags (abusive, threat, discriminatory) are chosen together, because a message counts as abuse
   * when any of them fires: the combination with the most abuse recall (mean over the public sets with
   * non-abusive rows) whose false-positive rate on each set's non-abusive rows stays below maxPublicFprEach,
   * that flags at most maxSchoolFpr of civil school messages (the dev set's false-flag budget), and whose
   * threat and discriminatory heads each flag at most maxFlagFpr of any set's rows known not to
   * carry them. Profanity alone: the lowest threshold within maxSchoolFpr and maxPublicFpr (mean over sets).
   * These thresholds are the model's own (the held-out tables); the local classifier adds a model flag only
   * at the higher ADD_THRESHOLDS of src/triage/local/model/assist.ts.
   */
  maxSchoolFpr: 0.03,
  maxPublicFpr: 0.035,
  maxPublicFprEach: 0.05,
  maxFlagFpr: 0.01,
  /** What the abuse thresholds maximise within those limits: the worst public set's recall, or the mean. */
  abuseObjective: 'worst' as 'worst' | 'mean',
  /** Calibration: each public set's validation rows together weigh this many rows; each school row weighs one. */
  publicSetWeight: 40,
  /** Int8 quantisation clips weights at this quantile of |w| (per head), so the scale is not set by one outlier. */
  quantile: 0.9999,
};

export interface BuildResult {
  file: ModelFile;
  model: ConductModel;
  sources: Source[];
  examples: Example[];
  matrix: FeatureMatrix;
  /** The abuse thresholds measured on the rows that chose them (see SETTINGS.crossFit). */
  tuning: TuningStats;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function quantise(w: Float32Array, heads: number, h: number | null, q: number): { q: Int8Array; scale: number } {
  const abs: number[] = [];
  for (let i = h ?? 0; i < w.length; i += h === null ? 1 : heads) if (w[i] !== 0) abs.push(Math.abs(w[i]!));
  abs.sort((a, b) => a - b);
  const clip = abs.length ? abs[Math.min(abs.length - 1, Math.floor(q * abs.length))]! : 1;
  const scale = clip / 127 || 1;
  const out = new Int8Array(h === null ? w.length : w.length / heads);
  for (let i = 0, j = h ?? 0; j < w.length; i++, j += h === null ? 1 : heads) out[i] = Math.max(-127, Math.min(127, Math.round(w[j]! / scale)));
  return { q: out, scale };
}

function interleave(parts: Int8Array[]): Int8Array {
  const H = parts.length;
  const out = new Int8Array(parts[0]!.length * H);
  for (let i = 0; i < parts[0]!.length; i++) for (let h = 0; h < H; h++) out[i * H + h] = parts[h]![i]!;
  return out;
}

const b64 = (a: Int8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

interface ValRow {
  p: number;
  y: number;
  set: string;
  /** A school message expected to carry no flag at all. */
  civil: boolean;
  /** A row known not to carry the flag (for profanity: any; else also no abuse label). */
  negative: boolean;
}

/**
 * The lowest threshold whose false-flag rates on the tuning rows stay within SETTINGS.maxSchoolFpr (civil school
 * messages) and SETTINGS.maxPublicFpr (mean over the public sets of their known-negative rows).
 */
function chooseThreshold(rows: readonly ValRow[]): number {
  const civil = rows.filter((r) => r.civil).map((r) => r.p);
  const publicSets = new Map<string, number[]>();
  for (const r of rows) {
    if (SCHOOL_SETS.has(r.set) || !r.negative) continue;
    const list = publicSets.get(r.set) ?? [];
    list.push(r.p);
    publicSets.set(r.set, list);
  }
  const usable = [...publicSets.values()].filter((l) => l.length >= 20).map((l) => Float64Array.from(l).sort());
  const civilSorted = Float64Array.from(civil).sort();
  // Share of a sorted list at or above t (binary search: the tuning rows run to tens of thousands).
  const share = (list: Float64Array, t: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (list[m]! < t) lo = m + 1;
      else hi = m;
    }
    return list.length ? (list.length - lo) / list.length : 0;
  };
  const ok = (t: number) =>
    share(civilSorted, t) <= SETTINGS.maxSchoolFpr && (usable.length === 0 || usable.reduce((sum, l) => sum + share(l, t), 0) / usable.length <= SETTINGS.maxPublicFpr);
  const candidates = [...new Set(rows.map((r) => r.p))].sort((a, b) => a - b);
  for (const t of candidates) if (ok(t)) return Math.min(0.99, t);
  return 0.99;
}

/** Each known label's training weight: its source's weight times the class balance of that source and head. */
function labelWeights(examples: readonly Example[], labels: Int8Array, H: number): Float32Array {
  const counts = new Map<string, [number, number]>();
  examples.forEach((e, r) => {
    if (e.split !== 'train') return;
    for (let h = 0; h < H; h++) {
      const y = labels[r * H + h]!;
      if (y < 0) continue;
      const key = `${e.set}\u0000${h}`;
      const c = counts.get(key) ?? [0, 0];
      c[y]!++;
      counts.set(key, c);
    }
  });
  const weight = new Float32Array(examples.length * H);
  examples.forEach((e, r) => {
    for (let h = 0; h < H; h++) {
      const y = labels[r * H + h]!;
      if (y < 0) continue;
      const c = counts.get(`${e.set}\u0000${h}`) ?? [1, 1];
      const balance = ((c[0] + c[1]) / (2 * Math.max(1, c[y]!))) ** SETTINGS.balance;
      weight[r * H + h] = (SETTINGS.setWeight[e.set] ?? 1) * balance;
    }
  });
  return weight;
}

/** Threshold grid for the joint search: calibrated probabilities from 0.05 to 0.99, evenly spaced in log-odds. */
const GRID = Array.from({ length: 96 }, (_, i) => {
  const lo = Math.log(0.05 / 0.95);
  const hi = Math.log(0.99 / 0.01);
  return 1 / (1 + Math.exp(-(lo + ((hi - lo) * i) / 95)));
});

/**
 * Thresholds for abusive, threat and discriminatory together (see SETTINGS): a message counts as flagged for
 * abuse when any of the three fires, so each head's false positives add up. Exhaustive over GRID³: for each
 * threat and discriminatory threshold, the lowest abusive threshold that keeps within the limits.
 * `rows` are the tuning rows (validation and cross-fitted training rows); `prob[r * H + h]` their probabilities.
 * Returns thresholds in MODEL_FLAGS order (profanity's slot unused).
 */
function chooseAbuseThresholds(
  examples: readonly Example[],
  rows: readonly number[],
  prob: Float64Array,
  labels: Int8Array,
  H: number,
  log: (s: string) => void,
): { thresholds: number[]; tuning: TuningStats } {
  const heads = (['abusive', 'threat', 'discriminatory'] as const).map((f) => MODEL_FLAGS.indexOf(f));
  const G = GRID.length;
  // A row's level for a head: how many grid thresholds its probability reaches. Threshold index t (0..G, G =
  // never) fires when level > t, i.e. probability >= GRID[t].
  const level = (r: number, h: number) => {
    const p = prob[r * H + h]!;
    let n = 0;
    while (n < G && p >= GRID[n]!) n++;
    return n;
  };
  // Groups whose flagged share is measured: civil school messages, then each public set's non-abusive and abusive rows.
  const civilRows: number[] = [];
  const bySet = new Map<string, { pos: number[]; neg: number[] }>();
  for (const r of rows) {
    const e = examples[r]!;
    if (SCHOOL_SETS.has(e.set)) {
      if ((e.allFlags?.length ?? 1) === 0) civilRows.push(r);
      continue;
    }
    const y = goldAbuse(e);
    if (y === null) continue;
    const g = bySet.get(e.set) ?? { pos: [], neg: [] };
    (y ? g.pos : g.neg).push(r);
    bySet.set(e.set, g);
  }
  const sets = [...bySet.entries()].filter(([, g]) => g.pos.length >= 10 && g.neg.length >= 20);
  const groups = [civilRows, ...sets.map(([, g]) => g.neg), ...sets.map(([, g]) => g.pos)];
  const S = sets.length;
  const lv = groups.map((g) => heads.map((h) => Int16Array.from(g, (r) => level(r, h))));
  // Threat and discriminatory alone: false positives among rows known not to carry the flag (the worst set with
  // at least 20 such rows), and recall on rows that carry it (the tie-break).
  const flagStats = (i: 1 | 2) => {
    const h = heads[i]!;
    const neg = new Map<string, number[]>();
    const pos: number[] = [];
    for (const r of rows) {
      const l = labels[r * H + h]!;
      if (l === 1) pos.push(r);
      if (l !== 0) continue;
      const list = neg.get(examples[r]!.set) ?? [];
      list.push(r);
      neg.set(examples[r]!.set, list);
    }
    const negLevels = [...neg.values()].filter((l) => l.length >= 20).map((g) => g.map((r) => level(r, h)));
    const posLevels = pos.map((r) => level(r, h));
    const at = (arr: readonly number[], t: number) => (arr.length ? arr.filter((v) => v > t).length / arr.length : 0);
    return Array.from({ length: G + 1 }, (_, t) => ({
      fpr: negLevels.reduce((worst, arr) => Math.max(worst, at(arr, t)), 0),
      recall: at(posLevels, t),
    }));
  };
  const threat = flagStats(1);
  const discr = flagStats(2);
  // flagged[g][a]: rows of group g flagged at abusive index a (given t, d); built from a histogram of abusive levels.
  const flagged = groups.map(() => new Float64Array(G + 1));
  let best: { t: [number, number, number]; recall: number; key: number[] } | null = null;
  const better = (x: readonly number[], y: readonly number[]) => {
    for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - y[i]!) > 1e-12) return x[i]! > y[i]!;
    return false;
  };
  for (let t = 0; t <= G; t++) {
    if (threat[t]!.fpr > SETTINGS.maxFlagFpr) continue;
    for (let d = 0; d <= G; d++) {
      if (discr[d]!.fpr > SETTINGS.maxFlagFpr) continue;
      groups.forEach((g, gi) => {
        const [la, lt, ld] = lv[gi]!;
        const hist = new Float64Array(G + 2);
        let always = 0;
        for (let i = 0; i < g.length; i++) {
          if (lt![i]! > t || ld![i]! > d) always++;
          else hist[la![i]!]!++;
        }
        // rows with abusive level > a, for a from G down to 0
        let above = 0;
        for (let a = G; a >= 0; a--) {
          flagged[gi]![a] = (always + above) / Math.max(1, g.length);
          above += hist[a]!;
        }
      });
      // Lowest abusive index within every limit (the shares fall as a rises).
      for (let a = 0; a <= G; a++) {
        if (flagged[0]![a]! > SETTINGS.maxSchoolFpr) continue;
        let ok = true;
        for (let s = 0; s < S; s++) if (flagged[1 + s]![a]! >= SETTINGS.maxPublicFprEach) ok = false;
        if (!ok) continue;
        // The worst set's recall first (the target is per set), then the mean, then the threat and discriminatory heads' own recall.
        let recall = 0;
        let worst = 1;
        for (let s = 0; s < S; s++) {
          recall += flagged[1 + S + s]![a]! / S;
          worst = Math.min(worst, flagged[1 + S + s]![a]!);
        }
        const key = [SETTINGS.abuseObjective === 'worst' ? worst : 0, recall, threat[t]!.recall + discr[d]!.recall];
        if (!best || better(key, best.key)) best = { t: [a, t, d], recall, key };
        break;
      }
    }
  }
  const out = MODEL_FLAGS.map(() => 1);
  if (best) {
    heads.forEach((h, i) => {
      out[h] = GRID[best.t[i]!] ?? 1;
    });
  }
  const tuning: TuningStats = { civil: civilRows.length, civilFlagged: Number.NaN, sets: [] };
  if (best) {
    const [a, t, d] = best.t;
    const share = (g: readonly number[], gi: number) => {
      const [la, lt, ld] = lv[gi]!;
      return g.length ? g.filter((_, i) => la![i]! > a || lt![i]! > t || ld![i]! > d).length / g.length : 0;
    };
    tuning.civilFlagged = share(civilRows, 0);
    tuning.sets = sets.map(([set, g], i) => ({ set, positives: g.pos.length, negatives: g.neg.length, recall: share(g.pos, 1 + S + i), fpr: share(g.neg, 1 + i) }));
    log(
      `tuning rows at these thresholds: civil school flagged ${(100 * tuning.civilFlagged).toFixed(1)}% of ${civilRows.length}; ${tuning.sets.map((x) => `${x.set} recall ${(100 * x.recall).toFixed(1)}% FPR ${(100 * x.fpr).toFixed(1)}%`).join(', ')}`,
    );
  }
  log(`abuse thresholds: ${heads.map((h) => `${MODEL_FLAGS[h]} ${out[h]!.toFixed(3)}`).join(', ')}; tuning abuse recall ${best ? best.recall.toFixed(3) : 'none'} (mean over ${sets.map(([s]) => s).join(', ')})`);
  return { thresholds: out, tuning };
}

/** Abuse recall and false-positive rate on the tuning rows (validation and cross-fitted training rows) at the chosen thresholds. */
export interface TuningStats {
  civil: number;
  civilFlagged: number;
  sets: { set: string; positives: number; negatives: number; recall: number; fpr: number }[];
}

/** Sets whose rows are school messages (thresholds must keep civil ones unflagged). */
export const SCHOOL_SETS = new Set(['domain', 'helpers']);

export function loadSources(root: string, dataDir: string): Source[] {
  return [
    loadDomain(root, join(root, 'test', 'fixtures', 'training')),
    loadDomain(root, join(root, 'test', 'fixtures', 'triage'), 'helpers', helperSplit),
    loadJigsaw(dataDir),
    loadToxicSpans(dataDir),
    loadConvAbuse(dataDir),
    loadDavidson(dataDir),
    loadSurge(dataDir),
  ];
}

/** sha256 of each training file and of the sorted list, so the model file names exactly what it was built from. */
export function dataManifest(root: string, dataDir: string, sources: readonly Source[]) {
  const files = sources
    .flatMap((s) =>
      s.files.map((f) => {
        const abs = s.base === 'repo' ? join(root, f.path) : join(dataDir, f.path);
        const path = s.base === 'repo' ? f.path : `../shared/data/${f.path}`;
        return { path, sha256: sha256(readFileSync(abs)), rows: f.rows };
      }),
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const dataHash = sha256(files.map((f) => `${f.path} ${f.sha256}`).join('\n'));
  return { files, dataHash };
}

export function buildModel(o: { root: string; dataDir: string; log: (s: string) => void }): BuildResult {
  const sources = loadSources(o.root, o.dataDir);
  const examples = sources.flatMap((s) => s.examples);
  for (const s of sources) {
    const c = { train: 0, val: 0, test: 0 };
    for (const e of s.examples) c[e.split]++;
    o.log(`${s.name}: ${s.examples.length} rows (train ${c.train}, val ${c.val}, test ${c.test})`);
  }
  const spec = SETTINGS.features;
  const B = spec.buckets;
  const X = buildMatrix(spec, examples.map((e) => e.text));
  const H = MODEL_FLAGS.length;

  // --- conduct flags ---------------------------------------------------------------------------------
  const labels = new Int8Array(examples.length * H).fill(-1);
  examples.forEach((e, r) => {
    MODEL_FLAGS.forEach((f, h) => {
      const y = e.labels[f];
      if (y !== undefined) labels[r * H + h] = y;
    });
  });
  const weight = labelWeights(examples, labels, H);
  const trainRows = examples.flatMap((e, r) => (e.split === 'train' ? [r] : []));
  const valRows = examples.flatMap((e, r) => (e.split === 'val' ? [r] : []));

  // Validation row weights: each public set's rows together weigh publicSetWeight; a domain row weighs 1.
  const valCount = new Map<string, number>();
  for (const r of valRows) valCount.set(examples[r]!.set, (valCount.get(examples[r]!.set) ?? 0) + 1);
  const valWeight = (r: number) => {
    const set = examples[r]!.set;
    return SCHOOL_SETS.has(set) ? 1 : SETTINGS.publicSetWeight / valCount.get(set)!;
  };

  /**
   * Train the flag heads on `rows`, quantise (the shipped model is what is measured), and Platt-calibrate each
   * head on the validation rows. `prob(r, h)` is then the calibrated probability of any row.
   */
  const trainHeads = (rows: readonly number[]) => {
    const nb = naiveBayesScale(X, rows, labels, weight, H, B, SETTINGS.naiveBayesAlpha);
    const { w, bias } = trainLogistic(X, rows, labels, weight, H, B, { ...SETTINGS.flags, seed: SEED }, nb);
    const qs = MODEL_FLAGS.map((_, h) => quantise(w, H, h, SETTINGS.quantile));
    const flagW = interleave(qs.map((q) => q.q));
    const raw = (r: number, h: number) => rawScore(X, r, flagW, bias[h]!, H, h, qs[h]!.scale);
    const platt = MODEL_FLAGS.map((_, h) => {
      const z: number[] = [];
      const y: number[] = [];
      const wt: number[] = [];
      for (const r of valRows) {
        const l = labels[r * H + h]!;
        if (l < 0) continue;
        z.push(raw(r, h));
        y.push(l);
        wt.push(valWeight(r));
      }
      return fitPlatt(z, y, wt);
    });
    const prob = (r: number, h: number) => 1 / (1 + Math.exp(-(platt[h]!.a * raw(r, h) + platt[h]!.b)));
    return { bias, qs, flagW, platt, prob };
  };
  const shipped = trainHeads(trainRows);
  const { bias, qs, flagW } = shipped;

  // Tuning rows: validation rows scored by the shipped model, training rows by the fold model that never saw them.
  const prob = new Float64Array(examples.length * H).fill(Number.NaN);
  for (const r of valRows) for (let h = 0; h < H; h++) prob[r * H + h] = shipped.prob(r, h);
  const folds = SETTINGS.crossFit.folds;
  const foldOf = (r: number) => createHash('sha256').update(`fold\u0000${examples[r]!.set}\u0000${examples[r]!.text}`).digest().readUInt32BE(0) % folds;
  const trainFold = trainRows.map(foldOf);
  for (let k = 0; k < folds; k++) {
    const m = trainHeads(trainRows.filter((_, i) => trainFold[i] !== k));
    trainRows.forEach((r, i) => {
      if (trainFold[i] === k) for (let h = 0; h < H; h++) prob[r * H + h] = m.prob(r, h);
    });
  }
  const tuneRows = [...valRows, ...trainRows];

  const { thresholds: abuseThresholds, tuning } = chooseAbuseThresholds(examples, tuneRows, prob, labels, H, o.log);
  const heads = MODEL_FLAGS.map((flag, h) => {
    const rows: ValRow[] = [];
    for (const r of tuneRows) {
      const l = labels[r * H + h]!;
      if (l < 0) continue;
      const e = examples[r]!;
      rows.push({ p: prob[r * H + h]!, y: l, set: e.set, civil: SCHOOL_SETS.has(e.set) && (e.allFlags?.length ?? 1) === 0, negative: l === 0 && (flag === 'profanity' || goldAbuse(e) === 0) });
    }
    const platt = shipped.platt[h]!;
    const threshold = flag === 'profanity' ? chooseThreshold(rows) : abuseThresholds[h]!;
    const pos = rows.filter((r) => r.y);
    const school = rows.filter((r) => SCHOOL_SETS.has(r.set) && r.y);
    o.log(
      `${flag}: tuning rows ${rows.length} (+${pos.length}), platt a=${platt.a.toFixed(3)} b=${platt.b.toFixed(3)}, threshold ${threshold.toFixed(3)}, tuning recall ${(pos.filter((r) => r.p >= threshold).length / pos.length).toFixed(2)}, school recall ${(school.filter((r) => r.p >= threshold).length / Math.max(1, school.length)).toFixed(2)} of ${school.length}`,
    );
    return { flag, bias: bias[h]!, scale: qs[h]!.scale, platt, threshold };
  });

  // --- topic and urgency: our domain examples only ----------------------------------------------------
  const K = TOPICS.length;
  const domainTrain = examples.flatMap((e, r) => (SCHOOL_SETS.has(e.set) && e.split === 'train' ? [r] : []));
  const domainVal = examples.flatMap((e, r) => (SCHOOL_SETS.has(e.set) && e.split === 'val' ? [r] : []));
  const topicLabel = new Int32Array(examples.length);
  const urgentLabel = new Int8Array(examples.length).fill(-1);
  examples.forEach((e, r) => {
    topicLabel[r] = e.topic ? TOPICS.indexOf(e.topic) : 0;
    if (e.urgency) urgentLabel[r] = e.urgency === 'urgent' ? 1 : 0;
  });
  const ones = new Float32Array(examples.length).fill(1);
  const TB = SETTINGS.topic.buckets;
  const XT = foldMatrix(X, TB);
  const tm = trainSoftmax(XT, domainTrain, topicLabel, ones, K, TB, { ...SETTINGS.topic, seed: SEED + 1 });
  const tq = quantise(tm.w, K, null, SETTINGS.quantile);
  const logits = domainVal.map((r) => Float64Array.from({ length: K }, (_, c) => rawScore(XT, r, tq.q, tm.bias[c]!, K, c, tq.scale)));
  const temperature = fitTemperature(logits, domainVal.map((r) => topicLabel[r]!), domainVal.map(() => 1));
  const um = trainLogistic(XT, domainTrain, urgentLabel, ones, 1, TB, { ...SETTINGS.topic, seed: SEED + 2 });
  const uq = quantise(um.w, 1, null, SETTINGS.quantile);
  const uz = domainVal.map((r) => rawScore(XT, r, uq.q, um.bias[0]!, 1, 0, uq.scale));
  const uplatt = fitPlatt(uz, domainVal.map((r) => urgentLabel[r]!), domainVal.map(() => 1));

  const manifest = dataManifest(o.root, o.dataDir, sources);
  const flagWeights = b64(flagW);
  const topicWeights = b64(tq.q);
  const urgencyWeights = b64(uq.q);
  const file: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    modelVersion: '',
    trainedFrom: { dataHash: manifest.dataHash, files: manifest.files, seed: SEED, settings: SETTINGS as unknown as Record<string, unknown> },
    features: spec,
    spanThreshold: 0.1,
    flags: heads,
    flagWeights,
    topic: {
      buckets: TB,
      classes: [...TOPICS],
      bias: [...tm.bias],
      scale: tq.scale,
      temperature,
      weights: topicWeights,
      urgency: { bias: um.bias[0]!, scale: uq.scale, platt: uplatt, weights: urgencyWeights },
    },
  };

  // Evidence spans: tune the word-share threshold on the toxic-spans validation texts (SemEval trial).
  const probe = new ConductModel({ ...file, modelVersion: 'probe-version' });
  const spanVal = examples.filter((e) => e.set === 'toxic-spans' && e.split === 'val' && e.goldSpans);
  let bestT = 0.1;
  let bestF = -1;
  for (const t of [0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4]) {
    const m = new ConductModel({ ...file, modelVersion: 'probe-version', spanThreshold: t });
    const f1 = spanF1(
      spanVal.map((e) => e.goldSpans!),
      spanVal.map((e) => predictedSpanOffsets(m, e.text)),
    );
    if (f1 > bestF) {
      bestF = f1;
      bestT = t;
    }
  }
  void probe;
  o.log(`evidence spans: threshold ${bestT} (SemEval trial F1 ${bestF.toFixed(3)})`);
  file.spanThreshold = bestT;
  file.modelVersion = modelContentHash(file);
  return { file, model: new ConductModel(file), sources, examples, matrix: X, tuning };
}

/** Character offsets the model would highlight in a toxic comment: the spans of its most likely flag. */
export function predictedSpanOffsets(m: ConductModel, text: string): number[] {
  if (!text) return [];
  const s = m.scoreFlags(text);
  let top: ModelFlag = 'abusive';
  for (const f of MODEL_FLAGS) if (s[f] > s[top]) top = f;
  const out: number[] = [];
  for (const sp of m.evidenceSpans(text, top)) for (let i = sp.start; i < sp.end; i++) out.push(i);
  return out;
}
