import { defineConfig } from 'vitest/config';

/**
 * The live OpenAI tests, off by default (the main config excludes *.live.test.ts). Run them with a real key or
 * endpoint in the environment:
 *   OPENAI_API_KEY=sk-... npx vitest run --config test/adapters/openai/vitest.live.config.ts
 */
export default defineConfig({
  test: {
    include: ['test/adapters/openai/*.live.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
  },
});
