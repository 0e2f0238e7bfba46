import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Real audio decoding, SQLite files and child processes: generous per-test time, files in
    // parallel across the two cores this project is developed on.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for what a browser or a child process shows; its 1 s default is shorter
    // than a debounce plus a query takes when both cores are busy with other test files.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    reporters: ['default'],
  },
});
