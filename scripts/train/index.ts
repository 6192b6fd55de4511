/**
 * `npm run train`: builds models/conduct-model.json.gz from the public data in ../shared/data and our
 * domain examples in test/fixtures/training, then evaluates it on data it never trained on and writes
 * docs/model-card.md (and the held-out table in README.md). Deterministic: the same inputs give the same file, byte for byte.
 *
 *   npm run train                 build, evaluate, write the model and the card
 *   npm run train -- --check      build and fail if the committed model differs (reproducibility check)
 *   npm run train -- --assist     also print how the model's add thresholds would work with the rules as they are
 *   SCHOOLGATE_TRAINING_DATA=dir  where the public data is (default ../shared/data beside the repo)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadSchoolFile } from '../../src/config/load-school';
import { ConductModel } from '../../src/triage/local/model/conduct-model';
import { type BuildResult, buildModel, SCHOOL_SETS } from './build';
import { tuneAssist } from './tune-assist';
import { evaluateAll } from './evaluate';
import { withHeldOutSummary, writeModelCard } from './model-card';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { check: { type: 'boolean' }, 'no-eval': { type: 'boolean' }, assist: { type: 'boolean' } } });
const dataDir = resolve(process.env.SCHOOLGATE_TRAINING_DATA ?? resolve(root, '..', 'shared', 'data'));
if (!existsSync(dataDir)) {
  console.error(`Public training data not found at ${dataDir}. Put the shared data folder beside the repo or set SCHOOLGATE_TRAINING_DATA.`);
  process.exit(1);
}
const modelPath = resolve(root, 'models', 'conduct-model.json.gz');

const t0 = performance.now();
const built: BuildResult = buildModel({ root, dataDir, log: (s) => console.log(s) });
const bytes = gzipSync(Buffer.from(`${JSON.stringify(built.file)}\n`), { level: 9 });
console.log(`trained in ${((performance.now() - t0) / 1000).toFixed(1)} s; model ${built.file.modelVersion}, ${(bytes.length / 1024).toFixed(0)} KiB`);

if (values.check) {
  const same = existsSync(modelPath) && Buffer.compare(readFileSync(modelPath), bytes) === 0;
  console.log(same ? `OK: ${modelPath} is what the script builds` : `DIFFERENT: ${modelPath} is not what the script builds from these inputs`);
  process.exit(same ? 0 : 1);
}
writeFileSync(modelPath, bytes);
console.log(`wrote ${modelPath}`);
if (values.assist) {
  const school = loadSchoolFile(resolve(root, 'config', 'school.example.yaml'));
  if (!school.ok) throw school.error;
  const staff = school.value.file.staff.flatMap((s) => [s.name, ...s.aliases]);
  const val = built.examples.filter((e) => SCHOOL_SETS.has(e.set) && e.split === 'val');
  tuneAssist(new ConductModel(built.file), val, staff, (s) => console.log(s));
}
if (!values['no-eval']) {
  const report = evaluateAll({ root, built, modelBytes: bytes.length, log: (s) => console.log(s) });
  const card = resolve(root, 'docs', 'model-card.md');
  writeFileSync(card, writeModelCard(report));
  console.log(`wrote ${card}`);
  const readme = resolve(root, 'README.md');
  const before = readFileSync(readme, 'utf8');
  const after = withHeldOutSummary(before, report);
  if (after !== before) {
    writeFileSync(readme, after);
    console.log(`updated the held-out table in ${readme}`);
  }
}
