// Apply through main() against a sandbox that throttles like DRF: every change lands, one email each.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { bulkConfig, bulkSeeds } from '../helpers/bulk-config.ts';
import { STACK_FRAME } from '../helpers/cli.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

/** Per API: Anthropic creates one by one, PostHog in bulk; both revoke one by one. 64 in flight meet 10/s. */
const CREATES = 60;
const DELETES = 10;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('reliability: apply under tight rate limits', () => {
  it('a sliding 10/s limit on both APIs: 0 failures, one invite and one email per person', async () => {
    sandbox = await startSandbox({ seed: bulkSeeds(DELETES, 0), rateLimit: { sliding: [{ requests: 10, perSeconds: 1 }] } });
    const dir = await configDir(bulkConfig(CREATES));

    const run = await runAgainst(sandbox, ['apply', '--yes', '--concurrency', '64'], { cwd: dir });

    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect({ code: run.code, stderr: run.stderr.split('\n').filter((line) => /fail|error/i.test(line)) }).toEqual({ code: 0, stderr: [] });
    const wanted = Array.from({ length: CREATES }, (_, i) => `new${i}@acme.com`).sort();
    const posthog = sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).map((invite) => invite.target_email);
    const anthropic = sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email);
    expect(posthog.sort()).toEqual(wanted);
    expect(anthropic.sort()).toEqual(wanted);
    for (const email of wanted) {
      expect(sandbox.posthog.api.emailsSent(email), `posthog ${email}`).toBe(1);
      expect(sandbox.anthropic.api.emailsSent(email), `anthropic ${email}`).toBe(1);
    }
    // The limit really bit: both servers answered 429s, and the run still finished every change.
    for (const server of [sandbox.posthog, sandbox.anthropic]) expect(server.log.filter((entry) => entry.fault === 'rate-limited').length).toBeGreaterThan(0);
  }, 60_000);
});
