import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseEnv } from '../../src/config/env';
import { loadSchoolFile } from '../../src/config/load-school';

const example = readFileSync(join(import.meta.dirname, '../../config/school.example.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'sg-school-'));

/** Load a variant of the example school, changed by `edit` on the parsed YAML document. */
function variant(edit: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(example);
  edit(doc);
  const file = join(dir, `v${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, doc.toString());
  return loadSchoolFile(file);
}

function problems(r: ReturnType<typeof loadSchoolFile>): string {
  if (r.ok) throw new Error('expected the school file to be rejected');
  return r.error.message;
}

describe('the school file', () => {
  it('loads the shipped Rossmore example with look-ups built', () => {
    const r = loadSchoolFile(join(import.meta.dirname, '../../config/school.example.yaml'));
    if (!r.ok) throw r.error;
    const s = r.value;
    expect(s.name).toBe('Rossmore School');
    expect(s.staffByRole.get('dsl')?.[0]?.name).toBe('Miss Macey');
    expect(s.teachersByClass.get('rowan')?.[0]?.id).toBe('hughes');
    expect(s.parentByAddress.get('+447700900283')?.children[0]?.class).toBe('Rowan');
    expect(s.routing.safeguarding).toBe('dsl');
    expect(Object.isFrozen(s.file.staff[0])).toBe(true);
  });

  it('reports every problem at once, each with its path, line and how to fix it', () => {
    const msg = problems(
      variant((d) => {
        d.setIn(['staff', 0, 'rolez'], ['office']);
        d.setIn(['staff', 1, 'roles'], ['wizard']);
        d.setIn(['school', 'timezone'], 'Europe/Londn');
        d.setIn(['parents', 0, 'phones'], ['07700 900283']);
        d.setIn(['office_hours', 'open'], '8am');
      }),
    );
    expect(msg).toMatch(/5 problems/);
    expect(msg).toMatch(/staff\[0\] \(line \d+\): unknown key "rolez": check the spelling/);
    expect(msg).toMatch(/staff\[1\]\.roles\[0\] \(line \d+\): must be one of: office, attendance/);
    expect(msg).toMatch(/school\.timezone .*IANA time zone/);
    expect(msg).toMatch(/parents\[0\]\.phones\[0\] .*E\.164.*\+447700900123/);
    expect(msg).toMatch(/office_hours\.open .*HH:MM/);
  });

  it('rejects unknown top-level keys', () => {
    expect(problems(variant((d) => d.set('colour_scheme', 'blue')))).toMatch(/unknown key "colour_scheme"/);
  });

  it('checks cross-references: routing roles held, classes taught, managed contacts resolve, unique ids and numbers', () => {
    const msg = problems(
      variant((d) => {
        d.setIn(['routing', 'send'], 'attendance');
        d.deleteIn(['staff', 5]); // the medical lead: medical now routes to no one
        d.setIn(['parents', 0, 'children', 0, 'class'], 'Rowen');
        d.setIn(['managed_contacts', 0, 'designated_contact'], 'nobody');
        d.setIn(['parents', 1, 'phones'], ['+447700900283']);
        d.setIn(['staff', 2, 'id'], 'harrison');
      }),
    );
    expect(msg).toMatch(/routing\.medical \(default\)( \(line \d+\))?: routes to role "medical_lead" but no one in staff has it/);
    expect(msg).toMatch(/class "Rowen" has no class teacher/);
    expect(msg).toMatch(/managed_contacts\[0\]\.designated_contact.*no staff member has id "nobody"/);
    expect(msg).toMatch(/\+447700900283 also belongs to parent/);
    expect(msg).toMatch(/"harrison" is used twice/);
  });

  it('requires a DSL and an office', () => {
    const msg = problems(variant((d) => d.setIn(['staff', 1, 'roles'], ['senior_reviewer'])));
    expect(msg).toMatch(/no one has the role "dsl"/);
  });

  it('reports YAML syntax errors with the line', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'school:\n  id: x\n  name: [unclosed\n');
    expect(problems(loadSchoolFile(file))).toMatch(/\(YAML\) \(line \d+\)/);
  });

  it('says what to set when the file cannot be read', () => {
    expect(problems(loadSchoolFile(join(dir, 'nope.yaml')))).toMatch(/SCHOOLGATE_SCHOOL_FILE/);
  });
});

describe('the environment', () => {
  it('defaults to embedded storage, the example school and port 3000', () => {
    const r = parseEnv({});
    if (!r.ok) throw r.error;
    expect(r.value.PORT).toBe(3000);
    expect(r.value.DATABASE_URL).toBeUndefined();
    expect(r.value.schoolFiles).toEqual(['config/school.example.yaml']);
  });

  it('treats blank values as unset and lists every bad value with how to fix it', () => {
    expect(parseEnv({ DATABASE_URL: '  ', PORT: '' }).ok).toBe(true);
    const r = parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TWILIO_ACCOUNT_SID: 'SK123', SCHOOLGATE_API_TOKEN: 'short' });
    if (r.ok) throw new Error('expected errors');
    expect(r.error.message).toMatch(/4 problem/);
    expect(r.error.message).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(r.error.message).toMatch(/TWILIO_ACCOUNT_SID starts with AC/);
    expect(r.error.message).toMatch(/openssl rand/);
  });

  it('accepts several school files for a trust', () => {
    const r = parseEnv({ SCHOOLGATE_SCHOOL_FILE: 'a.yaml, b.yaml' });
    expect(r.ok && r.value.schoolFiles).toEqual(['a.yaml', 'b.yaml']);
  });
});
