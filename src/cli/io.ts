import { readFile } from 'node:fs/promises';

/** Where a command writes; injected so tests run commands in-process. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
};

/** Read FILE, or standard input when FILE is absent or "-". */
export async function readInput(file: string | undefined, io: CliIo): Promise<{ text: string; source: string }> {
  if (!file || file === '-') return { text: await io.readStdin(), source: '<stdin>' };
  return { text: await readFile(file, 'utf8'), source: file };
}
