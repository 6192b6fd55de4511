import type { FallbackReason, TokenUsage } from './model-port';

export const MODEL_CALL_PURPOSES = ['triage', 'reply_draft'] as const;
export type ModelCallPurpose = (typeof MODEL_CALL_PURPOSES)[number];

/** One call to an outside model: what it cost and how long it took. Never message text. */
export interface ModelCall {
  schoolId: string;
  /** The school's local date: the daily budget resets at the school's midnight. */
  day: string;
  purpose: ModelCallPurpose;
  /** Model and prompt version, e.g. "gpt-4o-mini/triage-v1". */
  modelId: string;
  /** `ok`, or why the answer could not be used. */
  outcome: 'ok' | FallbackReason;
  /** Null when the call failed before the service reported any (a timeout, a refused connection). */
  usage: TokenUsage | null;
  latencyMs: number | null;
  /** The message triaged or the case a draft was for. */
  subjectId?: string | null;
}

/**
 * Every model call per school and day: tokens and latency per call, and the total the daily budget is checked
 * against. The server keeps it in the `model_calls` table (stored-usage-ledger.ts), so the budget holds across
 * restarts; CLI runs and tests keep it in memory.
 */
export interface UsageLedger {
  tokensUsed(schoolId: string, day: string): Promise<number>;
  record(call: ModelCall): Promise<void>;
}

/** The ledger for one process (CLI runs, tests). */
export class InMemoryUsageLedger implements UsageLedger {
  readonly calls: ModelCall[] = [];

  async tokensUsed(schoolId: string, day: string): Promise<number> {
    const t = this.totals(schoolId, day);
    return t.inputTokens + t.outputTokens;
  }

  async record(call: ModelCall): Promise<void> {
    this.calls.push(structuredClone(call));
  }

  /** Totals for one school and day (reports, tests). */
  totals(schoolId: string, day: string): { inputTokens: number; outputTokens: number; calls: number } {
    const t = { inputTokens: 0, outputTokens: 0, calls: 0 };
    for (const c of this.calls) {
      if (c.schoolId !== schoolId || c.day !== day) continue;
      t.calls += 1;
      t.inputTokens += c.usage?.inputTokens ?? 0;
      t.outputTokens += c.usage?.outputTokens ?? 0;
    }
    return t;
  }
}
