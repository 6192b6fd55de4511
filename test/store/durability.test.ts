import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open';
import { messages } from '../../src/store/schema';

/**
 * "No lost message" on the embedded default: PGlite runs with fsync off, so prove that a commit that returned
 * survives the process being SIGKILLed (the page cache outlives the process), and that the folder reopens.
 */
describe('embedded storage durability', () => {
  it('keeps every committed row when the writing process is SIGKILLed, and reopens without repair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-kill-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sigkill-writer.fixture.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const committed: string[] = [];
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const l of lines) if (l !== 'ready') committed.push(l);
        if (committed.length >= 300) child.kill('SIGKILL');
      });
    });
    expect(child.signalCode).toBe('SIGKILL');
    const store = await openStore({ dataDir: dir });
    try {
      const found = await store.db.select({ id: messages.id }).from(messages).where(inArray(messages.id, committed));
      expect(found.length).toBe(committed.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
