import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_ROUTING, type Role, type Topic } from '../domain/taxonomy';
import { err, ok, type Result, SchoolgateError } from '../errors';
import { type ManagedContact, type Parent, SchoolFile, type StaffMember } from './school-schema';

/** A school file that passed validation, with the look-ups routing and triage need. Frozen. */
export interface School {
  readonly file: SchoolFile;
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  readonly routing: Readonly<Record<Exclude<Topic, 'none'>, Role>>;
  readonly staffById: ReadonlyMap<string, StaffMember>;
  /** Staff holding each role, in school-file order (the first is the default assignee). */
  readonly staffByRole: ReadonlyMap<Role, readonly StaffMember[]>;
  /** Class name (lower-cased) → its class teachers. */
  readonly teachersByClass: ReadonlyMap<string, readonly StaffMember[]>;
  /** A phone number or Teams id → the parent it belongs to. */
  readonly parentByAddress: ReadonlyMap<string, Parent>;
  readonly parentById: ReadonlyMap<string, Parent>;
  readonly managedContactByParent: ReadonlyMap<string, ManagedContact>;
}

export interface ConfigProblem {
  /** Dotted path of the bad field, e.g. `staff[2].roles[0]`. */
  path: string;
  message: string;
  /** 1-based line in the file, when the YAML parser can tell. */
  line?: number;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

/** Turn zod issues into one line each, with a hint on how to fix them. */
export function zodProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((i) => {
    let message = i.message;
    if (i.code === 'unrecognized_keys') {
      message = `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}: check the spelling, or remove ${i.keys.length > 1 ? 'them' : 'it'}`;
    } else if (i.code === 'invalid_value' && 'values' in i) {
      message = `must be one of: ${(i.values as unknown[]).join(', ')}`;
    } else if (i.code === 'invalid_type' && /received undefined/.test(i.message)) {
      message = `is required (${i.expected})`;
    }
    return { path: formatPath(i.path), message };
  });
}

/** Checks that need the whole file: ids unique, references resolve, every routed role is held by someone. */
export function checkSchoolReferences(file: SchoolFile): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const staffIds = new Map<string, number>();
  file.staff.forEach((s, i) => {
    if (staffIds.has(s.id))
      problems.push({ path: `staff[${i}].id`, message: `"${s.id}" is used twice (also staff[${staffIds.get(s.id)}]): give each person their own id` });
    staffIds.set(s.id, i);
  });
  const roles = new Set(file.staff.flatMap((s) => s.roles));
  const classes = new Set(file.staff.flatMap((s) => (s.roles.includes('class_teacher') ? s.classes : [])).map((c) => c.toLowerCase()));
  const routing = { ...DEFAULT_ROUTING, ...file.routing };
  for (const [topic, role] of Object.entries(routing)) {
    if (!roles.has(role)) {
      const where = topic in file.routing ? `routing.${topic}` : `routing.${topic} (default)`;
      problems.push({ path: where, message: `routes to role "${role}" but no one in staff has it: add the role to someone, or route ${topic} to another role` });
    }
  }
  for (const needed of ['dsl', 'office'] as const) {
    if (!roles.has(needed)) problems.push({ path: 'staff', message: `no one has the role "${needed}": it is required (${needed === 'dsl' ? 'safeguarding concerns go to the DSL' : 'unknown senders go to the office'})` });
  }
  if (!roles.has('senior_reviewer') && !roles.has('head_teacher'))
    problems.push({ path: 'staff', message: 'no one has the role "senior_reviewer" or "head_teacher": flagged messages need a reviewer' });
  const parentIds = new Map<string, number>();
  const addresses = new Map<string, string>();
  file.parents.forEach((p, i) => {
    if (parentIds.has(p.id)) problems.push({ path: `parents[${i}].id`, message: `"${p.id}" is used twice: give each parent their own id` });
    parentIds.set(p.id, i);
    for (const a of [...p.phones, ...p.teams_ids]) {
      const other = addresses.get(a);
      if (other && other !== p.id)
        problems.push({ path: `parents[${i}]`, message: `${a} also belongs to parent "${other}": one number or Teams id identifies one parent` });
      addresses.set(a, p.id);
    }
    p.children.forEach((c, j) => {
      if (classes.size && !classes.has(c.class.toLowerCase()))
        problems.push({ path: `parents[${i}].children[${j}].class`, message: `class "${c.class}" has no class teacher in staff: check the spelling or add the class to a teacher's classes` });
    });
  });
  file.managed_contacts.forEach((m, i) => {
    if (!parentIds.has(m.parent)) problems.push({ path: `managed_contacts[${i}].parent`, message: `no parent has id "${m.parent}"` });
    if (!staffIds.has(m.designated_contact))
      problems.push({ path: `managed_contacts[${i}].designated_contact`, message: `no staff member has id "${m.designated_contact}"` });
  });
  return problems;
}

/** Build the frozen look-ups from a valid file. */
export function buildSchool(file: SchoolFile): School {
  const staffById = new Map(file.staff.map((s) => [s.id, s]));
  const staffByRole = new Map<Role, StaffMember[]>();
  const teachersByClass = new Map<string, StaffMember[]>();
  for (const s of file.staff) {
    for (const r of s.roles) staffByRole.set(r, [...(staffByRole.get(r) ?? []), s]);
    if (s.roles.includes('class_teacher'))
      for (const c of s.classes) teachersByClass.set(c.toLowerCase(), [...(teachersByClass.get(c.toLowerCase()) ?? []), s]);
  }
  const parentByAddress = new Map<string, Parent>();
  for (const p of file.parents) for (const a of [...p.phones, ...p.teams_ids]) parentByAddress.set(a, p);
  return Object.freeze({
    file: deepFreeze(file),
    id: file.school.id,
    name: file.school.name,
    timezone: file.school.timezone,
    routing: Object.freeze({ ...DEFAULT_ROUTING, ...file.routing }),
    staffById,
    staffByRole,
    teachersByClass,
    parentByAddress,
    parentById: new Map(file.parents.map((p) => [p.id, p])),
    managedContactByParent: new Map(file.managed_contacts.map((m) => [m.parent, m])),
  });
}

/** Validate an already-parsed school document. Every problem is reported at once. */
export function parseSchool(doc: unknown): Result<School, ConfigProblem[]> {
  const parsed = SchoolFile.safeParse(doc);
  if (!parsed.success) return err(zodProblems(parsed.error));
  const refs = checkSchoolReferences(parsed.data);
  if (refs.length) return err(refs);
  return ok(buildSchool(parsed.data));
}

/** Read, parse and validate a school file; the error lists every problem with its path, line and fix. */
export function loadSchoolFile(path: string): Result<School, SchoolgateError> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return err(
      new SchoolgateError('CONFIG_INVALID', `Cannot read the school file ${path}: ${(e as Error).message}. Set SCHOOLGATE_SCHOOL_FILE to the path of your school's YAML file.`),
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => ({ path: '(YAML)', message: e.message.split('\n')[0] ?? e.message, line: e.linePos?.[0]?.line }));
    return err(configError(path, problems));
  }
  const result = parseSchool(doc.toJS());
  if (result.ok) return result;
  // Point each problem at its line in the file where the YAML node can be found.
  for (const p of result.error) {
    const node = doc.getIn(pathToKeys(p.path), true) as { range?: [number, number, number] } | undefined;
    const at = node?.range?.[0];
    if (typeof at === 'number') p.line = lines.linePos(at).line;
  }
  return err(configError(path, result.error));
}

function pathToKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[1] !== undefined && !m[1].includes(' ')) keys.push(m[1]);
  }
  return keys;
}

export function configError(source: string, problems: ConfigProblem[]): SchoolgateError {
  const lines = problems.map((p) => `  - ${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`);
  return new SchoolgateError(
    'CONFIG_INVALID',
    `${source} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${lines.join('\n')}`,
    problems,
  );
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
