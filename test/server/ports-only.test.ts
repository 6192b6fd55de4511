import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('the server takes its collaborators as ports', () => {
  it('src/server and src/channels import no storage, queue or adapter module', () => {
    const offenders: string[] = [];
    for (const file of [...sources(join(root, 'src', 'server')), ...sources(join(root, 'src', 'channels'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        if (/(^|\/)(store|queue|adapters|main)(\/|$)|^(pg|pg-boss|@electric-sql\/pglite|drizzle-orm)/.test(m[1]!)) {
          offenders.push(`${relative(root, file)} imports ${m[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
