import { join } from 'node:path';
import { readCsv } from '../csv';
import type { Example, FlagLabels, Source, Split } from '../examples';
import type { ModelFlag } from '../../../src/triage/local/model/model-file';

export const TOXIC_SPANS_MAPPING = [
  'labels from the ACL 2022 raw annotations: a comment has a type when at least half of its annotators marked a span',
  'of that type. Insult → abusive, Threat → threat, Identity based Attack → discriminatory, Profane/Obscene →',
  'profanity ("Other Toxicity" is not used). A type no annotator marked is 0 only when the comment has some majority',
  'type (the annotators were looking and found this one absent); otherwise it is masked. Abusive is never 0: every',
  'comment was picked as toxic, and unmarked ones are often still rude, so this set has no non-abusive rows. Split: the SemEval-2021 test texts are held out (with their gold spans for the',
  'evidence-span F1), the SemEval trial texts are validation, everything else trains.',
].join(' ');

const TYPES: Record<string, ModelFlag> = {
  Insult: 'abusive',
  Threat: 'threat',
  'Identity based Attack': 'discriminatory',
  'Profane/Obscene': 'profanity',
};

/** SemEval "spans" cells are JSON lists of character offsets. */
function parseSpans(cell: string): number[] {
  const v = JSON.parse(cell) as unknown;
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

export function loadToxicSpans(dataDir: string): Source {
  const dir = join(dataDir, 'toxic-spans');
  const comments = readCsv(join(dir, 'acl2022-raw', 'comments.csv'));
  const annotations = readCsv(join(dir, 'acl2022-raw', 'annotations.csv'));
  const spans = readCsv(join(dir, 'acl2022-raw', 'spans.csv'));
  const semTest = readCsv(join(dir, 'semeval2021', 'tsd_test.csv'));
  const semTrial = readCsv(join(dir, 'semeval2021', 'tsd_trial.csv'));

  const commentOf = new Map(annotations.map((a) => [a.annotation!, a.comment_id!]));
  const raters = new Map<string, number>();
  for (const a of annotations) raters.set(a.comment_id!, (raters.get(a.comment_id!) ?? 0) + 1);
  // comment → flag → annotations that marked it
  const marked = new Map<string, Map<ModelFlag, Set<string>>>();
  for (const s of spans) {
    const flag = TYPES[s.type!];
    const c = commentOf.get(s.annotation!);
    if (!flag || !c) continue;
    const m = marked.get(c) ?? new Map<ModelFlag, Set<string>>();
    marked.set(c, m);
    const set = m.get(flag) ?? new Set<string>();
    m.set(flag, set);
    set.add(s.annotation!);
  }

  const testSpans = new Map(semTest.map((r) => [r.text!, parseSpans(r.spans!)]));
  const trialSpans = new Map(semTrial.map((r) => [r.text!, parseSpans(r.spans!)]));
  const seen = new Set<string>();
  const examples: Example[] = [];
  for (const c of comments) {
    const text = c.comment_text!;
    if (seen.has(text)) continue; // a few comments repeat; keep the first so one text has one label
    seen.add(text);
    const n = raters.get(c.comment_id!) ?? 0;
    if (n === 0) continue;
    const m = marked.get(c.comment_id!) ?? new Map<ModelFlag, Set<string>>();
    const labels: FlagLabels = {};
    let anyMajority = false;
    for (const flag of Object.values(TYPES)) {
      if ((m.get(flag)?.size ?? 0) * 2 >= n) {
        labels[flag] = 1;
        anyMajority = true;
      }
    }
    // Every comment of this set was picked as toxic, so "no insult marked" does not make it civil: abusive
    // is never 0 here; the other types are 0 only when the annotators marked some other type by majority.
    if (anyMajority) for (const flag of Object.values(TYPES)) if (flag !== 'abusive' && labels[flag] === undefined && !m.has(flag)) labels[flag] = 0;
    const split: Split = testSpans.has(text) ? 'test' : trialSpans.has(text) ? 'val' : 'train';
    const goldSpans = testSpans.get(text) ?? trialSpans.get(text);
    examples.push({ set: 'toxic-spans', text, labels, split, ...(goldSpans ? { goldSpans } : {}) });
  }
  return {
    name: 'toxic-spans',
    examples,
    files: [
      { path: 'toxic-spans/acl2022-raw/comments.csv', rows: comments.length },
      { path: 'toxic-spans/acl2022-raw/annotations.csv', rows: annotations.length },
      { path: 'toxic-spans/acl2022-raw/spans.csv', rows: spans.length },
      { path: 'toxic-spans/semeval2021/tsd_test.csv', rows: semTest.length },
      { path: 'toxic-spans/semeval2021/tsd_trial.csv', rows: semTrial.length },
    ],
    base: 'data',
    mapping: TOXIC_SPANS_MAPPING,
  };
}
