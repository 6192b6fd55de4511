import { fileURLToPath } from 'node:url';
import { ConductModel } from './conduct-model';
import { readModelFile } from './model-file';

export type { Contribution, FlagScores, TopicScores, WeightedEvidence } from './conduct-model';
export { ConductModel } from './conduct-model';
export { MODEL_FLAGS, type ModelFlag, modelContentHash, readModelFile } from './model-file';

/** The committed model, built by `npm run train` (scripts/train/). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../../../models/conduct-model.json.gz', import.meta.url));

export function loadConductModel(path: string = DEFAULT_MODEL_PATH): ConductModel {
  return new ConductModel(readModelFile(path));
}

let shared: ConductModel | null = null;

/** The committed model, read synchronously on first use and shared afterwards (tens of milliseconds, once). */
export function defaultConductModel(): ConductModel {
  shared ??= loadConductModel();
  return shared;
}
