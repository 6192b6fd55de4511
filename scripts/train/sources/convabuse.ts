import { join } from 'node:path';
import { readCsv } from '../csv';
import type { Example, Source } from '../examples';
import { publicSplit } from '../split';

export const CONVABUSE_MAPPING = [
  'the user turn only. Each annotator\'s score is the is_abuse column marked 1 (1, 0, -1, -2, -3); abusive when the',
  'mean over the annotators who scored the row is below 0 (our reading of the paper). Discriminatory when abusive and',
  'at least half of those annotators marked ableist, homophobic, racist, sexist or transphobic (sex_harassment and',
  'intellectual stay abusive only). Non-abusive rows: no abusive, threat or discriminatory. Profanity is not labelled',
  '(masked), and neither is threat on abusive rows. Cells holding duplicate votes ("1, 1") count as marked if any vote is 1.',
].join(' ');

const SCORES = [1, 0, -1, -2, -3] as const;
const DISCRIMINATORY_TYPES = ['ableist', 'homophobic', 'racist', 'sexist', 'transphobic'];
const FILES = ['ConvAbuseEMNLPtrain.csv', 'ConvAbuseEMNLPvalid.csv', 'ConvAbuseEMNLPtest.csv'];

function marked(cell: string | undefined): boolean {
  return !!cell && cell.split(',').some((v) => v.trim() === '1');
}

/** ConvAbuse (EMNLP 2021): user turns to conversational agents. All three official files, re-split by our hash. */
export function loadConvAbuse(dataDir: string): Source {
  const examples: Example[] = [];
  const files: Source['files'] = [];
  for (const file of FILES) {
    const rows = readCsv(join(dataDir, 'convabuse', file));
    files.push({ path: `convabuse/${file}`, rows: rows.length });
    for (const r of rows) {
      const text = r.user ?? '';
      if (!text.trim()) continue;
      let sum = 0;
      let raters = 0;
      let discr = 0;
      for (let a = 1; a <= 8; a++) {
        const score = SCORES.find((s) => marked(r[`Annotator${a}_is_abuse.${s}`]));
        if (score === undefined) continue;
        raters++;
        sum += score;
        if (DISCRIMINATORY_TYPES.some((t) => marked(r[`Annotator${a}_${t}`]))) discr++;
      }
      if (raters === 0) continue;
      const abusive = sum / raters < 0;
      const labels = abusive ? { abusive: 1 as const, discriminatory: (discr * 2 >= raters ? 1 : 0) as 0 | 1 } : { abusive: 0 as const, threat: 0 as const, discriminatory: 0 as const };
      examples.push({ set: 'convabuse', text, labels, split: publicSplit('convabuse', text) });
    }
  }
  return { name: 'convabuse', examples, files, base: 'data', mapping: CONVABUSE_MAPPING };
}
