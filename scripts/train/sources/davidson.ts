import { join } from 'node:path';
import { readCsv } from '../csv';
import type { Example, FlagLabels, Source } from '../examples';
import { publicSplit } from '../split';

export const DAVIDSON_MAPPING = [
  'class 0 hate → discriminatory and abusive (hate speech here is slurs and name-calling aimed at people or groups;',
  'profanity unknown: masked);',
  'class 1 offensive → profanity, not discriminatory (whether it is aimed at someone is unknown: abusive masked);',
  'class 2 neither → no flag. Threat is never labelled here: masked except on "neither" rows.',
  'Retweet prefixes, @mentions and URLs are kept as written (they are in every class).',
].join(' ');

/** Davidson et al. 2017 tweets. */
export function loadDavidson(dataDir: string): Source {
  const rows = readCsv(join(dataDir, 'davidson2017', 'labeled_data.csv'));
  const examples: Example[] = rows.map((r) => {
    const cls = r.class;
    const labels: FlagLabels = cls === '0' ? { discriminatory: 1, abusive: 1 } : cls === '1' ? { profanity: 1, discriminatory: 0 } : { abusive: 0, threat: 0, discriminatory: 0, profanity: 0 };
    const text = r.tweet!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#\d+;/g, ' ');
    return { set: 'davidson', text, labels, split: publicSplit('davidson', text) };
  });
  return { name: 'davidson', examples, files: [{ path: 'davidson2017/labeled_data.csv', rows: rows.length }], base: 'data', mapping: DAVIDSON_MAPPING };
}
