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
 * trained with AdaGrad. `labels[r * heads + h]` is 1, 0, or -1 (unknown: that head skips the row).
 * Weights are head-interleaved per bucket (bucket * heads + h), the layout inference reads.
 */
export function trainLogistic(
  X: FeatureMatrix,
  rows: readonly number[],
  labels: Int8Array,
  rowWeight: Float32Array,
  heads: number,
  buckets: number,
  o: TrainOptions,
): { w: Float32Array; bias: Float64Array } {
  const w = new Float32Array(buckets * heads);
  const g2 = new Float32Array(buckets * heads);
  const bias = new Float64Array(heads);
  const bg2 = new Float64Array(heads).fill(1e-8);
  const random = rng(o.seed);
  const order = [...rows];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (const r of order) {
      const s = X.offsets[r]!;
      const e = X.offsets[r + 1]!;
      for (let h = 0; h < heads; h++) {
        const y = labels[r * heads + h]!;
        if (y < 0) continue;
        let z = bias[h]!;
        for (let k = s; k < e; k++) z += w[X.index[k]! * heads + h]! * X.value[k]!;
        const p = 1 / (1 + Math.exp(-z));
        const g = (p - y) * rowWeight[r]!;
        if (g === 0) continue;
        for (let k = s; k < e; k++) {
          const j = X.index[k]! * heads + h;
          const grad = g * X.value[k]! + o.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (o.lr * grad) / Math.sqrt(g2[j]! + 1e-8);
        }
        bg2[h]! += g * g;
        bias[h]! -= (o.lr * g) / Math.sqrt(bg2[h]!);
      }
    }
  }
  return { w, bias };
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
