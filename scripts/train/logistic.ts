import type { FeatureMatrix } from './matrix';
import { rng, shuffle } from './rng';

export interface TrainOptions {
  epochs: number;
  /** AdaGrad step size. */
  lr: number;
  /** L2 penalty per update on the weights a row touches. */
  l2: number;
  seed: number;
}

/**
 * One-vs-rest logistic regression with masked labels, several heads over one hashed feature space,
 * trained with AdaGrad. `labels[r * heads + h]` is 1, 0, or -1 (unknown: that head skips the row), and
 * `weight[r * heads + h]` is what that label counts for (source and class balance differ per head).
 * Weights are head-interleaved per bucket (bucket * heads + h), the layout inference reads.
 */
export function trainLogistic(
  X: FeatureMatrix,
  rows: readonly number[],
  labels: Int8Array,
  weight: Float32Array,
  heads: number,
  buckets: number,
  o: TrainOptions,
  featureScale: Float32Array | null = null,
): { w: Float32Array; bias: Float64Array } {
  const w = new Float32Array(buckets * heads);
  const g2 = new Float32Array(buckets * heads);
  const bias = new Float64Array(heads);
  const bg2 = new Float64Array(heads).fill(1e-8);
  const random = rng(o.seed);
  const order = [...rows];
  const scale = featureScale ?? new Float32Array(buckets * heads).fill(1);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (const r of order) {
      const s = X.offsets[r]!;
      const e = X.offsets[r + 1]!;
      for (let h = 0; h < heads; h++) {
        const y = labels[r * heads + h]!;
        if (y < 0) continue;
        let z = bias[h]!;
        for (let k = s; k < e; k++) {
          const j = X.index[k]! * heads + h;
          z += w[j]! * X.value[k]! * scale[j]!;
        }
        const p = 1 / (1 + Math.exp(-z));
        const g = (p - y) * weight[r * heads + h]!;
        if (g === 0) continue;
        for (let k = s; k < e; k++) {
          const j = X.index[k]! * heads + h;
          const grad = g * X.value[k]! * scale[j]! + o.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (o.lr * grad) / Math.sqrt(g2[j]! + 1e-8);
        }
        bg2[h]! += g * g;
        bias[h]! -= (o.lr * g) / Math.sqrt(bg2[h]!);
      }
    }
  }
  // Fold the feature scale into the weights: inference sums plain weights.
  if (featureScale) for (let j = 0; j < w.length; j++) w[j]! *= featureScale[j]!;
  return { w, bias };
}

/**
 * Naive Bayes feature scaling (NBSVM, Wang & Manning 2012), per head: |log((p_j / |p|) / (q_j / |q|))| where
 * p_j and q_j are the weighted occurrences of bucket j in the head's positive and negative training rows plus
 * `alpha`. A bucket that tells the classes apart gets a larger step and a smaller penalty, so rare but telling
 * n-grams (an unusual slur) count for more than they would in plain logistic regression.
 */
export function naiveBayesScale(X: FeatureMatrix, rows: readonly number[], labels: Int8Array, weight: Float32Array, heads: number, buckets: number, alpha: number): Float32Array {
  const p = new Float64Array(buckets * heads).fill(alpha);
  const q = new Float64Array(buckets * heads).fill(alpha);
  for (const r of rows) {
    for (let h = 0; h < heads; h++) {
      const y = labels[r * heads + h]!;
      if (y < 0) continue;
      const wt = weight[r * heads + h]!;
      const into = y ? p : q;
      for (let k = X.offsets[r]!; k < X.offsets[r + 1]!; k++) into[X.index[k]! * heads + h]! += wt;
    }
  }
  const tp = new Float64Array(heads);
  const tq = new Float64Array(heads);
  for (let j = 0; j < p.length; j++) {
    tp[j % heads]! += p[j]!;
    tq[j % heads]! += q[j]!;
  }
  const out = new Float32Array(buckets * heads);
  for (let j = 0; j < p.length; j++) out[j] = Math.abs(Math.log(p[j]! / tp[j % heads]! / (q[j]! / tq[j % heads]!)));
  return out;
}

/** Raw score of row r for head h. */
export function rawScore(X: FeatureMatrix, r: number, w: Float32Array | Int8Array, bias: number, heads: number, h: number, scale = 1): number {
  let z = 0;
  for (let k = X.offsets[r]!; k < X.offsets[r + 1]!; k++) z += w[X.index[k]! * heads + h]! * X.value[k]!;
  return bias + scale * z;
}

/**
 * Multinomial logistic regression (softmax) over K classes with AdaGrad; `labels[r]` is the class index.
 * Weights class-interleaved per bucket.
 */
export function trainSoftmax(
  X: FeatureMatrix,
  rows: readonly number[],
  labels: Int32Array,
  rowWeight: Float32Array,
  K: number,
  buckets: number,
  o: TrainOptions,
): { w: Float32Array; bias: Float64Array } {
  const w = new Float32Array(buckets * K);
  const g2 = new Float32Array(buckets * K);
  const bias = new Float64Array(K);
  const bg2 = new Float64Array(K).fill(1e-8);
  const z = new Float64Array(K);
  const random = rng(o.seed);
  const order = [...rows];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (const r of order) {
      const s = X.offsets[r]!;
      const e = X.offsets[r + 1]!;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < K; c++) {
        let v = bias[c]!;
        for (let k = s; k < e; k++) v += w[X.index[k]! * K + c]! * X.value[k]!;
        z[c] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let c = 0; c < K; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      for (let c = 0; c < K; c++) {
        const g = (z[c]! / sum - (labels[r] === c ? 1 : 0)) * rowWeight[r]!;
        for (let k = s; k < e; k++) {
          const j = X.index[k]! * K + c;
          const grad = g * X.value[k]! + o.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (o.lr * grad) / Math.sqrt(g2[j]! + 1e-8);
        }
        bg2[c]! += g * g;
        bias[c]! -= (o.lr * g) / Math.sqrt(bg2[c]!);
      }
    }
  }
  return { w, bias };
}
