import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { loadSchoolFile } from '../config/load-school';
import { InboundMessage } from '../domain/message';
import { buildClassifier } from '../main/classifiers';
import { type CliIo, readInput } from './io';
import { formatLineErrors, parseJsonl } from './jsonl';
import { replay } from './replay';

export const TRIAGE_HELP = `Usage: schoolgate triage [FILE] [--school FILE] [--classifier local]

Reads JSONL messages (id, from, receivedAt, channel, body; other fields ignored) from FILE or standard
input, and writes one JSONL line per message, in the same order:
  {"id","flags":[...],"topic","urgency","route":{"role","staffId"}|null,"reasons":[...]}
Messages are replayed in the order given, keeping each sender's history. No database is needed.`;

/** Shared by triage and eval: options, env, school and classifier. Returns an exit code on failure. */
export async function prepare(argv: string[], io: CliIo, extra: Record<string, { type: 'string' | 'boolean' }> = {}) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { school: { type: 'string' }, classifier: { type: 'string', default: 'local' }, help: { type: 'boolean', short: 'h' }, ...extra },
  });
  const env = parseEnv(io.env);
  if (!env.ok) return { code: 2, message: env.error.message } as const;
  const schoolPath = (values.school as string | undefined) ?? env.value.schoolFiles[0]!;
  const school = loadSchoolFile(schoolPath);
  if (!school.ok) return { code: 2, message: school.error.message } as const;
  const classifier = buildClassifier(String(values.classifier), env.value);
  const opts = values as Record<string, string | boolean | undefined>;
  return { code: 0, values: opts, positionals, env: env.value, school: school.value, classifier } as const;
}

export async function runTriage(argv: string[], io: CliIo): Promise<number> {
  const p = await prepare(argv, io);
  if (p.code) {
    io.stderr(`${p.message}\n`);
    return p.code;
  }
  if (p.values.help) {
    io.stdout(`${TRIAGE_HELP}\n`);
    return 0;
  }
  const { text, source } = await readInput(p.positionals[0], io);
  const { rows, errors } = parseJsonl(text, InboundMessage);
  if (errors.length) {
    io.stderr(`${formatLineErrors(source, errors)}\nNo output was written: fix the lines above and run again.\n`);
    return 1;
  }
  await replay(rows.map((r) => r.value), p.school, p.classifier, (r) => {
    io.stdout(`${JSON.stringify({ id: r.id, flags: r.flags, topic: r.topic, urgency: r.urgency, route: r.route, reasons: r.reasons })}\n`);
  });
  return 0;
}
