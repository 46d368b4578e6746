import { describe, expect, it } from 'vitest';
import { createFaultInjector, decideFault, FAULT_KINDS, mulberry32, parseFaultSpec, type FaultOptions } from '../../src/emulators/faults.ts';

function decisions(options: FaultOptions, methods: string[]): ReturnType<typeof decideFault>[] {
  const injector = createFaultInjector(options);
  return methods.map((method) => injector.decide(method));
}

const busy: FaultOptions = { seed: 7, latencyMs: 10, latencyJitterMs: 40, rates: { '429': 0.1, '500': 0.1, reset: 0.1, lost: 0.1 } };
const order = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 'POST' : 'GET'));

describe('mulberry32', () => {
  it('is reproducible and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(drawn).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(drawn.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(drawn).size).toBeGreaterThan(990);
  });
});

describe('fault decisions', () => {
  it('are the same for the same seed and arrival order', () => {
    expect(decisions(busy, order)).toEqual(decisions(busy, order));
  });

  it('differ for a different seed', () => {
    expect(decisions({ ...busy, seed: 8 }, order)).not.toEqual(decisions(busy, order));
  });

  it('draw the same numbers whatever the methods, so a filter does not shift later decisions', () => {
    const onlyPost = decisions({ ...busy, methods: ['POST'] }, order);
    const all = decisions(busy, order);
    onlyPost.forEach((decision, i) => {
      expect(decision.latencyMs).toBe(all[i]!.latencyMs);
      if (order[i] === 'POST') expect(decision).toEqual(all[i]);
      else expect(decision.fault).toBeUndefined();
    });
  });

  it('keep latency within [latencyMs, latencyMs + jitter] and use the whole range', () => {
    const latencies = decisions(busy, order).map((d) => d.latencyMs);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(50);
    expect(new Set(latencies).size).toBeGreaterThan(20);
  });

  it('give no fault and no latency without rates or latency', () => {
    expect(decisions({ seed: 1 }, ['GET', 'POST'])).toEqual([{ latencyMs: 0 }, { latencyMs: 0 }]);
  });

  it('honour the rates over 10,000 decisions', () => {
    const rates = { '429': 0.05, '500': 0.1, '503': 0.02, '529': 0.03, reset: 0.05, lost: 0.15 };
    const injector = createFaultInjector({ seed: 123, rates });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const kind = injector.decide('POST').fault ?? 'none';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    for (const kind of FAULT_KINDS) expect(counts[kind]! / 10_000).toBeCloseTo(rates[kind], 1);
    expect(counts.none! / 10_000).toBeCloseTo(0.6, 1);
  });

  it('fault only the listed methods, case-insensitively', () => {
    const injector = createFaultInjector({ seed: 1, rates: { '500': 1 }, methods: ['post', 'DELETE'] });
    expect(['GET', 'POST', 'delete', 'PATCH'].map((m) => injector.decide(m).fault)).toEqual([undefined, '500', '500', undefined]);
  });

  it('refuse rates outside [0, 1] or adding up to more than 1', () => {
    expect(() => createFaultInjector({ seed: 1, rates: { '500': 1.5 } })).toThrow(RangeError);
    expect(() => createFaultInjector({ seed: 1, rates: { '500': 0.6, lost: 0.6 } })).toThrow(/must not exceed 1/);
  });
});

describe('parseFaultSpec', () => {
  it('parses the compact CLI form', () => {
    expect(parseFaultSpec('429=0.05,500=0.05, reset=0.05,lost=0.05')).toEqual({
      ok: true,
      rates: { '429': 0.05, '500': 0.05, reset: 0.05, lost: 0.05 },
    });
    expect(parseFaultSpec('')).toEqual({ ok: true, rates: {} });
  });

  it.each([
    ['500', /not KIND=RATE/],
    ['404=0.1', /unknown fault "404"/],
    ['500=abc', /not a number/],
    ['500=0.1,500=0.2', /given twice/],
    ['500=-0.1', /between 0 and 1/],
    ['500=0.7,503=0.7', /must not exceed 1/],
  ])('rejects %s', (spec, message) => {
    const result = parseFaultSpec(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
