// Concurrency gates: one limit per credential, halved on a throttle episode, grown back on success.
import { describe, expect, it } from 'vitest';
import { concurrencyGates, NotSentError } from '../../src/apply/gates.ts';
import type { Gate } from '../../src/http.ts';
import { RateBudget } from '../../src/rate-budget.ts';

/** Tasks that stay in flight until released, counting how many run at once per label. */
function inFlight() {
  const now = new Map<string, number>();
  const max = new Map<string, number>();
  const releases: (() => void)[] = [];
  const run = (gate: Gate, label: string): Promise<void> =>
    gate(async () => {
      now.set(label, (now.get(label) ?? 0) + 1);
      max.set(label, Math.max(max.get(label) ?? 0, now.get(label)!));
      await new Promise<void>((release) => releases.push(release));
      now.set(label, now.get(label)! - 1);
    });
  /** Lets the tasks run until no new one starts, then releases all that are waiting. */
  const drain = async (): Promise<number> => {
    await new Promise((settle) => setTimeout(settle, 5));
    const batch = releases.splice(0);
    for (const release of batch) release();
    return batch.length;
  };
  return { run, drain, now, max };
}

describe('concurrency gates', () => {
  it('limit each credential on its own: two keys run side by side, each within its limit', async () => {
    const gates = concurrencyGates(2);
    const tasks = inFlight();
    const done = Promise.all([...Array.from({ length: 6 }, () => tasks.run(gates('key-a'), 'a')), ...Array.from({ length: 6 }, () => tasks.run(gates('key-b'), 'b'))]);
    // A global gate would start 2 in all; per-credential gates start 2 on each key.
    expect(await tasks.drain()).toBe(4);
    while ((await tasks.drain()) > 0);
    await done;
    expect(tasks.max.get('a')).toBe(2);
    expect(tasks.max.get('b')).toBe(2);
  });

  it('give orgs that share a key the same gate', () => {
    const gates = concurrencyGates(3);
    expect(gates('key-a')).toBe(gates('key-a'));
    expect(gates('key-a')).not.toBe(gates('key-b'));
    expect(gates.limitOf('key-a')).toBe(3);
    expect(gates.limitOf('unknown')).toBeUndefined();
  });

  it('halve on a throttle episode (once per episode, never below 1) and add one back per round of successes', async () => {
    let now = 0;
    const budget = new RateBudget([], { now: () => now });
    const gates = concurrencyGates(8);
    const gate = gates('key', budget);
    gates('key', budget);
    budget.pauseFor(1000);
    // A second 429 of the same burst is the same congestion: one halving, and one subscription per budget.
    budget.pauseFor(1000);
    expect(gates.limitOf('key')).toBe(4);
    for (const at of [2000, 4000, 6000]) {
      now = at;
      budget.pauseFor(1000);
    }
    expect(gates.limitOf('key')).toBe(1);
    now = 8000;
    budget.pauseFor(1000);
    expect(gates.limitOf('key')).toBe(1);

    // 1 success: 2; 2 more: 3; 3 more: 4.
    const tasks = inFlight();
    const done = Promise.all(Array.from({ length: 6 }, () => tasks.run(gate, 'k')));
    const started: number[] = [];
    for (let batch = await tasks.drain(); batch > 0; batch = await tasks.drain()) started.push(batch);
    await done;
    expect(started).toEqual([1, 2, 3]);
    expect(gates.limitOf('key')).toBe(4);
  });

  it('never grow past --concurrency', async () => {
    const gates = concurrencyGates(2);
    const gate = gates('key', new RateBudget());
    for (let i = 0; i < 20; i++) await gate(async () => i);
    expect(gates.limitOf('key')).toBe(2);
  });

  it('do not send what is still queued once the run is interrupted', async () => {
    const controller = new AbortController();
    const gates = concurrencyGates(1, controller.signal);
    const tasks = inFlight();
    const first = tasks.run(gates('key'), 'k');
    const queued = gates('key')(async () => 'sent');
    await new Promise((settle) => setTimeout(settle, 5));
    controller.abort();
    await tasks.drain();
    await first;
    await expect(queued).rejects.toBeInstanceOf(NotSentError);
  });
});
