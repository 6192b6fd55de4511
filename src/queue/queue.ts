/**
 * The durable job queue as the core sees it. pg-boss implements it on PostgreSQL and on embedded PGlite
 * (adapters/pgboss); retries with backoff belong here, not in the SDK calls a job makes.
 */

/** Raw SQL over one connection or one open transaction: pg-boss's whole database port. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** The queues, each with its retry policy. Seconds; backoff doubles the delay on each retry. */
export const QUEUES = {
  /** Classify a stored message and open its cases. Our own code: few, quick retries. */
  triage: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  /** Send one outbox row to a parent (Twilio, Teams): outside services get a longer backoff. */
  send: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 120 },
  /** Alert staff about a case (Teams, Slack). */
  alert: { retryLimit: 8, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  /** A timer: escalate an unacknowledged safeguarding alert. */
  escalate: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
} as const;
export type QueueName = keyof typeof QUEUES;

export interface JobInput<T> {
  data: T;
  /** At most one queued job per key (pg-boss singletonKey): enqueueing twice is harmless. */
  singletonKey?: string;
  startAfter?: Date;
}

export interface QueuedJob<T> {
  id: string;
  data: T;
  /** How many times this job has been retried before this attempt. */
  retryCount: number;
}

export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  retryCount: number;
  error: string;
  failedAt: string | null;
}

export interface JobQueue {
  /** Enqueue jobs; with `tx`, inside the caller's transaction, so they exist only if it commits. */
  enqueue<T extends object>(queue: QueueName, jobs: readonly JobInput<T>[], options?: { tx?: SqlExecutor }): Promise<void>;
  /** Run `handler` for each job; a throw fails (and later retries) that job only. */
  work<T>(queue: QueueName, handler: (job: QueuedJob<T>) => Promise<void>, options?: { batchSize?: number; pollingIntervalSeconds?: number }): Promise<void>;
  /** Tell the queue's local worker to look now rather than at its next poll. */
  wake(queue: QueueName): void;
  /** Jobs that used up their retries, newest first: kept and visible to staff. */
  failedJobs(options?: { queue?: QueueName; limit?: number }): Promise<FailedJob[]>;
  /** Job counts by queue and state. */
  counts(): Promise<Record<string, Record<string, number>>>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  /** Stop taking jobs, let the ones in hand finish (up to `timeoutMs`), then stop. */
  stop(timeoutMs?: number): Promise<void>;
}
