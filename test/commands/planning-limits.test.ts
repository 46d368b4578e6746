// Planning's HTTP plumbing through main(): reads bounded per key, key characters checked at connect, time flags and defaults.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseTimeLimits } from '../../src/deadline.ts';
import { UsageError } from '../../src/errors.ts';
import { runCli, STACK_FRAME } from '../helpers/cli.ts';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

const KEY = 'phx_planningLimitsTestKey0123456789abcd';
const servers: HostileServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** `count` PostHog orgs on one key (the default variable), all at `url`. */
function posthogOrgs(url: string, count: number): string {
  const orgs = Array.from({ length: count }, (_, index) => {
    const id = `0190a4f2-7c11-7000-8000-${String(index).padStart(12, '0')}`;
    return `  org${index}:\n    provider: posthog\n    host: ${url}\n    organization_id: ${id}\n    invites: []\n`;
  });
  return `version: 1\norgs:\n${orgs.join('')}`;
}

describe('plan reads are bounded per key', () => {
  it('never has more than 4 requests in flight on one key across 50 orgs', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await startHostileServer(async (_request, response) => {
      most = Math.max(most, ++inFlight);
      await new Promise((done) => setTimeout(done, 15));
      inFlight -= 1;
      sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
    });
    servers.push(server);
    const cwd = await configDir(posthogOrgs(server.url, 50));
    const run = await runCli(['plan'], { cwd, env: { POSTHOG_PERSONAL_API_KEY: KEY } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.seen).toHaveLength(100);
    expect(most).toBeLessThanOrEqual(4);
  });
});

describe('API keys are checked at connect', () => {
  it.each([
    ['a non-Latin-1 character', `${KEY}€`],
    ['a control character', `phx_abc\u0007def0123456789`],
  ])('refuses a key with %s in one line naming the variable, never the value', async (_what, key) => {
    const server = await startHostileServer((_request, response) => sendJson(response, 200, { count: 0, next: null, results: [] }));
    servers.push(server);
    const cwd = await configDir(posthogOrgs(server.url, 1));
    const run = await runCli(['plan'], { cwd, env: { POSTHOG_PERSONAL_API_KEY: key } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/org0: environment variable POSTHOG_PERSONAL_API_KEY holds a character that cannot be sent in an HTTP header/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).not.toContain('abc');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(server.seen).toHaveLength(0);
  });
});

describe('time flags', () => {
  it('have the defaults the README promises: a silent server fails a run within 2 minutes, endless pages within 90 s', () => {
    expect(DEFAULT_LIMITS).toEqual({ timeoutMs: 30_000, readDeadlineMs: 80_000, deadlineMs: 3_600_000 });
    expect(parseTimeLimits('plan', {})).toEqual(DEFAULT_LIMITS);
  });

  it('read durations with units, a bare number as seconds', () => {
    expect(parseTimeLimits('plan', { timeout: '2.5', 'read-deadline': '500ms', deadline: '10m' })).toEqual({ timeoutMs: 2500, readDeadlineMs: 500, deadlineMs: 600_000 });
    expect(parseTimeLimits('apply', { deadline: '2h' }).deadlineMs).toBe(7_200_000);
  });

  it('refuse a bad value naming the flag', async () => {
    expect(() => parseTimeLimits('plan', { deadline: 'soon' })).toThrow(UsageError);
    expect(() => parseTimeLimits('plan', { timeout: '0' })).toThrow(/--timeout must be a duration/);
    const run = await runCli(['plan', '--read-deadline', '-1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--read-deadline/);
  });
});
