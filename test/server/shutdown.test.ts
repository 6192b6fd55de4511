import { describe, expect, it, vi } from 'vitest';
import { installGracefulShutdown } from '../../src/server/shutdown';
import { inboundForm, postSigned, startServer } from './helpers';

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request in flight, then closes the queue and the database in order', async () => {
    const server = await startServer();
    const events: string[] = [];
    const exit = vi.fn();
    const handle = installGracefulShutdown(server.app, {
      signals: [],
      exit,
      onClose: [
        { name: 'queue', close: async () => void events.push('queue drained') },
        { name: 'database', close: async () => void events.push('database closed') },
      ],
    });

    const held = server.ingest.hold();
    const inFlight = postSigned(server, '/webhooks/twilio/sms', inboundForm());
    await held.entered;

    const done = handle.shutdown('SIGTERM');
    await vi.waitFor(() => expect(server.app.server.listening).toBe(false));
    await expect(fetch(`${server.base}/health`)).rejects.toThrow();
    expect(events).toEqual([]);

    held.release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(server.ingest.texts).toHaveLength(1);
    await done;
    expect(events).toEqual(['queue drained', 'database closed']);
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
    handle.dispose();
  });

  it('runs on a signal, once, however many signals arrive', async () => {
    const server = await startServer();
    const close = vi.fn(async () => {});
    let resolve!: (code: number) => void;
    const exited = new Promise<number>((r) => {
      resolve = r;
    });
    const handle = installGracefulShutdown(server.app, { signals: ['SIGUSR2'], exit: resolve, onClose: [{ name: 'db', close }] });
    process.emit('SIGUSR2', 'SIGUSR2');
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(await exited).toBe(0);
    expect(close).toHaveBeenCalledTimes(1);
    handle.dispose();
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });

  it('still closes the rest when one hook fails, and exits 1', async () => {
    const server = await startServer();
    const closed: string[] = [];
    const exit = vi.fn();
    const handle = installGracefulShutdown(server.app, {
      signals: [],
      exit,
      onClose: [
        {
          name: 'queue',
          close: async () => {
            throw new Error('drain failed');
          },
        },
        { name: 'database', close: async () => void closed.push('database') },
      ],
    });
    await handle.shutdown('test');
    expect(closed).toEqual(['database']);
    expect(exit).toHaveBeenCalledWith(1);
    expect(server.logs.text).toMatch(/close hook failed/);
  });
});
