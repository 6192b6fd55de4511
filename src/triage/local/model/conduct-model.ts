import { type Topic, TOPICS } from '../../../domain/taxonomy';
import type { Evidence } from '../../../domain/triage';
import { featureValue, Featurizer } from './features';
import { decodeInt8, MODEL_FLAGS, type ModelFile, type ModelFlag } from './model-file';

export type FlagScores = Record<ModelFlag, number>;

/** One feature occurrence's share of a flag's raw score, and where in the body it is. */
export interface Contribution {
  start: number;
  end: number;
  text: string;
  weight: number;
}

/** An evidence span with its share of the flag's positive score (0-1). */
export interface WeightedEvidence extends Evidence {
  share: number;
}

export interface TopicScores {
  /** Probabilities over TOPICS, summing to 1. */
  topics: Record<Topic, number>;
  best: Topic;
  /** Calibrated probability that the message is urgent. */
  urgent: number;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * A trained linear model over hashed n-grams: calibrated probabilities for the abuse flags, optionally a
 * topic and urgency guess, and the words that drove a flag. Instances are immutable and safe to share;
 * scoring reuses one internal buffer, so it is not re-entrant (JavaScript runs it to completion anyway).
 */
export class ConductModel {
  readonly version: string;
  readonly dataHash: string;
  readonly flags = MODEL_FLAGS;
  /** Per flag: probability at which the model alone flags. */
  readonly thresholds: Readonly<Record<ModelFlag, number>>;
  private readonly featurizer: Featurizer;
  private readonly heads: number;
  private readonly w: Int8Array;
  private readonly bias: Float64Array;
  private readonly scale: Float64Array;
  private readonly plattA: Float64Array;
  private readonly plattB: Float64Array;
  private readonly acc: Float64Array;
  private readonly spanThreshold: number;
  private readonly topic: {
    w: Int8Array;
    bias: Float64Array;
    scale: number;
    temperature: number;
    uw: Int8Array;
    ubias: number;
    uscale: number;
    ua: number;
    ub: number;
    acc: Float64Array;
    mask: number;
  } | null;

  constructor(file: ModelFile) {
    this.version = file.modelVersion;
    this.dataHash = file.trainedFrom.dataHash;
    this.featurizer = new Featurizer(file.features);
    const order = MODEL_FLAGS.map((f) => {
      const head = file.flags.find((h) => h.flag === f);
      if (!head) throw new Error(`model file has no head for ${f}`);
      return head;
    });
    if (file.flags.some((h, i) => h.flag !== MODEL_FLAGS[i])) throw new Error('model file flag heads are not in MODEL_FLAGS order');
    this.heads = order.length;
    this.w = decodeInt8(file.flagWeights, file.features.buckets * this.heads, 'flagWeights');
    this.bias = Float64Array.from(order, (h) => h.bias);
    this.scale = Float64Array.from(order, (h) => h.scale);
    this.plattA = Float64Array.from(order, (h) => h.platt.a);
    this.plattB = Float64Array.from(order, (h) => h.platt.b);
    this.thresholds = Object.fromEntries(order.map((h) => [h.flag, h.threshold])) as Record<ModelFlag, number>;
    this.acc = new Float64Array(this.heads);
    this.spanThreshold = file.spanThreshold;
    const t = file.topic;
    if (t) {
      if (t.classes.some((c, i) => c !== TOPICS[i])) throw new Error('model file topic classes are not in TOPICS order');
      if (t.buckets > file.features.buckets || (t.buckets & (t.buckets - 1)) !== 0) throw new Error('model file topic buckets must be a power of two no larger than the feature buckets');
      this.topic = {
        mask: t.buckets - 1,
        w: decodeInt8(t.weights, t.buckets * TOPICS.length, 'topic.weights'),
        bias: Float64Array.from(t.bias),
        scale: t.scale,
        temperature: t.temperature,
        uw: decodeInt8(t.urgency.weights, t.buckets, 'topic.urgency.weights'),
        ubias: t.urgency.bias,
        uscale: t.urgency.scale,
        ua: t.urgency.platt.a,
        ub: t.urgency.platt.b,
        acc: new Float64Array(TOPICS.length),
      };
    } else {
      this.topic = null;
    }
  }

  /** Uncalibrated linear scores (log-odds before Platt scaling), in MODEL_FLAGS order. For training and tests. */
  rawScores(body: string): Float64Array {
    const f = this.featurizer.extract(body);
    const acc = this.acc;
    acc.fill(0);
    const H = this.heads;
    const w = this.w;
    const idx = f.index;
    if (H === 4) {
      // The shipped shape, unrolled: this loop is most of the model's cost per message.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < f.count; i++) {
        const b = idx[i]! << 2;
        a0 += w[b]!;
        a1 += w[b + 1]!;
        a2 += w[b + 2]!;
        a3 += w[b + 3]!;
      }
      acc[0] = a0;
      acc[1] = a1;
      acc[2] = a2;
      acc[3] = a3;
    } else {
      for (let i = 0; i < f.count; i++) {
        const b = idx[i]! * H;
        for (let h = 0; h < H; h++) acc[h]! += w[b + h]!;
      }
    }
    const v = featureValue(this.featurizer.spec, f.count);
    const out = new Float64Array(H);
    for (let h = 0; h < H; h++) out[h] = this.bias[h]! + this.scale[h]! * v * acc[h]!;
    return out;
  }

  /** Calibrated probability of each model flag. */
  scoreFlags(body: string): FlagScores {
    const raw = this.rawScores(body);
    const out = {} as FlagScores;
    for (let h = 0; h < this.heads; h++) out[MODEL_FLAGS[h]!] = sigmoid(this.plattA[h]! * raw[h]! + this.plattB[h]!);
    return out;
  }

  /** The flags whose probability reaches the model's own threshold. */
  flagsAbove(scores: FlagScores): ModelFlag[] {
    return MODEL_FLAGS.filter((f) => scores[f] >= this.thresholds[f]);
  }

  /** Each feature occurrence's contribution to the flag's raw score, largest first (top `n`). */
  explain(body: string, flag: ModelFlag, n = 10): Contribution[] {
    const h = MODEL_FLAGS.indexOf(flag);
    const f = this.featurizer.extract(body, true);
    const k = this.scale[h]! * featureValue(this.featurizer.spec, f.count);
    const all: Contribution[] = [];
    for (let i = 0; i < f.count; i++) {
      if (f.end[i]! <= f.start[i]!) continue; // the length feature: no words to point at
      const weight = this.w[f.index[i]! * this.heads + h]! * k;
      if (weight !== 0) all.push({ start: f.start[i]!, end: f.end[i]!, text: body.slice(f.start[i]!, f.end[i]!), weight });
    }
    all.sort((a, b) => b.weight - a.weight || a.start - b.start);
    return all.slice(0, n);
  }

  /**
   * The words that drove a flag, as merged character spans: each feature's contribution is spread over the
   * characters it covers, a word is kept when its share of the positive total reaches the span threshold,
   * and neighbouring kept words merge. Empty when nothing in the message pushes towards the flag.
   */
  evidenceSpans(body: string, flag: ModelFlag): WeightedEvidence[] {
    const h = MODEL_FLAGS.indexOf(flag);
    const f = this.featurizer.extract(body, true);
    const charScore = new Float64Array(body.length);
    for (let i = 0; i < f.count; i++) {
      const wgt = this.w[f.index[i]! * this.heads + h]!;
      if (wgt === 0) continue;
      const s = f.start[i]!;
      const e = f.end[i]!;
      if (e <= s) continue;
      const per = wgt / (e - s);
      for (let c = s; c < e; c++) charScore[c]! += per;
    }
    // Words: maximal runs of non-space characters.
    const words: { s: number; e: number; score: number }[] = [];
    let positive = 0;
    let i = 0;
    while (i < body.length) {
      if (/\s/.test(body[i]!)) {
        i++;
        continue;
      }
      const s = i;
      let score = 0;
      while (i < body.length && !/\s/.test(body[i]!)) score += charScore[i++]!;
      words.push({ s, e: i, score });
      if (score > 0) positive += score;
    }
    if (positive <= 0) return [];
    const spans: WeightedEvidence[] = [];
    let cur: { s: number; e: number; w: number } | null = null;
    for (const wd of words) {
      const keep = wd.score > 0 && wd.score / positive >= this.spanThreshold;
      if (keep) {
        // Trim punctuation at the word's edges so the span is the word itself.
        let s = wd.s;
        let e = wd.e;
        while (s < e && !/[\p{L}\p{N}*@$!#]/u.test(body[s]!)) s++;
        while (e > s && !/[\p{L}\p{N}*@$#]/u.test(body[e - 1]!)) e--;
        if (e <= s) continue;
        if (cur && s - cur.e <= 2) {
          cur.e = e;
          cur.w += wd.score / positive;
        } else {
          if (cur) spans.push({ start: cur.s, end: cur.e, text: body.slice(cur.s, cur.e), share: cur.w });
          cur = { s, e, w: wd.score / positive };
        }
      } else if (cur) {
        spans.push({ start: cur.s, end: cur.e, text: body.slice(cur.s, cur.e), share: cur.w });
        cur = null;
      }
    }
    if (cur) spans.push({ start: cur.s, end: cur.e, text: body.slice(cur.s, cur.e), share: cur.w });
    return spans;
  }

  /** Topic and urgency guess, when the model file carries a topic head. */
  scoreTopic(body: string): TopicScores | null {
    const t = this.topic;
    if (!t) return null;
    const f = this.featurizer.extract(body);
    const K = TOPICS.length;
    const acc = t.acc;
    acc.fill(0);
    let u = 0;
    for (let i = 0; i < f.count; i++) {
      const j = f.index[i]! & t.mask;
      const b = j * K;
      for (let k = 0; k < K; k++) acc[k]! += t.w[b + k]!;
      u += t.uw[j]!;
    }
    const v = featureValue(this.featurizer.spec, f.count);
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      acc[k] = (t.bias[k]! + t.scale * v * acc[k]!) / t.temperature;
      if (acc[k]! > max) max = acc[k]!;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      acc[k] = Math.exp(acc[k]! - max);
      sum += acc[k]!;
    }
    const topics = {} as Record<Topic, number>;
    let best: Topic = TOPICS[0];
    for (let k = 0; k < K; k++) {
      const p = acc[k]! / sum;
      topics[TOPICS[k]!] = p;
      if (p > topics[best]) best = TOPICS[k]!;
    }
    const urgent = sigmoid(t.ua * (t.ubias + t.uscale * v * u) + t.ub);
    return { topics, best, urgent };
  }
}
