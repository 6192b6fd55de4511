import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatLineErrors, parseJsonl } from '../../../src/cli/jsonl';
import { InboundMessage } from '../../../src/domain/message';
import type { Flag } from '../../../src/domain/taxonomy';
import { Expectation } from '../../../src/eval/metrics';
import { MODEL_FLAGS } from '../../../src/triage/local/model/model-file';
import type { Example, FlagLabels, Source, Split } from '../examples';
import { domainSplit } from '../split';

export const HELPERS_MAPPING = [
  'the other helpers\' labelled examples (test/fixtures/triage/*.jsonl, written as held-out sets for the rules):',
  '40% (seeded hash) is held out and reported, 20% validation, 40% training. Same label reading as ours.',
].join(' ');

export const Labelled = InboundMessage.extend({ expect: Expectation });

export const DOMAIN_MAPPING = [
  'our own school-domain messages (test/fixtures/training/*.jsonl, dev-set format): every model flag is known',
  '(listed in expect.flags or not), and so are the topic and urgency. 25% (seeded hash) is validation for',
  'calibration and thresholds; the rest trains. Defamatory and vexatious are labelled but have no model head.',
].join(' ');

/** Labelled messages from a JSONL file in the dev-set format; throws with every bad line named. */
export function readLabelledJsonl(path: string) {
  const { rows, errors } = parseJsonl(readFileSync(path, 'utf8'), Labelled);
  if (errors.length) throw new Error(formatLineErrors(path, errors));
  return rows.map((r) => r.value);
}

export function labelsOf(flags: readonly Flag[]): FlagLabels {
  return Object.fromEntries(MODEL_FLAGS.map((f) => [f, flags.includes(f) ? 1 : 0])) as FlagLabels;
}

/** Domain examples from every .jsonl file in `dir`, in file-name order, split by `splitOf`. */
export function loadDomain(root: string, dir: string, set = 'domain', splitOf: (text: string) => Split = domainSplit): Source {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const examples: Example[] = [];
  const seen = new Set<string>();
  const out: Source['files'] = [];
  for (const f of files) {
    const rows = readLabelledJsonl(join(dir, f));
    out.push({ path: relative(root, join(dir, f)), rows: rows.length });
    for (const r of rows) {
      if (seen.has(r.body) && set !== 'domain') continue; // the same message in two helpers' files: keep one
      if (seen.has(r.body)) throw new Error(`${join(dir, f)}: ${r.id} repeats an earlier message body; each example must be new`);
      seen.add(r.body);
      examples.push({ set, text: r.body, labels: labelsOf(r.expect.flags), allFlags: r.expect.flags, split: splitOf(r.body), topic: r.expect.topic, urgency: r.expect.urgency });
    }
  }
  return { name: set, examples, files: out, base: 'repo', mapping: set === 'domain' ? DOMAIN_MAPPING : HELPERS_MAPPING };
}
