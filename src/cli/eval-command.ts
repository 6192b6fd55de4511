import { z } from 'zod';
import { InboundMessage } from '../domain/message';
import { Expectation, formatReport, type Scored, score } from '../eval/metrics';
import { type CliIo, readInput } from './io';
import { formatLineErrors, parseJsonl } from './jsonl';
import { formatModelUse, provenanceOf, summariseModelUse, type TriageProvenance } from '../triage/provenance';
import { replay } from './replay';
import { prepare } from './triage-command';

export const EVAL_HELP = `Usage: schoolgate eval [FILE] [--school FILE] [--classifier local|openai|both|school] [--json] [--no-misses]

Replays labelled JSONL messages (as for triage, plus "expect": {"flags","topic","urgency"}) and prints
per-flag precision, recall and F1, any-flag precision and recall, the false-flag rate, topic accuracy and
macro-F1, safeguarding recall, urgency accuracy, and every miss with what was expected and what was said.
FILE defaults to standard input.`;

const Labelled = InboundMessage.extend({ expect: Expectation });

export async function runEval(argv: string[], io: CliIo): Promise<number> {
  const p = await prepare(argv, io, { json: { type: 'boolean' }, 'no-misses': { type: 'boolean' } });
  if (p.code) {
    io.stderr(`${p.message}\n`);
    return p.code;
  }
  if (p.values.help) {
    io.stdout(`${EVAL_HELP}\n`);
    return 0;
  }
  const { text, source } = await readInput(p.positionals[0], io);
  const { rows, errors } = parseJsonl(text, Labelled);
  if (errors.length) {
    io.stderr(`${formatLineErrors(source, errors)}\nNothing was scored: fix the lines above and run again.\n`);
    return 1;
  }
  const scored: (Scored & { body: string })[] = [];
  const byId = new Map(rows.map((r) => [r.value.id, r.value] as const));
  // Issue #7: with a model in the cascade, say how many decisions fell back to the local classifier and why.
  const provenances: (TriageProvenance | null)[] = [];
  await replay(rows.map((r) => r.value), p.school, p.classifier, (r) => {
    const m = byId.get(r.id)!;
    scored.push({ id: r.id, expect: m.expect, said: { flags: r.flags, topic: r.topic, urgency: r.urgency }, body: m.body });
    provenances.push(provenanceOf(r));
  });
  const report = score(scored);
  const modelUse = summariseModelUse(provenances);
  if (p.values.json) {
    io.stdout(`${JSON.stringify({ ...report, misses: report.misses.map((m) => m.id), ...(modelUse.wanted ? { model: modelUse } : {}) }, null, 2)}\n`);
    return 0;
  }
  io.stdout(`${formatReport(report, { misses: !p.values['no-misses'] })}\n`);
  if (modelUse.wanted) io.stdout(`\n${formatModelUse(modelUse)}\n`);
  if (!p.values['no-misses'] && report.misses.length) {
    io.stdout('\nmissed messages:\n');
    for (const m of report.misses as (Scored & { body: string })[]) io.stdout(`  ${m.id}: ${z.string().parse(m.body).slice(0, 160)}\n`);
  }
  return 0;
}
