import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { TOPICS } from '../../../domain/taxonomy';
import { SchoolgateError } from '../../../errors';

/** The flags the learned model scores. Defamatory and vexatious need policy context and history: rules only. */
export const MODEL_FLAGS = ['abusive', 'threat', 'discriminatory', 'profanity'] as const;
export type ModelFlag = (typeof MODEL_FLAGS)[number];

export const MODEL_FORMAT = 'schoolgate-conduct-model';
export const MODEL_FORMAT_VERSION = 1;

const Platt = z.object({ a: z.number(), b: z.number() });

const FlagHead = z.object({
  flag: z.enum(MODEL_FLAGS),
  bias: z.number(),
  /** Each int8 weight times this is the real weight. */
  scale: z.number().positive(),
  /** Calibrated probability = sigmoid(a * raw + b), fitted on a validation split. */
  platt: Platt,
  /** Probability at which the model alone would flag (tuned for the school's costs on validation data). */
  threshold: z.number().min(0).max(1),
});

const TopicHead = z.object({
  /** The topic heads fold each feature bucket into this many (a power of two): bucket & (buckets - 1). */
  buckets: z.number().int().positive(),
  classes: z.array(z.enum(TOPICS)).length(TOPICS.length),
  bias: z.array(z.number()),
  scale: z.number().positive(),
  /** Softmax temperature fitted on validation data. */
  temperature: z.number().positive(),
  /** int8 weights, class-interleaved per bucket, base64. */
  weights: z.string(),
  urgency: z.object({ bias: z.number(), scale: z.number().positive(), platt: Platt, weights: z.string() }),
});

export const ModelFile = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  /** Changes whenever the weights change: a hash of the training inputs and settings. */
  modelVersion: z.string().min(8),
  trainedFrom: z.object({
    /** sha256 over the sorted list of training files and their sha256s. */
    dataHash: z.string(),
    files: z.array(z.object({ path: z.string(), sha256: z.string(), rows: z.number().int() })),
    seed: z.number().int(),
    settings: z.record(z.string(), z.unknown()),
  }),
  features: z.object({
    normalisation: z.literal(1),
    buckets: z.number().int().positive(),
    charMin: z.number().int().min(1),
    charMax: z.number().int().min(1),
    wordMax: z.union([z.literal(1), z.literal(2)]),
    value: z.enum(['inv-sqrt', 'one']),
    lengthBins: z.array(z.number().int().positive()).readonly().optional(),
  }),
  /** Evidence: a word is part of a flag's span when its share of the flag's score is at least this. */
  spanThreshold: z.number(),
  flags: z.array(FlagHead).length(MODEL_FLAGS.length),
  /** int8 weights, flag-interleaved per bucket (bucket * flags.length + head), base64. */
  flagWeights: z.string(),
  topic: TopicHead.nullable(),
});
export type ModelFile = z.infer<typeof ModelFile>;

export function decodeInt8(base64: string, expectedLength: number, what: string): Int8Array {
  const buf = Buffer.from(base64, 'base64');
  if (buf.length !== expectedLength) {
    throw new SchoolgateError('CONFIG_INVALID', `model file: ${what} has ${buf.length} weights, expected ${expectedLength}; re-run \`npm run train\``);
  }
  return new Int8Array(buf.buffer, buf.byteOffset, buf.length);
}

/** Reads and validates a model file (gzip-compressed JSON). Throws SchoolgateError CONFIG_INVALID with the fix. */
export function readModelFile(path: string): ModelFile {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new SchoolgateError('CONFIG_INVALID', `model file ${path} cannot be read (${(e as Error).message}); it is committed in models/, or run \`npm run train\``, undefined, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
  } catch (e) {
    throw new SchoolgateError('CONFIG_INVALID', `model file ${path} is not gzip-compressed JSON; re-run \`npm run train\``, undefined, { cause: e });
  }
  const parsed = ModelFile.safeParse(json);
  if (!parsed.success) {
    throw new SchoolgateError('CONFIG_INVALID', `model file ${path} does not match format ${MODEL_FORMAT} v${MODEL_FORMAT_VERSION}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The model version: a hash of everything in the file but the version itself (keys sorted), so any change shows. */
export function modelContentHash(file: Omit<ModelFile, 'modelVersion'> & { modelVersion?: string }): string {
  const { modelVersion: _ignored, ...rest } = file;
  return createHash('sha256').update(canonical(rest)).digest('hex').slice(0, 16);
}
