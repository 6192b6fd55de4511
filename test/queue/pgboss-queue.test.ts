import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBossQueue } from '../../adapters/pgboss/pgboss-queue';
import type { QueuedJob, SqlExecutor } from '../../src/queue/queue';

/** A promise with its resolver, for waiting on a handler instead of sleeping. */
function signal<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Backend {
  name: string;
  open(): Promise<{ db: SqlExecutor; inTx(fn: (tx: SqlExecutor) => Promise<void>): Promise<void>; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    async open() {
      const lite = await PGlite.create();
      const wrap = (q: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
        async executeSql(text, values) {
          if (values?.length) return (await q.query(text, values)) as { rows: Record<string, unknown>[] };
          return { rows: (await q.exec(text)).flatMap((r) => r.rows as Record<string, unknown>[]) };
        },
      });
      return { db: wrap(lite), inTx: (fn) => lite.transaction((tx) => fn(wrap(tx))), close: () => lite.close() };
    },
  },
];
if (process.env.DATABASE_URL)
  backends.push({
    name: 'PostgreSQL',
    async open() {
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
      const wrap = (c: pg.Pool | pg.PoolClient): SqlExecutor => ({ executeSql: (text, values) => c.query(text, values) });
      return {
        db: wrap(pool),
        async inTx(fn) {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await fn(wrap(c));
            await c.query('COMMIT');
          } catch (e) {
            await c.query('ROLLBACK');
            throw e;
          } finally {
            c.release();
          }
        },
        close: () => pool.end(),
      };
    },
  });

describe.each(backends)('the pg-boss queue on $name', (backend) => {
  let conn: Awaited<ReturnType<Backend['open']>>;
  let queue: PgBossQueue;
  const schema = `pgboss_test_${process.pid}_${Math.floor(Math.random() * 1e6)}`;

  beforeAll(async () => {
    conn = await backend.open();
    await conn.db.executeSql(`CREATE TABLE IF NOT EXISTS ${schema}_items (id int primary key)`);
    queue = await PgBossQueue.start({ db: conn.db, schema, pollingIntervalSeconds: 0.5 });
  });

  afterAll(async () => {
    await queue?.stop(2_000);
    await conn.db.executeSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await conn.db.executeSql(`DROP TABLE IF EXISTS ${schema}_items`);
    await conn.close();
  });

  it('enqueues inside the caller’s transaction: a rolled-back job never exists', async () => {
    await conn.inTx(async (tx) => {
      await tx.executeSql(`INSERT INTO ${schema}_items (id) VALUES (1)`);
      await queue.enqueue('triage', [{ data: { item: 1 } }], { tx });
    });
    await expect(
      conn.inTx(async (tx) => {
        await queue.enqueue('triage', [{ data: { item: 2 } }], { tx });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const seen: number[] = [];
    const done = signal();
    await queue.work<{ item: number }>('triage', async (job) => {
      seen.push(job.data.item);
      done.resolve();
    });
    queue.wake('triage');
    await done.promise;
    await until(async () => (await queue.counts()).triage?.completed === 1);
    expect(seen).toEqual([1]);
  });

  it('retries a failing job, keeps it visible once its retries are used up, and does not fail its batch-mates', async () => {
    const attempts = new Map<string, number>();
    const ok = signal();
    await queue.work<{ bad: boolean }>('alert', async (job: QueuedJob<{ bad: boolean }>) => {
      attempts.set(job.id, job.retryCount);
      if (job.data.bad) throw new Error(`alert failed on attempt ${job.retryCount + 1}`);
      ok.resolve();
    });
    await queue.enqueue('alert', [{ data: { bad: true } }, { data: { bad: false } }]);
    queue.wake('alert');
    await ok.promise;
    // alert has retryLimit 8 with backoff; speed this one up by failing it directly past its limit
    await conn.db.executeSql(`UPDATE ${schema}.job SET retry_limit = 1, retry_delay = 0, retry_backoff = false, start_after = now() WHERE name = 'alert' AND data->>'bad' = 'true'`);
    await until(async () => {
      queue.wake('alert');
      return (await queue.failedJobs({ queue: 'alert' })).length === 1;
    }, 30_000);
    const [failed] = await queue.failedJobs({ queue: 'alert' });
    expect(failed).toMatchObject({ queue: 'alert', data: { bad: true }, error: expect.stringMatching(/alert failed on attempt/) });
    expect((await queue.counts()).alert?.completed).toBe(1);
  });

  it('reports its health', async () => {
    expect(await queue.health()).toEqual({ ok: true });
  });
});
