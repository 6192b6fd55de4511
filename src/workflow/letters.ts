import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FLAG_CLAUSES, type Flag, orderFlags } from '../domain/taxonomy';
import { err, ok, type Result, SchoolgateError } from '../errors';

/**
 * Letters to a parent after a confirmed breach (§4): plain markdown templates in templates/ with
 * `{{placeholder}}` fields. The renderer is deliberately tiny (no logic, no HTML escaping: these are
 * letters, not web pages); what it guarantees is that a template only uses known fields, that the fields a
 * letter cannot do without are present, and that no field is left unfilled.
 */

export const LETTER_KINDS = ['warning_letter', 'meeting'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

const FILES: Record<LetterKind, string> = { warning_letter: 'warning-letter.md', meeting: 'meeting-invitation.md' };
const COMMON = ['school_name', 'date', 'parent_name', 'message_date', 'clauses', 'signatory'] as const;
const FIELDS: Record<LetterKind, readonly string[]> = {
  warning_letter: COMMON,
  meeting: [...COMMON, 'meeting_with', 'meeting_time'],
};
/** A letter that does not name the clauses, the parent, the date and the school is not the letter §4 means. */
const REQUIRED: Record<LetterKind, readonly string[]> = {
  warning_letter: ['clauses', 'parent_name', 'date', 'school_name'],
  meeting: ['clauses', 'parent_name', 'date', 'school_name', 'meeting_with'],
};

export const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
export const placeholdersOf = (template: string): string[] => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];

/** Fill every `{{field}}`; a field without a value is an error, never an empty gap in a letter. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): Result<string> {
  const missing = placeholdersOf(template).filter((p) => values[p] === undefined);
  if (missing.length)
    return err(new SchoolgateError('INPUT_INVALID', `The letter needs a value for ${missing.map((m) => `{{${m}}}`).join(', ')}.`, { missing }));
  return ok(template.replace(PLACEHOLDER, (_, name: string) => values[name] ?? ''));
}

export type LetterTemplates = Readonly<Record<LetterKind, string>>;

/** Check a template's fields: only known ones, and all the required ones. */
export function checkTemplate(kind: LetterKind, template: string, source: string): string[] {
  const used = placeholdersOf(template);
  const problems: string[] = [];
  for (const u of used)
    if (!FIELDS[kind].includes(u)) problems.push(`${source} uses {{${u}}}, which is not a letter field (use: ${FIELDS[kind].join(', ')})`);
  for (const r of REQUIRED[kind]) if (!used.includes(r)) problems.push(`${source} must contain {{${r}}}`);
  return problems;
}

/** Read and check both letter templates once, at start; every problem is reported together. */
export function loadLetterTemplates(dir: string = DEFAULT_TEMPLATE_DIR): Result<LetterTemplates> {
  const out: Partial<Record<LetterKind, string>> = {};
  const problems: string[] = [];
  for (const kind of LETTER_KINDS) {
    const path = `${dir.replace(/\/$/, '')}/${FILES[kind]}`;
    try {
      const text = readFileSync(path, 'utf8');
      problems.push(...checkTemplate(kind, text, path));
      out[kind] = text;
    } catch (e) {
      problems.push(`cannot read the letter template ${path}: ${(e as Error).message}`);
    }
  }
  if (problems.length)
    return err(new SchoolgateError('CONFIG_INVALID', `The letter templates have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems));
  return ok(Object.freeze(out as Record<LetterKind, string>));
}

/** The breached clauses as a list, quoting the code of conduct: `- Section 3: “Sending abusive…”`. */
export function clauseList(flags: readonly Flag[]): string {
  const lines = new Set<string>();
  for (const f of orderFlags(flags)) {
    const clause = FLAG_CLAUSES[f];
    const m = /^§(\d+)\s+(.*)$/.exec(clause);
    lines.add(m ? `- Section ${m[1]}: “${m[2]}”` : `- “${clause}”`);
  }
  return [...lines].join('\n');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}
/** "1 October 2026" in the school's time zone. */
export const letterDate = (at: Date, timeZone: string): string => fmt(timeZone, false).format(at);

export interface LetterFacts {
  schoolName: string;
  timezone: string;
  /** The parent's name from the school file; an unknown sender is addressed as "Parent or carer". */
  parentName: string | null;
  messageAt: Date;
  now: Date;
  breachedFlags: readonly Flag[];
  signatory: string;
  meeting?: { withName: string; at?: Date };
}

/** Draft one letter from its template. */
export function draftLetter(templates: LetterTemplates, kind: LetterKind, facts: LetterFacts): Result<string> {
  const values: Record<string, string> = {
    school_name: facts.schoolName,
    date: letterDate(facts.now, facts.timezone),
    parent_name: facts.parentName ?? 'Parent or carer',
    message_date: letterDate(facts.messageAt, facts.timezone),
    clauses: clauseList(facts.breachedFlags),
    signatory: facts.signatory,
  };
  if (kind === 'meeting') {
    if (!facts.meeting) return err(new SchoolgateError('INPUT_INVALID', 'A meeting letter needs the member of staff the parent will meet.'));
    values.meeting_with = facts.meeting.withName;
    values.meeting_time = facts.meeting.at
      ? `on ${fmt(facts.timezone, true).format(facts.meeting.at)}`
      : 'at a time we will arrange with you';
  }
  return renderTemplate(templates[kind], values);
}
