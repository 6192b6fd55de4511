import type { FastifyInstance } from 'fastify';

/** Something to close after the server has stopped: the queue (drain), then the database. Run in the order given. */
export interface CloseHook {
  name: string;
  close: () => Promise<void>;
}

export interface ShutdownOptions {
  onClose: readonly CloseHook[];
  signals?: readonly NodeJS.Signals[];
  /** After this long the process exits anyway (code 1), so a stuck hook cannot keep a dead server up. */
  timeoutMs?: number;
  /** Injected so tests can watch it; process.exit in production. */
  exit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** Stop accepting, let requests in flight finish, then close each hook. Safe to call more than once. */
  shutdown(reason: string): Promise<void>;
  /** Remove the signal handlers (tests). */
  dispose(): void;
}

export function installGracefulShutdown(app: FastifyInstance, options: ShutdownOptions): GracefulShutdown {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = options.timeoutMs ?? 25_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  async function run(reason: string): Promise<void> {
    app.log.info({ reason }, 'shutting down: no new requests; finishing those in flight');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    let failed = false;
    try {
      // Closes the listener at once, answers 503 on kept-alive connections, resolves when in-flight requests end.
      await app.close();
    } catch (e) {
      failed = true;
      app.log.error({ err: e }, 'closing the HTTP server failed');
    }
    for (const hook of options.onClose) {
      try {
        await hook.close();
        app.log.info({ hook: hook.name }, 'closed');
      } catch (e) {
        failed = true;
        app.log.error({ err: e, hook: hook.name }, 'close hook failed');
      }
    }
    clearTimeout(timer);
    app.log.info('shutdown complete');
    exit(failed ? 1 : 0);
  }

  const shutdown = (reason: string) => {
    running ??= run(reason);
    return running;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  for (const s of signals) process.on(s, onSignal);

  return {
    shutdown,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
