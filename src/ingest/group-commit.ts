/**
 * Group commit: callers submit one item each and wait; items that arrive while a write is in flight are
 * written together in the next one. One transaction per batch instead of per request is what lets the
 * embedded database take thousands of webhooks a second, and each caller still hears back only after its
 * own item is durably written.
 */
export class GroupCommitter<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;
  private closed = false;
  private idle: (() => void)[] = [];

  /**
   * @param write writes a batch in one transaction and returns one output per item, in order; if it throws,
   *   every caller in the batch gets the error (nothing of the batch was committed).
   */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the ingest writer is shutting down'));
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Let the other requests of this tick join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const out = await this.write(batch.map((b) => b.item));
        if (out.length !== batch.length) throw new Error(`batch write returned ${out.length} results for ${batch.length} items`);
        for (const [i, b] of batch.entries()) b.resolve(out[i]!);
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    this.writing = false;
    for (const f of this.idle.splice(0)) f();
  }

  /**
   * Resolves once nothing is waiting to be written, or after `maxWaitMs`. Background work that shares the
   * database (triage) waits on this, so a burst of webhooks is answered first and triage catches up after;
   * the bound keeps triage from starving under sustained load.
   */
  whenQuiet(maxWaitMs: number): Promise<void> {
    if (!this.writing && !this.pending.length) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Refuse new items and wait until everything submitted so far is written. */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.writing && !this.pending.length) return;
    await new Promise<void>((r) => this.idle.push(r));
  }
}
