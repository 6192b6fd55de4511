import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open';
import { findParentByAddress } from '../../src/store/school-sync';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'schoolgate.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sg-import-'));
const dataDir = join(dir, 'data');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SCHOOLGATE_DATA_DIR: dataDir },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('schoolgate import-contacts', () => {
  it('imports an MIS export into the embedded database, where routing finds the parent', async () => {
    const file = join(dir, 'contacts.csv');
    writeFileSync(file, 'Contact ID,Contact Name,Mobile,Pupil Name,Reg Group\nM9,Mrs Iris Vale,07700 900777,Olive Vale,Willow\n');
    const r = run(['import-contacts', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Imported 1 parent\(s\) into Rossmore.*1 added/);

    const store = await openStore({ dataDir });
    try {
      const iris = await findParentByAddress(store.db, 'rossmore', 'sms', '+447700900777');
      expect(iris).toMatchObject({ externalId: 'M9', name: 'Mrs Iris Vale', children: [{ name: 'Olive Vale', className: 'Willow' }] });
    } finally {
      await store.close();
    }
  });

  it('checks a file with --dry-run without writing', () => {
    const file = join(dir, 'dry.csv');
    writeFileSync(file, 'contact_id,contact_name,mobile,child_name,class\nM10,A B,07700900778,C B,Oak\n');
    const r = run(['import-contacts', file, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid: 1 parent\(s\).*Nothing was written/);
  });

  it('lists every problem with its line, writes nothing, and exits 1', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'contact_id,contact_name,mobile,child_name,class\nM11,A B,12,C B,Oak\nM12,D E,07700900779,F E,Mars\n');
    const r = run(['import-contacts', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv has 2 problem(s); nothing was imported');
    expect(r.stderr).toContain('line 2, mobile: "12" is not a phone number');
    expect(r.stderr).toContain('line 3, class: class "Mars" has no class teacher');
  });

  it('documents the columns in --help and says clearly when the file is missing', () => {
    expect(run(['import-contacts', '--help']).stdout).toMatch(/contact_id\s+required/);
    const r = run(['import-contacts', join(dir, 'nope.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ENOENT|no such file/);
  });
});
