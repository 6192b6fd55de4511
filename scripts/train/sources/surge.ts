import { join } from 'node:path';
import { readCsv } from '../csv';
import type { Source } from '../examples';
import { publicSplit } from '../split';

export const SURGE_MAPPING = 'Toxic → abusive; Not Toxic → not abusive, no threat, not discriminatory (profanity unknown: masked).';

/** Surge AI toxicity sample. */
export function loadSurge(dataDir: string): Source {
  const rows = readCsv(join(dataDir, 'surge-toxicity', 'toxicity_en.csv'));
  const examples = rows.map((r) => {
    const text = r.text!;
    const toxic = r.is_toxic === 'Toxic';
    return {
      set: 'surge',
      text,
      labels: toxic ? { abusive: 1 as const } : { abusive: 0 as const, threat: 0 as const, discriminatory: 0 as const },
      split: publicSplit('surge', text),
    };
  });
  return { name: 'surge', examples, files: [{ path: 'surge-toxicity/toxicity_en.csv', rows: rows.length }], base: 'data', mapping: SURGE_MAPPING };
}
