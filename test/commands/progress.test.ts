// apply's progress on long runs: elapsed time, rate and ETA, and how long a rate-limit pause lasts.
import { describe, expect, it } from 'vitest';
import { progressReporter, reportWaits } from '../../src/commands/progress.ts';
import type { ChangeResult } from '../../src/model.ts';
import { RateBudget } from '../../src/rate-budget.ts';

const applied: ChangeResult = { change: { org: 'acme', action: 'create', email: 'a@acme.com', to: 'member' }, outcome: 'applied' };

function terminal(columns?: number) {
  const out = { text: '' };
  const stream = { isTTY: true, ...(columns ? { columns } : {}), write: (chunk: string) => (out.text += chunk) };
  const last = () => out.text.split('\r\x1b[2K').at(-1)!;
  return { stream, out, last };
}

describe('the live counter on a terminal', () => {
  it('shows elapsed time, the rate and the time left', () => {
    let now = 0;
    const { stream, last } = terminal();
    const report = progressReporter(stream, 5000, () => now);
    now = 65_000;
    for (let i = 0; i < 120; i++) report(applied);
    // 120 in 65 s is 1.8/s; 4,880 left at that rate is 44m03s.
    expect(last()).toBe('[120/5000] applying… 1m05s elapsed · 1.8/s · ETA 44m03s');
  });

  it('says while a rate limit pauses the key, and counts the pause down', () => {
    let now = 0;
    const budget = new RateBudget([], { now: () => now, sleep: async () => undefined });
    const { stream, last, out } = terminal();
    const report = progressReporter(stream, 10, () => now);
    const stop = reportWaits(stream, [budget], () => now);
    now = 10_000;
    report(applied);
    budget.pauseFor(30_000);
    expect(out.text).toContain('waiting 30 s: rate limit: paused 30 s by a 429\n');
    expect(last()).toBe('[1/10] applying… 10s elapsed · 6.0/min · ETA 1m30s · paused 30 s by a rate limit');
    now = 22_000;
    report(applied);
    expect(last()).toMatch(/ · paused 18 s by a rate limit$/);
    now = 41_000;
    report(applied);
    expect(last()).not.toContain('paused');
    stop();
  });

  it('never draws wider than the terminal (a wrapped line cannot be redrawn in place)', () => {
    const { stream, last } = terminal(30);
    const report = progressReporter(stream, 5000, () => 0);
    report(applied);
    expect(last().length).toBeLessThan(30);
  });
});

describe('progress without a terminal (CI logs)', () => {
  it('adds a summary line with the rate and ETA every 30 s between the per-change lines', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({ write: (text: string) => lines.push(text) }, 100, () => now);
    now = 10_000;
    report(applied);
    expect(lines).toEqual(['✓ acme: invite a@acme.com\n']);
    now = 40_000;
    report(applied);
    expect(lines.at(-1)).toBe('progress: 2/100 · 40s elapsed · 3.0/min · ETA 32m40s\n');
  });
});
