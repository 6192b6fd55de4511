/**
 * Scores detectConduct alone (no learned model, no history) against a labelled JSONL file: per-flag
 * precision and recall for the five word-based flags, the any-flag numbers, and every disagreement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchoolFile } from '../../../../src/config/load-school';
import { type ConductFinding, detectConduct } from '../../../../src/triage/local/conduct/index';

export const CONDUCT_FLAGS = ['abusive', 'threat', 'discriminatory', 'profanity', 'defamatory'] as const;
export type ConductFlag = (typeof CONDUCT_FLAGS)[number];

export interface Labelled {
  id: string;
  body: string;
  expect: { flags: string[] };
}

export interface FlagScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface ConductScore {
  perFlag: Record<ConductFlag, FlagScore>;
  anyFlag: FlagScore;
  /** Messages expecting none of the five flags that got one. */
  falseFlagRate: number;
  disagreements: { id: string; body: string; missed: string[]; extra: string[]; findings: ConductFinding[] }[];
}

const root = join(import.meta.dirname, '..', '..', '..', '..');

export function exampleStaffNames(): readonly string[] {
  const school = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
  if (!school.ok) throw school.error;
  return school.value.file.staff.flatMap((s) => [s.name, ...s.aliases]);
}

export function readLabelled(path: string): Labelled[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function scoreConduct(rows: readonly Labelled[], staffNames: readonly string[] = exampleStaffNames()): ConductScore {
  const counts = Object.fromEntries([...CONDUCT_FLAGS, 'any'].map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<ConductFlag | 'any', { tp: number; fp: number; fn: number }>;
  let civil = 0;
  let civilFlagged = 0;
  const disagreements: ConductScore['disagreements'] = [];
  const ctx = { staffNames };
  for (const row of rows) {
    const findings = detectConduct(row.body, ctx);
    const got = new Set<string>(findings.map((f) => f.flag));
    const want = new Set(row.expect.flags.filter((f): f is ConductFlag => (CONDUCT_FLAGS as readonly string[]).includes(f)));
    for (const f of CONDUCT_FLAGS) {
      if (got.has(f) && want.has(f)) counts[f].tp++;
      else if (got.has(f)) counts[f].fp++;
      else if (want.has(f)) counts[f].fn++;
    }
    if (got.size && want.size) counts.any.tp++;
    else if (got.size) counts.any.fp++;
    else if (want.size) counts.any.fn++;
    if (!want.size) {
      civil++;
      if (got.size) civilFlagged++;
    }
    const missed = [...want].filter((f) => !got.has(f));
    const extra = [...got].filter((f) => !want.has(f as ConductFlag));
    if (missed.length || extra.length) disagreements.push({ id: row.id, body: row.body, missed, extra, findings });
  }
  const score = (c: { tp: number; fp: number; fn: number }): FlagScore => ({ ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) });
  return {
    perFlag: Object.fromEntries(CONDUCT_FLAGS.map((f) => [f, score(counts[f])])) as Record<ConductFlag, FlagScore>,
    anyFlag: score(counts.any),
    falseFlagRate: ratio(civilFlagged, civil === 0 ? 1 : civil) * (civil === 0 ? 0 : 1),
    disagreements,
  };
}

export function formatScore(s: ConductScore): string {
  const line = (name: string, f: FlagScore) => `${name.padEnd(16)}${f.precision.toFixed(3).padStart(9)}${f.recall.toFixed(3).padStart(9)}   tp ${f.tp} fp ${f.fp} fn ${f.fn}`;
  const rows = CONDUCT_FLAGS.map((f) => line(f, s.perFlag[f]));
  const dis = s.disagreements.map((d) => {
    const why = d.findings.filter((f) => d.extra.includes(f.flag)).map((f) => `\n      ${f.flag}: ${f.note} [${f.evidence?.text}]`);
    return `  ${d.id} ${d.missed.length ? `MISSED ${d.missed.join(',')} ` : ''}${d.extra.length ? `EXTRA ${d.extra.join(',')} ` : ''}| ${d.body}${why.join('')}`;
  });
  return [`flag              precision  recall`, ...rows, line('any flag', s.anyFlag), `false-flag rate ${s.falseFlagRate.toFixed(3)}`, ...dis].join('\n');
}
