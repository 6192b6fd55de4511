import { type FeatureSpec, Featurizer, featureValue } from '../../src/triage/local/model/features';

/**
 * Every example's features, aggregated: unique buckets in ascending order with value = occurrences × the
 * message's feature value, exactly what inference sums (it adds one weight per occurrence).
 */
export interface FeatureMatrix {
  readonly rows: number;
  /** Row r's features are index[offsets[r] .. offsets[r + 1]). */
  readonly offsets: Int32Array;
  readonly index: Int32Array;
  readonly value: Float32Array;
}

export function buildMatrix(spec: FeatureSpec, texts: readonly string[]): FeatureMatrix {
  const fz = new Featurizer(spec);
  const offsets = new Int32Array(texts.length + 1);
  const idxParts: Int32Array[] = [];
  const valParts: Float32Array[] = [];
  let total = 0;
  for (let r = 0; r < texts.length; r++) {
    const f = fz.extract(texts[r]!);
    const v = featureValue(spec, f.count);
    const sorted = f.index.slice(0, f.count).sort();
    const idx: number[] = [];
    const val: number[] = [];
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) val[val.length - 1]! += v;
      else {
        idx.push(sorted[i]!);
        val.push(v);
      }
    }
    idxParts.push(Int32Array.from(idx));
    valParts.push(Float32Array.from(val));
    total += idx.length;
    offsets[r + 1] = total;
  }
  const index = new Int32Array(total);
  const value = new Float32Array(total);
  for (let r = 0; r < texts.length; r++) {
    index.set(idxParts[r]!, offsets[r]!);
    value.set(valParts[r]!, offsets[r]!);
  }
  return { rows: texts.length, offsets, index, value };
}

/** The same rows with every bucket folded into a smaller power-of-two space (index & (buckets - 1)), re-aggregated. */
export function foldMatrix(X: FeatureMatrix, buckets: number): FeatureMatrix {
  const mask = buckets - 1;
  const offsets = new Int32Array(X.rows + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let r = 0; r < X.rows; r++) {
    const acc = new Map<number, number>();
    for (let k = X.offsets[r]!; k < X.offsets[r + 1]!; k++) {
      const j = X.index[k]! & mask;
      acc.set(j, (acc.get(j) ?? 0) + X.value[k]!);
    }
    for (const j of [...acc.keys()].sort((a, b) => a - b)) {
      index.push(j);
      value.push(acc.get(j)!);
    }
    offsets[r + 1] = index.length;
  }
  return { rows: X.rows, offsets, index: Int32Array.from(index), value: Float32Array.from(value) };
}
