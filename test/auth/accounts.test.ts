import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts, hashPassword, verifyPassword } from '../../src/auth/accounts';
import { consoleRolesOf, parseConsoleRole } from '../../src/auth/roles';
import { main } from '../../src/cli/main';
import { loadSchoolFile, type School } from '../../src/config/load-school';
import { openStore, type Store } from '../../src/store/open';
import { auditEvents } from '../../src/store/schema';

const root = join(import.meta.dirname, '..', '..');
const loaded = loadSchoolFile(join(root, 'config', 'school.example.yaml'));
if (!loaded.ok) throw loaded.error;
const school: School = loaded.value;

describe('console roles come from the school file', () => {
  it('maps school-file roles onto the console roles', () => {
    expect(consoleRolesOf(['dsl', 'senior_reviewer'], false)).toEqual(['senior_reviewer', 'dsl', 'staff']);
    expect(consoleRolesOf(['deputy_dsl'], false)).toEqual(['dsl', 'staff']);
    expect(consoleRolesOf(['class_teacher'], true)).toEqual(['staff', 'admin']);
    expect(consoleRolesOf(['head_teacher', 'office'], false)).toEqual(['office', 'head_teacher', 'staff']);
    expect(parseConsoleRole('Senior reviewer')).toBe('senior_reviewer');
    expect(parseConsoleRole('head-teacher')).toBe('head_teacher');
    expect(parseConsoleRole('DSL')).toBe('dsl');
    expect(parseConsoleRole('janitor')).toBeNull();
  });

  it('hashes with scrypt, salted, and verifies', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long enough password', a)).toBe(true);
    expect(await verifyPassword('a long enough passworD', a)).toBe(false);
  });
});

describe('accounts and `schoolgate add-user`', () => {
  let store: Store;
  const dataDir = join(mkdtempSync(join(tmpdir(), 'sg-auth-')), 'data');
  const out: string[] = [];
  const err: string[] = [];
  // Refused runs use their own folder: one embedded database folder is never open twice at once.
  const otherDir = join(mkdtempSync(join(tmpdir(), 'sg-auth-')), 'data');
  const run = (args: string[], stdin: string, dir = dataDir) =>
    main(['add-user', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => stdin, env: { SCHOOLGATE_DATA_DIR: dir } });

  beforeAll(async () => {
    // The first admin, by the one documented command (the password from standard input).
    expect(await run(['--school', 'rossmore', '--staff', 'harrison', '--email', 'head@rossmore.example', '--role', 'admin', '--password-stdin'], 'a long enough password\n')).toBe(0);
    expect(await run(['--staff', 'macey', '--email', 'dsl@rossmore.example', '--role', 'dsl'], 'another long password\n')).toBe(0);
    store = await openStore({ dataDir });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('made the accounts, with their console roles, and audited them', async () => {
    expect(out.join('')).toMatch(/Added Mrs Harrison \(head@rossmore.example\) to Rossmore School as an admin/);
    const accounts = new Accounts(store.db, new Map([[school.id, school]]));
    const head = await accounts.signIn('HEAD@rossmore.example', 'a long enough password');
    expect(head?.user).toMatchObject({ staffId: 'harrison', admin: true, consoleRoles: ['senior_reviewer', 'head_teacher', 'staff', 'admin'] });
    expect((await accounts.signIn('dsl@rossmore.example', 'another long password'))?.user.consoleRoles).toEqual(['senior_reviewer', 'dsl', 'staff']);
    expect(await accounts.session(head!.token)).toMatchObject({ staffId: 'harrison' });
    await accounts.signOut(head!.token);
    expect(await accounts.session(head!.token)).toBeNull();
    const audit = await store.db.select().from(auditEvents);
    expect(audit.filter((a) => a.action === 'account.created').map((a) => a.actor)).toEqual(['cli', 'cli']);
  });

  it('refuses a console role the school file does not give, saying where to fix it', async () => {
    err.length = 0;
    expect(await run(['--staff', 'karen', '--email', 'office@rossmore.example', '--role', 'dsl'], 'a long enough password\n', otherDir)).toBe(1);
    expect(err.join('')).toMatch(/Karen Wright is not DSL in Rossmore School's school file \(their roles there: office\)\. .*give them the role "dsl" or "deputy_dsl" there first/);
    err.length = 0;
    expect(await run(['--staff', 'karen', '--email', 'office@rossmore.example', '--role', 'janitor'], 'a long enough password\n', otherDir)).toBe(1);
    expect(err.join('')).toMatch(/not a console role/);
  });

  it('a Microsoft sign-in finds the member of staff by their school-file email; an admin removes an account and its sessions end', async () => {
    const accounts = new Accounts(store.db, new Map([[school.id, school]]));
    const begum = await accounts.signInVerified('SENCO@rossmore.example');
    expect(begum?.user).toMatchObject({ staffId: 'begum', admin: false });
    expect(await accounts.signIn('senco@rossmore.example', '')).toBeNull(); // no password of its own
    expect(await accounts.signInVerified('nobody@rossmore.example')).toBeNull();
    // Macey's account is under dsl@; her school-file email is the same, so Microsoft signs her into it.
    expect((await accounts.signInVerified('dsl@rossmore.example'))?.user.staffId).toBe('macey');

    const head = (await accounts.signIn('head@rossmore.example', 'a long enough password'))!.user;
    await expect(accounts.remove('rossmore', head.userId, head)).rejects.toThrow(/cannot remove your own account/);
    await accounts.remove('rossmore', begum!.user.userId, head);
    expect(await accounts.session(begum!.token)).toBeNull();
    const dsl = (await accounts.signIn('dsl@rossmore.example', 'another long password'))!.user;
    await expect(accounts.remove('rossmore', head.userId, dsl)).rejects.toThrow(/needs an admin/);
  });
});
