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
    // Seconds per test, run again for every mutant they reach: the sandbox end-to-end apply report, and
    // --redact-emails over a 20,000-change plan in every format (email redaction is not a mutated module).
    exclude: ['test/config/rate-limits-pacing.test.ts', 'test/render/apply-text.test.ts', 'test/render/redact-formats.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
