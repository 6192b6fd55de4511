import type { TokenUsage } from './model-port';

/**
 * Tokens each school spent with the model per day (the school's local date), for the daily budget. A storage
 * backed ledger needs a table `model_usage (school_id, day date, input_tokens, output_tokens, calls,
 * primary key (school_id, day))` incremented with an upsert.
 */
export interface UsageLedger {
  tokensUsed(schoolId: string, day: string): Promise<number>;
  record(schoolId: string, day: string, usage: TokenUsage): Promise<void>;
}

/** The ledger for one process (CLI runs, tests, the server until the storage-backed one exists). */
export class InMemoryUsageLedger implements UsageLedger {
  private readonly used = new Map<string, { inputTokens: number; outputTokens: number; calls: number }>();

  async tokensUsed(schoolId: string, day: string): Promise<number> {
    const u = this.used.get(`${schoolId}/${day}`);
    return u ? u.inputTokens + u.outputTokens : 0;
  }

  async record(schoolId: string, day: string, usage: TokenUsage): Promise<void> {
    const key = `${schoolId}/${day}`;
    const u = this.used.get(key) ?? { inputTokens: 0, outputTokens: 0, calls: 0 };
    this.used.set(key, { inputTokens: u.inputTokens + usage.inputTokens, outputTokens: u.outputTokens + usage.outputTokens, calls: u.calls + 1 });
  }

  /** Totals for one school and day (reports, tests). */
  totals(schoolId: string, day: string): { inputTokens: number; outputTokens: number; calls: number } {
    return this.used.get(`${schoolId}/${day}`) ?? { inputTokens: 0, outputTokens: 0, calls: 0 };
  }
}
