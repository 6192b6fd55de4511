import { join } from 'node:path';
import { readCsv } from '../csv';
import type { Example, Source } from '../examples';
import { publicSplit } from '../split';

export const JIGSAW_MAPPING = [
  'insult → abusive; toxic without obscene → abusive (rude or disrespectful, Jigsaw\'s "toxic" definition);',
  'a toxic comment that is only obscene is not abusive (swearing need not be aimed); threat → threat;',
  'obscene → profanity; identity_hate → discriminatory. Rows of the test file scored -1 are skipped.',
].join(' ');

function row(text: string, r: Record<string, string>): Example {
  const v = (k: string) => (r[k] === '1' ? 1 : 0);
  const abusive = v('insult') || (v('toxic') && !v('obscene')) ? 1 : 0;
  return {
    set: 'jigsaw',
    text,
    labels: { abusive, threat: v('threat'), discriminatory: v('identity_hate'), profanity: v('obscene') },
    split: publicSplit('jigsaw', text),
  };
}

/** Jigsaw 2018 prefix subset: train.csv plus the scored rows of test.csv. */
export function loadJigsaw(dataDir: string): Source {
  const dir = join(dataDir, 'jigsaw-toxic-prefix');
  const train = readCsv(join(dir, 'train.csv'));
  const test = readCsv(join(dir, 'test.csv'));
  const labels = new Map(readCsv(join(dir, 'test_labels.csv')).map((r) => [r.id!, r]));
  const examples = train.map((r) => row(r.comment_text!, r));
  for (const r of test) {
    const l = labels.get(r.id!);
    if (!l || l.toxic === '-1') continue;
    examples.push(row(r.comment_text!, l));
  }
  return {
    name: 'jigsaw',
    examples,
    files: [
      { path: 'jigsaw-toxic-prefix/train.csv', rows: train.length },
      { path: 'jigsaw-toxic-prefix/test.csv', rows: test.length },
      { path: 'jigsaw-toxic-prefix/test_labels.csv', rows: labels.size },
    ],
    base: 'data',
    mapping: JIGSAW_MAPPING,
  };
}
