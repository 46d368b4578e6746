// StrykerJS over the pure core and the rules that guard users (`npm run mutate`; CI runs it as its own job).
import { fileURLToPath } from 'node:url';

// The TypeScript checker needs TypeScript's compiler API, which TypeScript 7 no longer ships:
// this hook hands it the typescript-6 devDependency, in this process and in the checker processes.
const hook = fileURLToPath(new URL('./stryker.typescript-6.mjs', import.meta.url));
await import(hook);
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${JSON.stringify(hook)}`.trim();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/plan.ts',
    'src/safety.ts',
    'src/fingerprint.ts',
    'src/email-index.ts',
    'src/config/rules.ts',
    'src/config/desired.ts',
    'src/redact.ts',
    'src/glob.ts',
    'src/rate-budget.ts',
    'src/render/markdown-fit.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  // The first run of the tests, with per-test coverage, on a busy 2-core machine.
  dryRunTimeoutMinutes: 20,
  // No TypeScript checker: it cost ~5.5 s per mutant against ~1 s for a test run, and a mutant that would not
  // compile still runs under vitest (types are erased) and is killed or survives on behaviour, which is what counts.
  checkers: [],
  tsconfigFile: 'stryker.tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level code, and code the test files run while loading) run every test:
  // ~210 of ~1370 mutants took two thirds of a 2.5-hour run. They are reported as Ignored; a run with
  // `--ignoreStatic false` (incremental: only they run) measures them when there is time, e.g. in CI.
  ignoreStatic: true,
  // Re-runs only mutants whose code or tests changed since the committed result file.
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  thresholds: { high: 95, low: 90, break: 90 },
  // Equivalent mutants (no test can tell them apart); disabled in the source with a reason where the line
  // holds no killable mutant of the same mutator, otherwise left as survivors and listed here:
  // - config/desired.ts mergeSafety `x === undefined ? {} : { x }` → `{ x }`: desiredOrgFrom rebuilds or overwrites both keys.
  // - config/desired.ts stripSlash /\/+$/ → /\/$/: an origin passes validation only with no path but `/`.
  // - config/desired.ts groupConflicts `grants.length === 0` → false: resolving no grants finds no conflicts.
  // - email-index.ts `pending/expired.length > 1` → true, `>= 1`: sorting 0 or 1 invites changes nothing.
  // - email-index.ts newestFirst `a.id < b.id` → `<=`: only an invite listed twice under one id ties on id.
  // - fingerprint.ts row sort `a < b` → `a <= b`: equal rows are equal strings; `'utf8'` → `''`: Node's default encoding.
  // - rate-budget.ts pacedWindows `catch {}` emptied: an unparsed host is no loopback either; /^127…/ without `^`:
  //   a URL hostname ending in a dotted number must be a whole IPv4 address.
  // - safety.ts exceeds `base === 0 ? count > 0 : …` → false, `count > 0` → true, `>= 0`: caps are ≥ 0, so count > cap
  //   already means count ≥ 1, and count / 0 is Infinity.
  // - plan.ts `if (no desired, pending or ended) continue` → never: such a record (a member only) plans nothing below.
  // - fingerprint.ts and email-index.ts comparators `a > b ? 1 : 0` → `1`/`0`/`>=`/`<=`: V8's sort reads only whether
  //   the result is < 0, so a comparator that answers 0 or 1 for "not less" sorts alike.
  // - plan.ts anyAddressIgnored `address !== key` → true: the key itself was already found not ignored.
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  // Two cores shared with the rest of CI and other work: two test runners.
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
