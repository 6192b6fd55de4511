import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open';
import { syncSchool } from '../../src/store/school-sync';
import { StoredUsageLedger } from '../../src/triage/stored-usage-ledger';
import { schoolWith } from '../adapters/openai/fixtures';
import { backends } from '../workflow/store-fixtures';

/** The server's model-call ledger on PGlite, and on PostgreSQL when DATABASE_URL is set (a fresh database). */
describe.each(backends)('the stored model-call ledger on $name', (backend) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await backend.open());
    await syncSchool(store.db, schoolWith({ mode: 'openai' }));
    await syncSchool(store.db, schoolWith({}, { school: { id: 'ashdown', name: 'Ashdown School', timezone: 'Europe/London', phone_numbers: ['+447700900002'] } }));
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('sums each school’s tokens per school day, failed calls and all, and survives reopening the ledger', async () => {
    const ledger = new StoredUsageLedger(store.db);
    expect(await ledger.tokensUsed('rossmore', '2026-10-01')).toBe(0);
    const call = { schoolId: 'rossmore', day: '2026-10-01', purpose: 'triage' as const, modelId: 'gpt-4o-mini/triage-v1', latencyMs: 812, subjectId: 'm1' };
    await ledger.record({ ...call, outcome: 'ok', usage: { inputTokens: 2143, outputTokens: 187 } });
    await ledger.record({ ...call, outcome: 'timeout', usage: null, latencyMs: 15_004 });
    await ledger.record({ ...call, purpose: 'reply_draft', outcome: 'refusal', usage: { inputTokens: 640, outputTokens: 9 } });
    await ledger.record({ ...call, day: '2026-10-02', outcome: 'ok', usage: { inputTokens: 1_000, outputTokens: 1 } });
    await ledger.record({ ...call, schoolId: 'ashdown', outcome: 'ok', usage: { inputTokens: 5_000, outputTokens: 5 } });
    const again = new StoredUsageLedger(store.db);
    expect(await again.tokensUsed('rossmore', '2026-10-01')).toBe(2143 + 187 + 640 + 9);
    expect(await again.tokensUsed('rossmore', '2026-10-02')).toBe(1_001);
    expect(await again.tokensUsed('ashdown', '2026-10-01')).toBe(5_005);
  });
});
