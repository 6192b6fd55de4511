import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.live.test.ts', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    // PGlite runs initdb per new database (3-5 s) and several tests start the real CLI or server as a process;
    // on a busy 2-core machine that can take far longer than usual. Room for that, not for hangs.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
