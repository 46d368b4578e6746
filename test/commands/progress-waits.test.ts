// Progress says when a key waits for a rate limit, and for how long, without flooding a CI log.
import { describe, expect, it } from 'vitest';
import { reportWaits } from '../../src/commands/progress.ts';
import { RateBudget } from '../../src/rate-budget.ts';

function capture(isTTY = false) {
  const lines: string[] = [];
  return { stream: { isTTY, write: (text: string) => lines.push(text) }, lines };
}

describe('reportWaits', () => {
  it('says how long a 429 pauses the key, once per pause, and stops when asked', () => {
    let now = 0;
    const budget = new RateBudget([], { now: () => now, sleep: async () => undefined });
    const { stream, lines } = capture();
    const stop = reportWaits(stream, [budget, budget], () => now);
    budget.pauseFor(12_000);
    expect(lines).toEqual(['waiting 12 s: rate limit: paused 12 s by a 429\n']);
    now = 20_000;
    stop();
    budget.pauseFor(30_000);
    expect(lines).toHaveLength(1);
  });

  it('leaves short waits (pacing between requests) and repeats within 10 s out of the log', () => {
    let now = 0;
    const budget = new RateBudget([], { now: () => now, sleep: async () => undefined });
    const { stream, lines } = capture();
    reportWaits(stream, [budget], () => now);
    budget.pauseFor(500);
    expect(lines).toEqual([]);
    now = 1_000;
    budget.pauseFor(5_000);
    now = 3_000;
    budget.pauseFor(9_000);
    expect(lines).toEqual(['waiting 5 s: rate limit: paused 5 s by a 429\n']);
  });
});

describe('apply shows rate-limit waits', () => {
  it('prints how long the key waits when the API answers 429 with a Retry-After of seconds', async () => {
    const { startSandbox } = await import('../../src/emulators/sandbox.ts');
    const { configDir, runAgainst } = await import('../helpers/sandbox-cli.ts');
    const sandbox = await startSandbox({ rateLimit: { capacity: 2, refillPerSecond: 0.4 } });
    try {
      const config = `version: 1
orgs:
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    prune: false
    invites: [{ email: w1@acme.com }, { email: w2@acme.com }]
`;
      const run = await runAgainst(sandbox, ['apply', '--yes'], { cwd: await configDir(config) });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^waiting [2-9] s: rate limit: paused [2-9] s by a 429$/m);
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
