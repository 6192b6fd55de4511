import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts)$/.test(name) ? [p] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);

describe('architecture boundary', () => {
  // The core depends on ports; only the composition root (src/main) wires adapters in.
  it('no module in src/ outside src/main imports from adapters/', () => {
    const offenders: string[] = [];
    for (const file of sources(join(root, 'src'))) {
      const rel = relative(root, file);
      if (rel.startsWith(join('src', 'main'))) continue;
      for (const spec of importsOf(file)) if (/(^|\/)adapters\//.test(spec)) offenders.push(`${rel} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it('vendor SDKs are imported only inside their adapter folder', () => {
    const owners: Record<string, string> = { twilio: 'adapters/twilio', botbuilder: 'adapters/teams', '@slack/bolt': 'adapters/slack', openai: 'adapters/openai' };
    const offenders: string[] = [];
    for (const dir of ['src', 'adapters']) {
      for (const file of sources(join(root, dir))) {
        const rel = relative(root, file);
        for (const spec of importsOf(file)) {
          const pkg = Object.keys(owners).find((p) => spec === p || spec.startsWith(`${p}/`));
          if (pkg && !rel.startsWith(owners[pkg]!)) offenders.push(`${rel} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
