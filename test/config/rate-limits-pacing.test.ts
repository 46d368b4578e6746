// rate_limits paces real requests: an emulator with no limit of its own sees at most the config's windows.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { STACK_FRAME } from '../helpers/cli.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

const CREATES = 4;
/** Arrival jitter allowed between the client's log and the server's (the budget adds a 500 ms margin). */
const TOLERANCE_MS = 100;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function config(rateLimits: string, secondOrg = ''): string {
  const invites = Array.from({ length: CREATES }, (_, i) => `\n      - email: paced${i}@acme.com`).join('');
  return `version: 1
orgs:
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    prune: false
${rateLimits}    invites:${invites}
${secondOrg}`;
}

/** The most requests the server saw arrive within any span shorter than `spanMs`. */
async function busiestSpan(rateLimits: string, spanMs: number, secondOrg = ''): Promise<{ requests: number; busiest: number }> {
  sandbox = await startSandbox();
  const env = { SAME_KEY_AGAIN: sandbox.env['ANTHROPIC_ADMIN_API_KEY']! };
  const run = await runAgainst(sandbox, ['apply', '--yes', '--concurrency', '8'], { cwd: await configDir(config(rateLimits, secondOrg)), env });
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.code, run.stderr).toBe(0);
  const emails = sandbox.anthropic.api.invites().map((invite) => invite.email);
  for (let i = 0; i < CREATES; i++) expect(emails).toContain(`paced${i}@acme.com`);
  const arrivals = sandbox.anthropic.log.map((entry) => entry.startedAt).sort((a, b) => a - b);
  const busiest = Math.max(...arrivals.map((start, i) => arrivals.filter((at, j) => j >= i && at < start + spanMs).length));
  return { requests: arrivals.length, busiest };
}

describe('rate_limits: the config replaces the published windows, on loopback too', () => {
  it('2 per 1s: no more than 2 requests arrive in any second of a 6-request apply', async () => {
    const { requests, busiest } = await busiestSpan('    rate_limits: [{ requests: 2, per: 1s }]\n', 1000 - TOLERANCE_MS);
    expect(requests).toBeGreaterThanOrEqual(2 + CREATES);
    expect(busiest).toBeLessThanOrEqual(2);
  }, 30_000);

  it('an org reaching the same key through another variable brings its rate_limits to the key, whichever org comes first', async () => {
    // Validation sees two keys; connect sees one, and the key keeps every window any org names.
    const second = `  claude-too:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    api_key_env: SAME_KEY_AGAIN
    prune: false
    rate_limits: [{ requests: 2, per: 1s }]
    invites: [{ email: other@acme.com }]
`;
    const { requests, busiest } = await busiestSpan('', 1000 - TOLERANCE_MS, second);
    expect(requests).toBeGreaterThanOrEqual(2 + CREATES);
    expect(busiest).toBeLessThanOrEqual(2);
  }, 30_000);

  it('without rate_limits the same apply is not paced on loopback (so the test above can fail)', async () => {
    const { busiest } = await busiestSpan('', 1000 - TOLERANCE_MS);
    expect(busiest).toBeGreaterThan(2);
  }, 30_000);
});
