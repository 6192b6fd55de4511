import { join } from 'node:path';
import { readCsv } from '../csv';
import type { Example, FlagLabels, Source } from '../examples';
import { publicSplit } from '../split';

export const JIGSAW_MAPPING = [
  'insult → abusive (a comment that insults someone is what our abusive flag means: rude or disrespectful to a person);',
  'a comment marked toxic or severe_toxic but not insult is unknown for abusive (masked: Jigsaw\'s "toxic" also covers',
  'comments that are only heated, unreasonable or sweary, not aimed at anyone, so it is neither a positive nor a',
  'non-abusive row); threat → threat; obscene → profanity; identity_hate → discriminatory; a comment with no label',
  'at all is no flag. Rows of the test file scored -1 are skipped.',
].join(' ');

function row(text: string, r: Record<string, string>): Example {
  const v = (k: string) => (r[k] === '1' ? 1 : 0);
  const labels: FlagLabels = { threat: v('threat'), discriminatory: v('identity_hate'), profanity: v('obscene') };
  // Toxic without an insult: rude in some way, but whether at someone the labels do not say. Masked, not 0.
  if (v('insult')) labels.abusive = 1;
  else if (!v('toxic') && !v('severe_toxic')) labels.abusive = 0;
  return {
    set: 'jigsaw',
    text,
    labels,
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
