import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Accounts } from '../auth/accounts';
import { parseEnv } from '../config/env';
import { loadSchoolFile, type School } from '../config/load-school';
import { openStore } from '../store/open';
import { syncSchool } from '../store/school-sync';
import type { CliIo } from './io';

export const ADD_USER_HELP = `Usage: schoolgate add-user --staff ID --email EMAIL [--school ID] [--role ROLE] [--admin] [--password-stdin]

Creates a console account for a member of staff in the school file. What they may do comes from their roles
there; --role (office, staff, senior-reviewer, dsl, head-teacher, admin) says which console role the account
is for and is refused when the school file does not give it (admin, which manages accounts, is the same as
--admin). The password (at least 12 characters) is asked for on the terminal, or read from standard input
with --password-stdin or when standard input is not a terminal. The first account is normally the head or
the office manager, as an admin:

  npx schoolgate add-user --school rossmore --staff harrison --email head@rossmore.example --role admin
  echo "$PASSWORD" | npx schoolgate add-user --staff macey --email dsl@rossmore.example --role dsl --password-stdin`;

/** Ask on the terminal without echoing what is typed. */
async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  out._writeToOutput = (s: string) => {
    if (!asked) process.stdout.write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    asked = true;
  });
}

export async function runAddUser(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      school: { type: 'string' },
      staff: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      admin: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${ADD_USER_HELP}\n`);
    return 0;
  }
  if (!values.staff || !values.email) {
    io.stderr(`Give --staff and --email.\n${ADD_USER_HELP}\n`);
    return 2;
  }
  const env = parseEnv(io.env);
  if (!env.ok) {
    io.stderr(`${env.error.message}\n`);
    return 2;
  }
  const schools = new Map<string, School>();
  for (const f of env.value.schoolFiles) {
    const s = loadSchoolFile(f);
    if (!s.ok) {
      io.stderr(`${s.error.message}\n`);
      return 2;
    }
    schools.set(s.value.id, s.value);
  }
  const schoolId = values.school ?? [...schools.keys()][0]!;
  const fromTerminal = !values['password-stdin'] && process.stdin.isTTY && io.env === process.env;
  const password = (fromTerminal ? await promptHidden('Password (at least 12 characters): ') : await io.readStdin()).replace(/\r?\n$/, '');
  const store = await openStore({ databaseUrl: env.value.DATABASE_URL, dataDir: env.value.dataDir });
  try {
    for (const s of schools.values()) await syncSchool(store.db, s);
    await new Accounts(store.db, schools).addUser({
      school: schoolId,
      staff: values.staff,
      email: values.email,
      password,
      admin: values.admin ?? false,
      ...(values.role ? { role: values.role } : {}),
    });
    const member = schools.get(schoolId)?.staffById.get(values.staff);
    const admin = values.admin || values.role?.toLowerCase() === 'admin';
    io.stdout(`Added ${member?.name ?? values.staff} (${values.email}) to ${schools.get(schoolId)?.name}${admin ? ' as an admin' : ''}. They sign in at the console's address (/).\n`);
    return 0;
  } finally {
    await store.close();
  }
}
