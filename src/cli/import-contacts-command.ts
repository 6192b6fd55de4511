import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { loadSchoolFile } from '../config/load-school';
import { CONTACT_COLUMNS, formatCsvProblems, parseContactsCsv } from '../contacts/parse-contacts-csv';
import { importContacts } from '../store/import-contacts';
import { openStore } from '../store/open';
import { syncSchool } from '../store/school-sync';
import { type CliIo, readInput } from './io';

const columns = Object.entries(CONTACT_COLUMNS)
  .map(([name, c]) => `  ${name.padEnd(13)} ${c.required ? 'required' : 'optional'}  ${c.help}`)
  .join('\n');

export const IMPORT_CONTACTS_HELP = `Usage: schoolgate import-contacts FILE.csv [--school FILE] [--dry-run]

Adds the parents in a contacts CSV exported from the school's MIS to the database Schoolgate uses
(DATABASE_URL, or the embedded database in SCHOOLGATE_DATA_DIR: stop Schoolgate first when embedded).
One row per contact and child; a parent of two children has two rows. Running it again after a new
export updates the same parents (matched by contact_id) and replaces their children.
The whole file is checked first: any problem is reported with its line and nothing is written.

Columns (header names are matched loosely, e.g. "Contact ID", "Reg Group", "Pupil Name"):
${columns}
  (give mobile or teams_id, or both)`;

export async function runImportContacts(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { school: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${IMPORT_CONTACTS_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`Give one CSV file.\n${IMPORT_CONTACTS_HELP}\n`);
    return 2;
  }
  const env = parseEnv(io.env);
  if (!env.ok) {
    io.stderr(`${env.error.message}\n`);
    return 2;
  }
  const school = loadSchoolFile(values.school ?? env.value.schoolFiles[0]!);
  if (!school.ok) {
    io.stderr(`${school.error.message}\n`);
    return 2;
  }
  const { text, source } = await readInput(positionals[0], io);
  const parsed = parseContactsCsv(text, school.value);
  if (!parsed.ok) {
    io.stderr(`${formatCsvProblems(source, parsed.error)}\n`);
    return 1;
  }
  const kids = parsed.value.reduce((n, p) => n + p.children.length, 0);
  if (values['dry-run']) {
    io.stdout(`${source} is valid: ${parsed.value.length} parent(s) with ${kids} child link(s). Nothing was written (--dry-run).\n`);
    return 0;
  }
  const store = await openStore({ databaseUrl: env.value.DATABASE_URL, dataDir: env.value.dataDir });
  try {
    await syncSchool(store.db, school.value);
    const counts = await importContacts(store.db, school.value.id, parsed.value, 'cli:import-contacts');
    io.stdout(
      `Imported ${parsed.value.length} parent(s) into ${school.value.name}: ${counts.added} added, ${counts.updated} updated, ${counts.addresses} address(es), ${counts.children} child link(s).\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
