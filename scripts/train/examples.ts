import type { Flag, Topic, Urgency } from '../../src/domain/taxonomy';
import type { ModelFlag } from '../../src/triage/local/model/model-file';

/** Which part of the data an example belongs to. `test` is never trained on, `val` only calibrates and tunes. */
export type Split = 'train' | 'val' | 'test';

/** A label per model flag: 1 yes, 0 no; a missing flag means the source says nothing about it (masked in training). */
export type FlagLabels = Partial<Record<ModelFlag, 0 | 1>>;

export interface Example {
  /** The source set, e.g. `jigsaw`, `domain`. */
  set: string;
  text: string;
  labels: FlagLabels;
  split: Split;
  /** Domain examples only: every expected flag (including defamatory and vexatious), topic and urgency. */
  allFlags?: Flag[];
  topic?: Topic;
  urgency?: Urgency;
  /** toxic-spans only: gold toxic character offsets (SemEval-2021 format). */
  goldSpans?: number[];
}

/** A loaded source: its examples, the files it read (for the data hash) and the mapping, in words, for the model card. */
export interface Source {
  name: string;
  examples: Example[];
  /** Files read, relative to `base` (the repository, or the public data folder). */
  files: { path: string; rows: number }[];
  base: 'repo' | 'data';
  mapping: string;
}
