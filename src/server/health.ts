import type { FastifyInstance } from 'fastify';

export interface HealthStatus {
  ok: boolean;
  detail?: string;
}

/** A dependency's own check (a `select 1`, the queue's state). Resolve `{ok:false}` or throw when it is down. */
export type HealthCheck = () => Promise<HealthStatus>;

export interface HealthChecks {
  database: HealthCheck;
  queue: HealthCheck;
}

/** Run one check, bounded by a timeout: a hung database must make /health say so, not hang it too. */
async function probe(check: HealthCheck, timeoutMs: number): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthStatus>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const r = await Promise.race([check(), timeout]);
    return r.detail === undefined ? { ok: r.ok } : { ok: r.ok, detail: r.detail };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health: 200 when every dependency is up, 503 (same body shape) when one is down. */
export function healthRoutes(app: FastifyInstance, checks: HealthChecks, timeoutMs: number) {
  // Liveness for a process supervisor: the process answers, nothing else is checked (also the benchmark's bare endpoint).
  app.get('/livez', async () => ({ status: 'alive' }));

  app.get('/health', async (_request, reply) => {
    const [database, queue] = await Promise.all([probe(checks.database, timeoutMs), probe(checks.queue, timeoutMs)]);
    const ok = database.ok && queue.ok;
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database, queue });
  });
}
