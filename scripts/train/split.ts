import { createHash } from 'node:crypto';
import type { Split } from './examples';

/** Fixed seed of the held-out split: changing it changes which rows are held out, so never change it casually. */
export const SPLIT_SEED = 'schoolgate-split-v1';

/** A number in [0, 100) from a seeded hash of the set and the text (whitespace-trimmed, lower-cased). */
export function splitBucket(set: string, text: string): number {
  const h = createHash('sha256').update(`${SPLIT_SEED}\u0000${set}\u0000${text.trim().toLowerCase()}`).digest();
  return h.readUInt32BE(0) % 100;
}

/** Public sets: 20% held out for evaluation, 10% validation (calibration and thresholds), 70% training. */
export function publicSplit(set: string, text: string): Split {
  const b = splitBucket(set, text);
  return b < 20 ? 'test' : b < 30 ? 'val' : 'train';
}

/** Our own domain examples: 25% validation (thresholds are tuned on these), the rest training. */
export function domainSplit(text: string): Split {
  return splitBucket('domain', text) < 25 ? 'val' : 'train';
}

/**
 * The other helpers' example files (test/fixtures/triage/): 40% stays held out (reported, never trained on),
 * 20% validation, 40% training.
 */
export function helperSplit(text: string): Split {
  const b = splitBucket('helpers', text);
  return b < 40 ? 'test' : b < 60 ? 'val' : 'train';
}
