import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../scripts/train/build';
import { DEFAULT_MODEL_PATH } from '../../../../src/triage/local/model/index';

const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const dataDir = resolve(process.env.SCHOOLGATE_TRAINING_DATA ?? resolve(root, '..', 'shared', 'data'));

// The public data is not in the repository; where it is beside it (developers, CI), prove the committed
// model is exactly what `npm run train` builds from the committed examples and that data.
describe.skipIf(!existsSync(dataDir))('npm run train', () => {
  it('rebuilds the committed model byte for byte', { timeout: 180_000 }, () => {
    const built = buildModel({ root, dataDir, log: () => {} });
    const committed = JSON.parse(gunzipSync(readFileSync(DEFAULT_MODEL_PATH)).toString('utf8'));
    // Name the training file that changed since the model was built (an example file edited without retraining).
    const was = new Map<string, string>(committed.trainedFrom.files.map((f: { path: string; sha256: string }) => [f.path, f.sha256]));
    const changed = built.file.trainedFrom.files.filter((f) => was.get(f.path) !== f.sha256).map((f) => f.path);
    expect(changed, 'training files changed since models/conduct-model.json.gz was built: run `npm run train` and commit the model').toEqual([]);
    expect(committed.trainedFrom.dataHash).toBe(built.file.trainedFrom.dataHash);
    expect(committed.modelVersion).toBe(built.file.modelVersion);
    expect(`${JSON.stringify(built.file)}\n`).toBe(gunzipSync(readFileSync(DEFAULT_MODEL_PATH)).toString('utf8'));
  });
});
