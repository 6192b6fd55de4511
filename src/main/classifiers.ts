import { createOpenAiModels, type OpenAiModels } from '../../adapters/openai/index';
import type { Env } from '../config/env';
import { SchoolgateError } from '../errors';
import { loadReplyTemplates, ReplyDrafter } from '../replies/draft';
import { type AnswerCache, InMemoryAnswerCache } from '../triage/answer-cache';
import { TriageCascade } from '../triage/cascade';
import type { Classifier } from '../triage/classifier';
import { LocalClassifier } from '../triage/local/local-classifier';
import { InMemoryUsageLedger, type UsageLedger } from '../triage/usage-ledger';
import { type Clock, systemClock } from '../workflow/ports';

/**
 * local: the embedded classifier only (the default). openai, both: every school in that mode, as
 * `schoolgate eval --classifier openai` asks. school: each school file's `classifier.mode` decides (the server).
 */
export const CLASSIFIER_NAMES = ['local', 'openai', 'both', 'school'] as const;

/** What the model-backed services share: one daily budget ledger and one answer cache per process. */
export interface ModelServices {
  models: OpenAiModels | null;
  ledger: UsageLedger;
  cache: AnswerCache;
  clock: Clock;
}

/**
 * The model, budget ledger and cache from the environment. The server passes the stored ledger (the
 * `model_calls` table, so the daily budget survives a restart); CLI runs keep it in memory. The answer cache is
 * per process: it holds minimised answers only, and losing it on restart costs one call per text.
 */
export function modelServices(env: Env, options: { fetch?: typeof fetch; clock?: Clock; ledger?: UsageLedger } = {}): ModelServices {
  return {
    models: createOpenAiModels(env, { fetch: options.fetch }),
    ledger: options.ledger ?? new InMemoryUsageLedger(),
    cache: new InMemoryAnswerCache(),
    clock: options.clock ?? systemClock,
  };
}

// A dead endpoint costs three deadlines, then the model is left alone for half a minute.
const CIRCUIT = { failures: 3, coolDownMs: 30_000 };

/** Build the classifier a command or the server asked for. */
export function buildClassifier(name: string, env: Env, services?: ModelServices): Classifier {
  if (!(CLASSIFIER_NAMES as readonly string[]).includes(name))
    throw new SchoolgateError('CONFIG_INVALID', `Unknown classifier "${name}": use one of ${CLASSIFIER_NAMES.join(', ')}.`);
  if (name === 'local') return new LocalClassifier();
  const s = services ?? modelServices(env);
  if (!s.models && name !== 'school')
    throw new SchoolgateError(
      'CONFIG_INVALID',
      `--classifier ${name} needs a model: set OPENAI_API_KEY (OpenAI), OPENAI_BASE_URL (an OpenAI-compatible server) or AZURE_OPENAI_ENDPOINT with AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT (Azure OpenAI).`,
    );
  return new TriageCascade({
    local: new LocalClassifier(),
    model: s.models?.triage ?? null,
    ledger: s.ledger,
    cache: s.cache,
    clock: s.clock,
    deadlineMs: s.models?.deadlineMs ?? 1,
    mode: name === 'school' ? undefined : (name as 'openai' | 'both'),
    circuit: CIRCUIT,
  });
}

/** Suggested replies for staff: templates always, worded by the model for schools that use one. */
export function buildReplyDrafter(env: Env, services?: ModelServices): ReplyDrafter {
  const templates = loadReplyTemplates();
  if (!templates.ok) throw templates.error;
  const s = services ?? modelServices(env);
  return new ReplyDrafter({ templates: templates.value, model: s.models?.replies ?? null, ledger: s.ledger, clock: s.clock, deadlineMs: s.models?.deadlineMs ?? 1 });
}
