import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { School } from '../config/load-school';
import { err, ok, type Result } from '../errors';

/**
 * The contacts CSV a school exports from its management information system (SIMS, Arbor, Bromcom...): one row
 * per contact and child, so a parent of two children has two rows. Headers are matched loosely (case, spaces and
 * punctuation ignored) against the names below, because every MIS spells them a little differently.
 */
export const CONTACT_COLUMNS = {
  contact_id: { required: true, aliases: ['contactid', 'contactref', 'misid', 'parentid', 'id'], help: "the MIS's id for the contact (kept, so a re-import updates rather than duplicates)" },
  contact_name: { required: true, aliases: ['contactname', 'contact', 'parentname', 'name', 'fullname'], help: 'the name staff know the parent by' },
  mobile: { required: false, aliases: ['mobile', 'mobilephone', 'mobilenumber', 'phone', 'telephone', 'tel'], help: 'a UK mobile (07700 900123) or an international number (+447700900123)' },
  teams_id: { required: false, aliases: ['teamsid', 'teamsuserid', 'aadobjectid'], help: "the parent's Microsoft Teams user id, if they message the school in Teams" },
  child_name: { required: true, aliases: ['childname', 'child', 'pupil', 'pupilname', 'student', 'studentname', 'learner'], help: "the child's name" },
  class: { required: true, aliases: ['class', 'classname', 'reggroup', 'registrationgroup', 'form', 'tutorgroup'], help: 'the class as the school file spells it (e.g. Rowan)' },
} as const;
type Column = keyof typeof CONTACT_COLUMNS;

export const ImportedParent = z.object({
  externalId: z.string().min(1),
  name: z.string().min(1),
  phones: z.array(z.string()),
  teamsIds: z.array(z.string()),
  children: z.array(z.object({ name: z.string().min(1), className: z.string().min(1) })),
});
export type ImportedParent = z.infer<typeof ImportedParent>;

export interface CsvProblem {
  /** 1-based line in the file (the header is line 1); absent for a problem with the whole file. */
  line?: number;
  column?: string;
  message: string;
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Normalise a UK or international number to E.164, or null when it is not a phone number. */
export function normalisePhone(raw: string): string | null {
  let s = raw.trim().replace(/\(0\)/g, '').replace(/[\s().-]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (/^0\d{10}$/.test(s)) s = `+44${s.slice(1)}`;
  else if (/^44\d{10}$/.test(s)) s = `+${s}`;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : null;
}

export function formatCsvProblems(source: string, problems: readonly CsvProblem[]): string {
  const lines = problems.map((p) => `  - ${p.line ? `line ${p.line}` : 'file'}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
  return `${source} has ${problems.length} problem(s); nothing was imported:\n${lines.join('\n')}`;
}

/**
 * Parse and check the whole file before anything is written: every problem is reported at once, with its line.
 * Classes must exist in the school file (or routing could not find the class teacher).
 */
export function parseContactsCsv(text: string, school: School): Result<ImportedParent[], CsvProblem[]> {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return err([{ line, message: `not a readable CSV file: ${(e as Error).message}` }]);
  }
  const [header, ...body] = rows;
  if (!header) return err([{ message: 'the file is empty: export the contacts with a header row' }]);

  const index = new Map<Column, number>();
  header.forEach((h, i) => {
    const key = squash(h);
    for (const [col, spec] of Object.entries(CONTACT_COLUMNS) as [Column, (typeof CONTACT_COLUMNS)[Column]][])
      if (!index.has(col) && (squash(col) === key || (spec.aliases as readonly string[]).includes(key))) index.set(col, i);
  });
  const missing = (Object.keys(CONTACT_COLUMNS) as Column[]).filter((c) => CONTACT_COLUMNS[c].required && !index.has(c));
  if (!index.has('mobile') && !index.has('teams_id')) missing.push('mobile');
  if (missing.length)
    return err(missing.map((c) => ({ line: 1, column: c, message: `no column for ${c} (${CONTACT_COLUMNS[c].help}); the header row has: ${header.join(', ')}` })));

  const classes = new Set(school.teachersByClass.keys());
  const problems: CsvProblem[] = [];
  const byId = new Map<string, ImportedParent & { line: number }>();
  const ownerOfAddress = new Map<string, string>();
  body.forEach((row, i) => {
    const line = i + 2;
    const cell = (c: Column) => (index.has(c) ? (row[index.get(c)!] ?? '').trim() : '');
    const id = cell('contact_id');
    const name = cell('contact_name');
    const child = cell('child_name');
    const cls = cell('class');
    const rawPhone = cell('mobile');
    const teams = cell('teams_id');
    const before = problems.length;
    for (const [col, v] of [['contact_id', id], ['contact_name', name], ['child_name', child], ['class', cls]] as const)
      if (!v) problems.push({ line, column: col, message: `is empty: give ${CONTACT_COLUMNS[col].help}` });
    const phone = rawPhone ? normalisePhone(rawPhone) : null;
    if (rawPhone && !phone) problems.push({ line, column: 'mobile', message: `"${rawPhone}" is not a phone number: use 07700 900123 or +447700900123` });
    if (!rawPhone && !teams) problems.push({ line, column: 'mobile', message: 'give a mobile number or a Teams id, or Schoolgate cannot recognise this parent' });
    if (cls && classes.size && !classes.has(cls.toLowerCase()))
      problems.push({ line, column: 'class', message: `class "${cls}" has no class teacher in the school file: check the spelling or add the class to a teacher's classes` });
    if (id && school.parentById.has(id))
      problems.push({ line, column: 'contact_id', message: `"${id}" is a parent id in the school file: the file already defines this parent (remove them from one of the two)` });
    if (problems.length > before) return;

    for (const address of [phone, teams].filter((a): a is string => !!a)) {
      const fileParent = school.parentByAddress.get(address);
      if (fileParent) problems.push({ line, message: `${address} belongs to ${fileParent.name} in the school file: one address can reach only one parent` });
      const owner = ownerOfAddress.get(address);
      if (owner && owner !== id) problems.push({ line, message: `${address} is also given for contact ${owner}: one address can reach only one parent` });
      ownerOfAddress.set(address, id);
    }
    const p = byId.get(id) ?? { externalId: id, name, phones: [], teamsIds: [], children: [], line };
    if (p.name !== name) problems.push({ line, column: 'contact_name', message: `contact ${id} is "${p.name}" on line ${p.line} but "${name}" here` });
    if (phone && !p.phones.includes(phone)) p.phones.push(phone);
    if (teams && !p.teamsIds.includes(teams)) p.teamsIds.push(teams);
    if (!p.children.some((c) => c.name === child && c.className === cls)) p.children.push({ name: child, className: cls });
    byId.set(id, p);
  });
  if (problems.length) return err(problems);
  if (!byId.size) return err([{ message: 'the file has a header row but no contacts' }]);
  return ok([...byId.values()].map(({ line: _line, ...p }) => p));
}
