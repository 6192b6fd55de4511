/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so peak memory is its own). A bench whose
 * source says `@one-core` is pinned to core 0 when `taskset` is available; the others (a server and its load
 * generator) get the whole machine, since a pinned parent would pin its children too. `npm run bench -- triage` runs the ones whose name matches.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const filter = process.argv[2];
const benches = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
if (!benches.length) {
  console.error(`No benchmark matches "${filter}". Available: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}
const pin = spawnSync('taskset', ['--version']).status === 0;
let failed = 0;
for (const b of benches) {
  const pinned = pin && readFileSync(join(here, b), 'utf8').includes('@one-core');
  console.log(`\n== ${b}${pinned ? ' (pinned to core 0)' : ''}`);
  const cmd = pinned ? 'taskset' : process.execPath;
  const args = [...(pinned ? ['-c', '0', process.execPath] : []), '--import', 'tsx', join(here, b)];
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
