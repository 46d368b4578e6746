// The tests Stryker runs per mutant: the unit and property tests of the pure core and the guarding rules, not the end-to-end suites.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/plan*.test.ts',
      'test/safety*.test.ts',
      'test/fingerprint*.test.ts',
      'test/glob.test.ts',
      'test/email-index.test.ts',
      'test/redact.test.ts',
      'test/rate-budget.test.ts',
      'test/config/**/*.test.ts',
      'test/render/**/*.test.ts',
    ],
    // Paces real time: seconds per run, and the pacing rules have their own unit tests above.
    exclude: ['test/config/rate-limits-pacing.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
