// rate_limits in the config: a custom plan's windows reach the desired state as the budget reads them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../../src/config/load.ts';
import { desiredStateFrom } from '../../src/config/desired.ts';
import { durationMs } from '../../src/config/fields.ts';

const FIXTURE = new URL('../fixtures/config/rate-limits-same-on-one-key.yaml', import.meta.url);

describe('rate_limits', () => {
  it('maps each window to requests per milliseconds; orgs on one key may write the same limits differently', async () => {
    const check = checkConfigText(await readFile(FIXTURE, 'utf8'), 'rate-limits-same-on-one-key.yaml');
    if (!check.ok) throw new Error(check.problems.map((problem) => problem.message).join('\n'));
    const windows = Object.fromEntries(desiredStateFrom(check.config).orgs.map((org) => [org.name, org.rateWindows]));
    expect(windows).toEqual({
      analytics: [{ requests: 100, perMs: 60_000 }, { requests: 1200, perMs: 3_600_000 }],
      'analytics-eu': [{ requests: 1200, perMs: 3_600_000 }, { requests: 100, perMs: 60_000 }],
      claude: [{ requests: 5, perMs: 86_400_000 }],
    });
  });

  it('leaves rateWindows out when the org has no rate_limits, so the published windows apply', () => {
    const check = checkConfigText('version: 1\norgs:\n  claude:\n    provider: anthropic\n', 'x.yaml');
    if (!check.ok) throw new Error('expected a valid config');
    expect(desiredStateFrom(check.config).orgs[0]).not.toHaveProperty('rateWindows');
  });

  it('reads durations in s, min and h only, up to six digits', () => {
    expect([durationMs('1s'), durationMs('90s'), durationMs('2min'), durationMs('24h')]).toEqual([1000, 90_000, 120_000, 86_400_000]);
    for (const text of ['1m', '0s', '1.5h', '60', ' 60s', '60S', '1000000s', '1d', '']) expect(durationMs(text), text).toBeUndefined();
  });
});
