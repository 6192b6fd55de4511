import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../store/open';
import { modelCalls } from '../store/schema';
import type { ModelCall, UsageLedger } from './usage-ledger';

/**
 * The server's ledger: one `model_calls` row per call, so tokens and latency of every call can be reported and
 * the daily budget survives a restart. Two workers may both pass the budget check before either records its
 * call; the budget can therefore be overrun by the calls in flight, never by more.
 */
export class StoredUsageLedger implements UsageLedger {
  constructor(private readonly db: Db) {}

  async tokensUsed(schoolId: string, day: string): Promise<number> {
    const [row] = await this.db
      .select({ used: sql<string | number | null>`coalesce(sum(${modelCalls.inputTokens} + ${modelCalls.outputTokens}), 0)` })
      .from(modelCalls)
      .where(and(eq(modelCalls.schoolId, schoolId), eq(modelCalls.day, day)));
    return Number(row?.used ?? 0);
  }

  async record(call: ModelCall): Promise<void> {
    await this.db.insert(modelCalls).values({
      schoolId: call.schoolId,
      day: call.day,
      purpose: call.purpose,
      modelId: call.modelId,
      outcome: call.outcome,
      inputTokens: call.usage?.inputTokens ?? 0,
      outputTokens: call.usage?.outputTokens ?? 0,
      latencyMs: call.latencyMs,
      subjectId: call.subjectId ?? null,
    });
  }
}
