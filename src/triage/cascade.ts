import type { ClassifierMode } from '../config/school-schema';
import { localTime } from '../domain/local-time';
import type { TriageDecision } from '../domain/triage';
import { privacyDirectory } from '../privacy/directory';
import { Minimiser } from '../privacy/minimise';
import type { Clock } from '../workflow/ports';
import { type AnswerCache, answerCacheKey } from './answer-cache';
import type { Classifier, ClassifierInput } from './classifier';
import { combineBoth, combineModelFirst, incompleteness, restoreModelDecision } from './model-decision';
import { askWithin, type FallbackReason, type ModelAnswer, type TriageModel } from './model-port';
import { buildTriageRequest } from './model-request';
import type { ProvenancedDecision, TriageProvenance } from './provenance';
import type { UsageLedger } from './usage-ledger';

export interface CascadeOptions {
  /** The embedded classifier: the fallback, and the second opinion in `both` mode. */
  local: Classifier;
  /** The outside model; null when none is configured (a school asking for one then falls back, marked). */
  model: TriageModel | null;
  ledger: UsageLedger;
  cache: AnswerCache;
  clock: Clock;
  /** Longest a model call may take, retries included; then the local answer is used. */
  deadlineMs: number;
  /** One mode for every school (`schoolgate eval --classifier openai`); otherwise each school file's `classifier.mode`. */
  mode?: ClassifierMode;
  /**
   * After this many outages in a row (timeouts, refused connections, 429s, 5xx) the model is not asked for
   * `coolDownMs`, so a dead endpoint costs one deadline, not one per message.
   */
  circuit?: { failures: number; coolDownMs: number };
}

// Failures that say the service is down or overloaded, rather than something about one message.
const OUTAGES: ReadonlySet<FallbackReason> = new Set(['timeout', 'connection', 'rate_limited', 'server_error']);

/**
 * The triage classifier with an optional model in front: `local` (default), `openai` (the model decides, the
 * local classifier is the fallback) or `both` (the model decides, disagreements go to the safer answer and to
 * review). Whatever happens to the model, the local decision is computed first, so a message is never without
 * one; the fallback is marked in `provenance`, never silent. Only minimised text is ever sent.
 */
export class TriageCascade implements Classifier {
  readonly name: string;
  private outagesInARow = 0;
  private openUntil = 0;

  constructor(private readonly o: CascadeOptions) {
    // Stored on each triage row: with no model at all, every decision is the local one.
    this.name = o.model ? `cascade:${o.model.id}` : 'local';
  }

  async classify(input: ClassifierInput): Promise<ProvenancedDecision> {
    const local = await this.o.local.classify(input);
    const mode = this.o.mode ?? input.school.file.classifier.mode;
    const base: TriageProvenance = {
      mode,
      decidedBy: 'local',
      modelId: this.o.model?.id ?? null,
      fellBack: false,
      fallbackReason: null,
      fallbackDetail: null,
      needsReview: false,
      reviewReasons: [],
      sentText: null,
      cached: false,
      usage: null,
      latencyMs: null,
    };
    if (mode === 'local') return { ...local, provenance: { ...base, modelId: null } };
    const fallBack = (reason: FallbackReason, detail: string, extra: Partial<TriageProvenance> = {}): ProvenancedDecision => ({
      ...local,
      provenance: { ...base, ...extra, fellBack: true, fallbackReason: reason, fallbackDetail: detail },
    });
    const model = this.o.model;
    if (!model) return fallBack('not_configured', 'no OpenAI key or endpoint is configured (OPENAI_API_KEY, OPENAI_BASE_URL or AZURE_OPENAI_ENDPOINT)');

    const session = new Minimiser(privacyDirectory(input.school), { referenceYear: new Date(input.message.receivedAt).getUTCFullYear() });
    const request = buildTriageRequest(input, session);
    const key = answerCacheKey(model.id, request.content);
    const cached = await this.o.cache.get(key);

    let answer: ModelAnswer<TriageDecision>;
    let latencyMs: number | null = null;
    let sentText: string | null = null;
    if (cached) {
      answer = { ok: true, value: cached, usage: null };
    } else {
      const schoolId = input.school.id;
      const day = localTime(this.o.clock.now(), input.school.timezone).date;
      const budget = input.school.file.classifier.daily_token_budget;
      const used = await this.o.ledger.tokensUsed(schoolId, day);
      if (used >= budget) return fallBack('budget_exhausted', `${used} of the ${budget} tokens allowed today are used`);
      if (this.o.clock.now().getTime() < this.openUntil) return fallBack('circuit_open', `the model failed ${this.outagesInARow} times in a row; retrying after a pause`);
      sentText = request.content;
      const t0 = performance.now();
      answer = await askWithin(this.o.deadlineMs, (signal) => model.triage(request.content, signal));
      latencyMs = Math.round(performance.now() - t0);
      this.noteOutcome(answer);
      // Every call is recorded, failed ones too: tokens for the budget, latency and outcome for the school's report.
      const missing = answer.ok ? incompleteness(answer.value) : null;
      const outcome = !answer.ok ? answer.reason : missing ? 'incomplete_answer' : 'ok';
      await this.o.ledger.record({ schoolId, day, purpose: 'triage', modelId: model.id, outcome, usage: answer.usage, latencyMs, subjectId: input.message.id });
    }
    const spent: Partial<TriageProvenance> = { sentText, usage: answer.usage, latencyMs, cached: cached !== null };
    if (!answer.ok) return fallBack(answer.reason, answer.detail, spent);
    const missing = incompleteness(answer.value);
    if (missing) return fallBack('incomplete_answer', missing, spent);
    if (!cached) await this.o.cache.set(key, answer.value);

    const fromModel = restoreModelDecision(answer.value, request, session);
    const { decision, reviewReasons } = mode === 'both' ? combineBoth(local, fromModel) : combineModelFirst(local, fromModel);
    return {
      ...decision,
      provenance: { ...base, ...spent, decidedBy: mode === 'both' ? 'both' : 'model', needsReview: reviewReasons.length > 0, reviewReasons },
    };
  }

  private noteOutcome(answer: ModelAnswer<TriageDecision>): void {
    const circuit = this.o.circuit;
    if (!circuit) return;
    if (answer.ok || !OUTAGES.has(answer.reason)) {
      this.outagesInARow = 0;
      return;
    }
    this.outagesInARow += 1;
    if (this.outagesInARow >= circuit.failures) this.openUntil = this.o.clock.now().getTime() + circuit.coolDownMs;
  }
}

