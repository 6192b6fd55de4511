import { createHash } from 'node:crypto';
import type { TriageDecision } from '../domain/triage';

/**
 * Model answers by what was sent: an identical minimised request gets the same answer without another call.
 * Answers are kept in minimised form (placeholders, not names), so a cache never holds personal data and one
 * answer serves any message that minimises to the same text. A storage-backed cache needs a table
 * `model_answer_cache (key text primary key, model_id text, decision jsonb, created_at timestamptz)`.
 */
export interface AnswerCache {
  get(key: string): Promise<TriageDecision | null>;
  set(key: string, decision: TriageDecision): Promise<void>;
}

export function answerCacheKey(modelId: string, content: string): string {
  return createHash('sha256').update(modelId).update('\u0000').update(content).digest('hex');
}

/** A bounded in-process cache: least recently used entries go first, entries expire after `ttlMs`. */
export class InMemoryAnswerCache implements AnswerCache {
  private readonly entries = new Map<string, { decision: TriageDecision; at: number }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number; now?: () => number } = { maxEntries: 2_000, ttlMs: 24 * 3_600_000 },
  ) {}

  async get(key: string): Promise<TriageDecision | null> {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    if (this.now() - e.at > this.options.ttlMs) return null;
    this.entries.set(key, e);
    return structuredClone(e.decision);
  }

  async set(key: string, decision: TriageDecision): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { decision: structuredClone(decision), at: this.now() });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
