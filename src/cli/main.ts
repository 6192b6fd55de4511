import { isSchoolgateError } from '../errors';
import { ADD_USER_HELP, runAddUser } from './add-user-command';
import { EVAL_HELP, runEval } from './eval-command';
import { IMPORT_CONTACTS_HELP, runImportContacts } from './import-contacts-command';
import { type CliIo, processIo } from './io';
import { runTriage, TRIAGE_HELP } from './triage-command';

type Command = { run: (argv: string[], io: CliIo) => Promise<number>; summary: string; help: string };

const COMMANDS: Record<string, Command> = {
  triage: { run: runTriage, summary: 'triage JSONL messages offline (no database)', help: TRIAGE_HELP },
  eval: { run: runEval, summary: 'score the classifier on labelled JSONL', help: EVAL_HELP },
  'add-user': { run: runAddUser, summary: 'create a staff console account', help: ADD_USER_HELP },
  'import-contacts': { run: runImportContacts, summary: "add parents from the MIS's contacts CSV", help: IMPORT_CONTACTS_HELP },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `Usage: schoolgate <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "schoolgate <command> --help" for a command's options.`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`Unknown command "${name}".\n${usage()}\n`);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    // Expected failures carry a message written for the user; anything else is a bug worth the stack.
    if (isSchoolgateError(e) || (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as Error).name === 'TypeError' && /parseArgs|ERR_PARSE_ARGS/.test(String((e as NodeJS.ErrnoException).code)))
      io.stderr(`${(e as Error).message}\n`);
    else io.stderr(`${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
