import { setImmediate } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { FailedJob, JobInput, JobQueue, QueuedJob, QueueName, SqlExecutor } from '../../src/queue/queue';
import { QUEUES } from '../../src/queue/queue';

export interface PgBossQueueOptions {
  /** The database pg-boss talks to (a pg pool, or embedded PGlite through the store's executor). */
  db: SqlExecutor;
  /** Called with pg-boss's own errors (lost connection, maintenance failures). */
  onError?: (e: Error) => void;
  /** Seconds between polls when nothing wakes a worker; pg-boss's minimum is 0.5. */
  pollingIntervalSeconds?: number;
  /** The Postgres schema for pg-boss's tables (default `pgboss`); tests use their own. */
  schema?: string;
}

/**
 * The queue on pg-boss 10. One implementation for PostgreSQL and PGlite: pg-boss only needs `executeSql`.
 * A job's handler runs once per job; a failure fails that job alone (pg-boss would otherwise fail the batch).
 */
export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private readonly workers = new Map<QueueName, string[]>();
  private readonly polling: number;
  private readonly schema: string;

  private constructor(private readonly options: PgBossQueueOptions) {
    this.polling = options.pollingIntervalSeconds ?? 0.5;
    this.schema = options.schema ?? 'pgboss';
    this.boss = new PgBoss({
      db: options.db as PgBoss.Db,
      schema: this.schema,
      // Completed jobs are evidence of work done, not records: keep a week. Failed ones stay visible (archive).
      deleteAfterDays: 7,
      archiveFailedAfterSeconds: 30 * 86_400,
      monitorStateIntervalSeconds: 60,
    });
    this.boss.on('error', (e: Error) => options.onError?.(e));
  }

  /** Create the pg-boss schema if needed, and the queues with their retry policies. */
  static async start(options: PgBossQueueOptions): Promise<PgBossQueue> {
    const q = new PgBossQueue(options);
    await q.boss.start();
    for (const [name, policy] of Object.entries(QUEUES)) {
      const existing = await q.boss.getQueue(name);
      if (existing) await q.boss.updateQueue(name, { name, ...policy });
      else await q.boss.createQueue(name, { name, ...policy });
    }
    return q;
  }

  async enqueue<T extends object>(queue: QueueName, jobs: readonly JobInput<T>[], options: { tx?: SqlExecutor } = {}): Promise<void> {
    if (!jobs.length) return;
    const policy = QUEUES[queue];
    await this.boss.insert(
      jobs.map((j) => ({ name: queue, data: j.data, singletonKey: j.singletonKey, startAfter: j.startAfter, ...policy })),
      options.tx ? { db: options.tx as PgBoss.Db } : {},
    );
  }

  async work<T>(
    queue: QueueName,
    handler: (job: QueuedJob<T>) => Promise<void>,
    options: { batchSize?: number; pollingIntervalSeconds?: number } = {},
  ): Promise<void> {
    const id = await this.boss.work<T>(
      queue,
      { batchSize: options.batchSize ?? 20, pollingIntervalSeconds: options.pollingIntervalSeconds ?? this.polling, includeMetadata: true },
      async (jobs) => {
        // In order, one at a time: triage needs each sender's earlier messages decided first.
        for (const job of jobs) {
          // Embedded PGlite answers without real I/O, so a batch of jobs would otherwise run as one unbroken
          // chain of promises and starve every HTTP request (webhooks, the console) until the batch ends.
          await setImmediate();
          try {
            await handler({ id: job.id, data: job.data, retryCount: job.retryCount });
          } catch (e) {
            await this.boss.fail(queue, job.id, { message: (e as Error).message ?? String(e) });
          }
        }
      },
    );
    this.workers.set(queue, [...(this.workers.get(queue) ?? []), id]);
  }

  wake(queue: QueueName): void {
    for (const id of this.workers.get(queue) ?? []) this.boss.notifyWorker(id);
  }

  async failedJobs(options: { queue?: QueueName; limit?: number } = {}): Promise<FailedJob[]> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const params: unknown[] = [limit];
    let filter = '';
    if (options.queue) {
      params.push(options.queue);
      filter = 'AND name = $2';
    }
    const { rows } = await this.options.db.executeSql(
      `SELECT id, name, data, retry_count, output, completed_on FROM ${this.schema}.job WHERE state = 'failed' ${filter}
       UNION ALL
       SELECT id, name, data, retry_count, output, completed_on FROM ${this.schema}.archive WHERE state = 'failed' ${filter}
       ORDER BY completed_on DESC NULLS LAST LIMIT $1`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      queue: String(r.name),
      data: r.data,
      retryCount: Number(r.retry_count),
      error: String((r.output as { message?: string } | null)?.message ?? 'unknown error'),
      failedAt: r.completed_on ? new Date(r.completed_on as string).toISOString() : null,
    }));
  }

  async counts(): Promise<Record<string, Record<string, number>>> {
    const { rows } = await this.options.db.executeSql(`SELECT name, state, count(*)::int AS n FROM ${this.schema}.job GROUP BY name, state`);
    const out: Record<string, Record<string, number>> = {};
    for (const r of rows) {
      const byState = out[String(r.name)] ?? {};
      byState[String(r.state)] = Number(r.n);
      out[String(r.name)] = byState;
    }
    return out;
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.options.db.executeSql(`SELECT 1 FROM ${this.schema}.version LIMIT 1`);
      return { ok: true };
    } catch {
      return { ok: false, detail: 'queue tables unreachable' };
    }
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
  }
}
