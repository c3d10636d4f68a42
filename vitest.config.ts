import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: PGlite start-up and argon2 are CPU-bound, so more workers only add contention.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
