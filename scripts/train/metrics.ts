import { MODEL_FLAGS, type ModelFlag } from '../../src/triage/local/model/model-file';
import type { Example } from './examples';

export interface FlagMetrics {
  /** Rows whose label for this flag is known. */
  known: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of non-abusive rows (known negative for this flag and no abuse label) the model flagged. */
  fpr: number;
  nonAbusive: number;
}

export const ABUSE_FLAGS: readonly ModelFlag[] = ['abusive', 'threat', 'discriminatory'];

/** Gold "abuse" of a row: 1 if any abuse flag is 1, 0 if abusive is known 0 and no abuse flag is 1, else unknown. */
export function goldAbuse(e: Example): 0 | 1 | null {
  if (ABUSE_FLAGS.some((f) => e.labels[f] === 1)) return 1;
  return e.labels.abusive === 0 ? 0 : null;
}

function prf(tp: number, fp: number, fn: number) {
  const precision = tp + fp ? tp / (tp + fp) : Number.NaN;
  const recall = tp + fn ? tp / (tp + fn) : Number.NaN;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function flagMetrics(examples: readonly Example[], predicted: readonly Set<ModelFlag>[], flag: ModelFlag): FlagMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let known = 0;
  let nonAbusive = 0;
  let fpNonAbusive = 0;
  examples.forEach((e, i) => {
    const y = e.labels[flag];
    if (y === undefined) return;
    known++;
    const p = predicted[i]!.has(flag);
    if (y && p) tp++;
    else if (!y && p) fp++;
    else if (y && !p) fn++;
    if (!y && goldAbuse(e) === 0) {
      nonAbusive++;
      if (p) fpNonAbusive++;
    }
  });
  return { known, positives: tp + fn, ...prf(tp, fp, fn), fpr: nonAbusive ? fpNonAbusive / nonAbusive : Number.NaN, nonAbusive };
}

export interface AbuseMetrics {
  positives: number;
  negatives: number;
  recall: number;
  precision: number;
  fpr: number;
}

/** "Abuse" = any of abusive, threat, discriminatory; rows whose abuse is unknown are left out. */
export function abuseMetrics(examples: readonly Example[], predicted: readonly Set<ModelFlag>[]): AbuseMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  examples.forEach((e, i) => {
    const y = goldAbuse(e);
    if (y === null) return;
    const p = ABUSE_FLAGS.some((f) => predicted[i]!.has(f));
    if (y && p) tp++;
    else if (y) fn++;
    else if (p) fp++;
    else tn++;
  });
  return { positives: tp + fn, negatives: fp + tn, recall: tp + fn ? tp / (tp + fn) : Number.NaN, precision: tp + fp ? tp / (tp + fp) : Number.NaN, fpr: fp + tn ? fp / (fp + tn) : Number.NaN };
}

/**
 * SemEval-2021 Task 5 span F1: per post, F1 between predicted and gold character offsets (1 when both are
 * empty, 0 when exactly one is), averaged over posts.
 */
export function spanF1(gold: readonly number[][], predicted: readonly number[][]): number {
  let total = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = new Set(gold[i]);
    const p = new Set(predicted[i]);
    if (g.size === 0 && p.size === 0) {
      total += 1;
      continue;
    }
    if (g.size === 0 || p.size === 0) continue;
    let inter = 0;
    for (const x of p) if (g.has(x)) inter++;
    const prec = inter / p.size;
    const rec = inter / g.size;
    total += prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  }
  return gold.length ? total / gold.length : Number.NaN;
}

export function allFlagMetrics(examples: readonly Example[], predicted: readonly Set<ModelFlag>[]): Record<ModelFlag, FlagMetrics> {
  return Object.fromEntries(MODEL_FLAGS.map((f) => [f, flagMetrics(examples, predicted, f)])) as Record<ModelFlag, FlagMetrics>;
}
