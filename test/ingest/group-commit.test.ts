import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../src/ingest/group-commit';

describe('group commit', () => {
  it('writes items that arrive together in one batch, and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    const c = new GroupCommitter<number, string>(async (items) => {
      batches.push(items);
      return items.map((i) => `ok ${i}`);
    });
    const out = await Promise.all([1, 2, 3].map((i) => c.submit(i)));
    expect(out).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('batches what arrives during a write into the next write, capped at maxBatch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const c = new GroupCommitter<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items;
    }, 2);
    const first = c.submit(0);
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3].map((i) => c.submit(i));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([0, 1, 2, 3]);
    expect(batches).toEqual([[0], [1, 2], [3]]);
  });

  it('fails every caller of a batch whose write failed, and carries on with the next batch', async () => {
    let calls = 0;
    const c = new GroupCommitter<number, number>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('disk full');
      return items;
    });
    const failed = await Promise.allSettled([c.submit(1), c.submit(2)]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect(await c.submit(3)).toBe(3);
  });

  it('on close, finishes what was submitted and refuses new items', async () => {
    const written: number[] = [];
    const c = new GroupCommitter<number, number>(async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      written.push(...items);
      return items;
    });
    const p = c.submit(1);
    await c.close();
    expect(written).toEqual([1]);
    await expect(p).resolves.toBe(1);
    await expect(c.submit(2)).rejects.toThrow(/shutting down/);
  });

  it('tells background work when it is quiet: at once when idle, after the write in flight, or at the bound', async () => {
    let release!: () => void;
    const c = new GroupCommitter<number, number>(async (items) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return items;
    });
    let quiet = false;
    await c.whenQuiet(10_000); // idle: resolves at once
    const p = c.submit(1);
    const waiting = c.whenQuiet(10_000).then(() => {
      quiet = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(quiet).toBe(false); // still writing
    release();
    await Promise.all([p, waiting]);
    expect(quiet).toBe(true);

    const q = c.submit(2);
    let bounded = false;
    await c.whenQuiet(10).then(() => {
      bounded = true;
    });
    expect(bounded).toBe(true); // gave up waiting: background work is never starved
    release();
    await q;
  });
});
