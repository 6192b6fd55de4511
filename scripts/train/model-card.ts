import { MODEL_FLAGS } from '../../src/triage/local/model/model-file';
import type { Report } from './evaluate';

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}`);
const num = (x: number, d = 3) => (Number.isNaN(x) ? '–' : x.toFixed(d));

/** docs/model-card.md, written by `npm run train` from the evaluation it just ran (do not edit by hand). */
export function writeModelCard(r: Report): string {
  const L: string[] = [];
  L.push('# Model card: Schoolgate conduct model');
  L.push('');
  L.push('<!-- Written by `npm run train` (scripts/train/model-card.ts). Edit the script, not this file. -->');
  L.push('');
  L.push(`Model \`${r.modelVersion}\`, data hash \`${r.dataHash.slice(0, 16)}\`, file \`models/conduct-model.json.gz\` (${(r.modelBytes / 1024).toFixed(0)} KiB).`);
  L.push('');
  L.push('## What it is');
  L.push('');
  L.push('A linear model over hashed character 3–5-grams, word 1–2-grams and the message\'s length in words (2^18');
  L.push('buckets, text normalised to undo leetspeak, masking, repeated and spaced-out letters), trained in TypeScript with');
  L.push('AdaGrad logistic regression on Naive-Bayes-scaled features (NBSVM): one head per flag it scores (abusive, threat,');
  L.push('discriminatory, profanity; labels a source does not give are masked; each source\'s labels half-way class-balanced),');
  L.push('Platt-calibrated on validation rows, weights quantised to int8. A softmax topic head and an urgency');
  L.push('head are trained on our domain examples only. Defamatory and vexatious are left to the rules (they need');
  L.push('policy context and the sender\'s history). The local classifier uses the model beside its rules: the rules');
  L.push('keep quoting, negation and reported speech out; the model catches abuse the rules have no pattern for.');
  L.push('');
  L.push(`Load ${r.loadMs.toFixed(0)} ms (read, gunzip, validate, decode; measured in the training run). Scoring the four flags`);
  L.push(`costs ${r.usPerMessage.toFixed(1)} µs per dev-set message on one core (${r.usPerMessageWithTopic.toFixed(1)} µs with topic and urgency).`);
  L.push('');
  L.push('## Data and how each set maps to our flags');
  L.push('');
  L.push('| set | rows | train | validation | held out | mapping |');
  L.push('|---|---|---|---|---|---|');
  for (const s of r.sources) L.push(`| ${s.name} | ${s.rows} | ${s.train} | ${s.val} | ${s.test} | ${s.mapping} |`);
  L.push('');
  L.push('Held-out rows are chosen by a seeded hash of the text (20% per public set; toxic-spans uses the SemEval-2021');
  L.push('test texts) and are never trained on, calibrated on or tuned on. Validation rows calibrate the probabilities.');
  L.push('The dev set (`../shared/devset`) is never trained on; of the other helpers\' example files only the 60% outside');
  L.push('their held-out 40% is used (40% training, 20% validation).');
  L.push('');
  L.push(`Thresholds (calibrated probability at which the model alone flags): ${MODEL_FLAGS.map((f) => `${f} ${num(r.thresholds[f], 2)}`).join(', ')}.`);
  L.push('They are chosen on rows the scoring model never trained on: the validation rows, and the training rows scored by');
  L.push('cross-fitting (the training rows cut in three by a seeded hash; a model trained on two parts, calibrated on the');
  L.push('validation rows, scores the third). Abusive, threat and discriminatory are chosen together (a message counts as');
  L.push('abuse when any fires): the most recall for the worst public set whose abuse false-positive rate stays under 5% on');
  L.push('every public set, flagging at most 3% of civil school messages, with threat and discriminatory each flagging at');
  L.push('most 1% of any set\'s rows known not to carry them. One model, one set of thresholds for every set. On those rows:');
  L.push('');
  L.push('| set | abuse recall | abuse FPR | abusive / non-abusive rows |');
  L.push('|---|---|---|---|');
  for (const t of r.tuning.sets) L.push(`| ${t.set} | ${pct(t.recall)} | ${pct(t.fpr)} | ${t.positives} / ${t.negatives} |`);
  L.push(`| civil school messages | | ${pct(r.tuning.civilFlagged)} | 0 / ${r.tuning.civil} |`);
  L.push('');
  L.push('The local classifier adds a model flag only at the higher `ADD_THRESHOLDS` of `src/triage/local/model/assist.ts`.');
  L.push('');
  L.push('## Held-out public data (model alone)');
  L.push('');
  L.push('Target: abuse recall at least 80% with a false-positive rate under 5% on each set.');
  L.push('Per flag: precision / recall / F1 over rows whose label for that flag is known; FPR = share of non-abusive');
  L.push('rows (known not to carry the flag and no abuse label) that the model flagged. "Abuse" = any of abusive, threat,');
  L.push('discriminatory; rows whose abuse is unknown (e.g. Davidson "offensive") are left out of it. All in %.');
  L.push('');
  L.push(`| set | rows | abuse recall | abuse FPR | abuse precision | AUC | best recall at FPR < 5% | ${MODEL_FLAGS.map((f) => `${f} P / R / F1 / FPR (n+)`).join(' | ')} |`);
  L.push(`|---|---|---|---|---|---|---|${MODEL_FLAGS.map(() => '---').join('|')}|`);
  for (const h of r.heldOut) {
    const cells = MODEL_FLAGS.map((f) => {
      const m = h.flags[f];
      return m.known ? `${pct(m.precision)} / ${pct(m.recall)} / ${pct(m.f1)} / ${pct(m.fpr)} (${m.positives})` : 'not labelled';
    });
    L.push(`| ${h.set} | ${h.rows} | ${pct(h.abuse.recall)} (${h.abuse.positives}) | ${pct(h.abuse.fpr)} | ${pct(h.abuse.precision)} | ${num(h.roc.auc)} | ${pct(h.roc.recallAtFpr5)} | ${cells.join(' | ')} |`);
  }
  L.push('');
  L.push('AUC and best recall at FPR < 5%: the ROC of one abuse score per message, the largest of logit(p) − logit(threshold)');
  L.push('over the three abuse heads (0 is the model\'s decision); "best recall" is what the best single cut-off for that');
  L.push('set alone would reach, so it shows whether a point with recall ≥ 80% and FPR < 5% exists for the set at all.');
  L.push('');
  L.push(`Evidence spans: character-level F1 on the SemEval-2021 toxic-spans test posts (${r.spans.posts}), the words that`);
  L.push(`drove the most likely flag: **${num(r.spans.f1)}** (word-share threshold ${r.spanThreshold}, tuned on the trial posts).`);
  L.push('');
  L.push('## School messages (model alone, no rules)');
  L.push('');
  L.push('Flags the model scores only; expected defamatory/vexatious are ignored. False-flag rate = messages expected');
  L.push('to carry no flag at all that the model flagged. Topic and urgency from the topic head.');
  L.push('');
  L.push(`| messages | rows | abuse recall | abuse precision | false-flag rate | ${MODEL_FLAGS.map((f) => `${f} P / R (n+)`).join(' | ')} | topic acc. | urgency acc. |`);
  L.push(`|---|---|---|---|---|${MODEL_FLAGS.map(() => '---').join('|')}|---|---|`);
  for (const m of r.messageSets) {
    const cells = MODEL_FLAGS.map((f) => `${pct(m.flags[f].precision)} / ${pct(m.flags[f].recall)} (${m.flags[f].positives})`);
    L.push(`| ${m.name} | ${m.rows} | ${pct(m.abuse.recall)} (${m.abuse.positives}) | ${pct(m.abuse.precision)} | ${pct(m.falseFlagRate)} (${m.unflagged}) | ${cells.join(' | ')} | ${pct(m.topicAccuracy)} | ${pct(m.urgencyAccuracy)} |`);
  }
  L.push('');
  L.push('## The local classifier: conduct rules alone vs rules with the model beside them');
  L.push('');
  L.push('Conduct flags only (vexatious needs the sender\'s history and is left out). The model adds abusive, threat or');
  L.push('discriminatory when no rule matched and it is confident, unless its evidence is quoted, reported or negated;');
  L.push('it never removes a rule\'s flag. Any-flag precision / recall, false-flag rate on messages expecting no flag, then');
  L.push('per flag: found / expected (false flags). The rules in this table are the ones in the repository when the card');
  L.push('was written.');
  L.push('');
  L.push('| messages | rows | mode | any-flag P | any-flag R | false-flag rate | abusive | threat | discriminatory | profanity | defamatory | model additions right / wrong |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of r.combined) {
    for (const m of c.modes) {
      const cell = (f: string) => `${m.perFlag[f]!.tp}/${m.perFlag[f]!.tp + m.perFlag[f]!.fn} (${m.perFlag[f]!.fp})`;
      const adds = m.mode === 'rules' ? '' : `${c.added.filter((a) => a.right).length} / ${c.added.filter((a) => !a.right).length}`;
      L.push(`| ${c.name} | ${c.rows} | ${m.mode} | ${pct(m.precision)} | ${pct(m.recall)} | ${pct(m.falseFlagRate)} (${c.civil}) | ${cell('abusive')} | ${cell('threat')} | ${cell('discriminatory')} | ${cell('profanity')} | ${cell('defamatory')} | ${adds} |`);
    }
  }
  L.push('');
  L.push('## The local classifier on held-out public data');
  L.push('');
  L.push('The same held-out public rows as above, decided as triage decides them: the conduct rules alone, then the rules');
  L.push('with the model beside them. The model adds a flag only above its assist thresholds, which are tuned so that civil');
  L.push('school messages are not flagged, and never on quoted, reported or negated words; so on public comments the shipped');
  L.push('combination finds less abuse than the model alone with its own thresholds (the first table). Abuse recall / FPR in %.');
  L.push('');
  L.push('| set | abusive rows | non-abusive rows | rules: recall / FPR | rules + model: recall / FPR |');
  L.push('|---|---|---|---|---|');
  for (const c of r.publicCombined) {
    const cell = (m: (typeof c.modes)[number]) => `${pct(m.recall)} / ${pct(m.fpr)}`;
    L.push(`| ${c.set} | ${c.positives} | ${c.negatives} | ${cell(c.modes[0]!)} | ${cell(c.modes[1]!)} |`);
  }
  L.push('');
  L.push('The whole triage (topic, urgency, vexatious too) is measured with `npx schoolgate eval`; see the README.');
  L.push('');
  L.push('## Reproduce');
  L.push('');
  L.push('```sh');
  L.push('npm run train             # rebuilds models/conduct-model.json.gz and this card (../shared/data beside the repo)');
  L.push('npm run train -- --check  # fails if the committed model is not what the script builds');
  L.push('```');
  L.push('');
  return `${L.join('\n')}\n`;
}

/** The held-out summary the README carries between its model-card markers (written by `npm run train`). */
export function heldOutSummary(r: Report): string {
  const L: string[] = [];
  L.push(`Model \`${r.modelVersion}\` alone, one set of thresholds, on held-out public data (never trained on or tuned on; all in %;`);
  L.push('target: abuse recall ≥ 80 with FPR < 5 on each set; toxic-spans has no non-abusive rows). Written by `npm run train`');
  L.push('from the same run as [docs/model-card.md](docs/model-card.md), which has the per-flag figures and the mappings.');
  L.push('');
  L.push('| set | rows | abuse recall | abuse FPR | AUC | best recall at FPR < 5% | tuning rows: recall / FPR |');
  L.push('|---|---|---|---|---|---|---|');
  for (const h of r.heldOut) {
    const t = r.tuning.sets.find((x) => x.set === h.set);
    L.push(`| ${h.set} | ${h.rows} | ${pct(h.abuse.recall)} | ${pct(h.abuse.fpr)} | ${num(h.roc.auc)} | ${pct(h.roc.recallAtFpr5)} | ${t ? `${pct(t.recall)} / ${pct(t.fpr)}` : '–'} |`);
  }
  L.push('');
  L.push(`Evidence-span F1 on the toxic-spans test posts: ${num(r.spans.f1)}. Load ${r.loadMs.toFixed(0)} ms; ${r.usPerMessage.toFixed(1)} µs per message for the four flags.`);
  return L.join('\n');
}

export const README_START = '<!-- held-out:start (written by npm run train) -->';
export const README_END = '<!-- held-out:end -->';

/** README.md with the block between the markers replaced by the summary; unchanged when the markers are missing. */
export function withHeldOutSummary(readme: string, r: Report): string {
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) return readme;
  return `${readme.slice(0, a + README_START.length)}\n${heldOutSummary(r)}\n${readme.slice(b)}`;
}
