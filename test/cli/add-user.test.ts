import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Accounts } from '../../src/auth/accounts';
import { loadSchoolFile } from '../../src/config/load-school';
import { openStore } from '../../src/store/open';

const root = join(import.meta.dirname, '..', '..');
const dataDir = join(mkdtempSync(join(tmpdir(), 'sg-adduser-')), 'data');
const run = (args: string[], input: string) => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'schoolgate.mjs'), 'add-user', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SCHOOLGATE_DATA_DIR: dataDir },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('schoolgate add-user', () => {
  it('creates the first account from one command, with the password from standard input', async () => {
    const r = run(['--staff', 'harrison', '--email', 'Head@Rossmore.example', '--admin'], 'a long enough password\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Added Mrs Harrison \(Head@Rossmore.example\) to Rossmore School as an admin/);
    const school = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
    if (!school.ok) throw school.error;
    const store = await openStore({ dataDir });
    try {
      const accounts = new Accounts(store.db, new Map([[school.value.id, school.value]]));
      expect(await accounts.signIn('head@rossmore.example', 'a long enough password')).toMatchObject({ user: { staffId: 'harrison', admin: true, roles: ['head_teacher', 'senior_reviewer'] } });
      expect(await accounts.signIn('head@rossmore.example', 'a long enough passworD')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('refuses a short password, an unknown staff id and a second account, saying why', () => {
    expect(run(['--staff', 'karen', '--email', 'office@rossmore.example'], 'short\n').stderr).toMatch(/at least 12 characters/);
    expect(run(['--staff', 'nobody', '--email', 'x@rossmore.example'], 'a long enough password\n').stderr).toMatch(/"nobody" is not a staff id/);
    expect(run(['--staff', 'harrison', '--email', 'other@rossmore.example'], 'a long enough password\n').stderr).toMatch(/already has an account/);
    expect(run(['--email', 'x@rossmore.example'], '').code).toBe(2);
  });
});
