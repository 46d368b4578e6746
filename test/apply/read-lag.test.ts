// Lost create answers plus lists that lag writes: apply confirms with backoff and never e-mails anyone twice.
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { concurrencyGates } from '../../src/apply/gates.ts';
import { planFromApis } from '../../src/reconcile.ts';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { bulkConfig, bulkSeeds } from '../helpers/bulk-config.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const CREATES = 6;
const LAG_MS = 400;

async function planAndApply(dir: string) {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: sandbox!.env, cwd: dir };
  const run = await planFromApis(io, { configFile: 'invites.yaml', orgNames: [], readOnly: false, gateFor: concurrencyGates(4), retry: FAST_RETRY });
  const report = await applyPlan(run.plan, run.connections, { confirm: { windowMs: 5_000, firstDelayMs: 50, maxDelayMs: 400 } });
  return { changes: run.plan.orgs.flatMap((org) => org.changes).length, report };
}

describe('emulator fault: reads lag writes', () => {
  it('leaves a new invite out of lists until the lag has passed, the same for every page of one read', async () => {
    sandbox = await startSandbox({ faults: { seed: 1, readLagMs: 60_000 } });
    const created = await fetch(`${sandbox.anthropic.url}/v1/organizations/invites`, {
      method: 'POST',
      headers: { 'x-api-key': sandbox.env['ANTHROPIC_ADMIN_API_KEY']!, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lag@acme.com', role: 'user' }),
    });
    expect(created.status).toBe(200);
    const listed = async () => {
      const response = await fetch(`${sandbox!.anthropic.url}/v1/organizations/invites?limit=1000`, { headers: { 'x-api-key': sandbox!.env['ANTHROPIC_ADMIN_API_KEY']!, 'anthropic-version': '2023-06-01' } });
      return ((await response.json()) as { data: { email: string }[] }).data.map((invite) => invite.email);
    };
    expect(await listed()).not.toContain('lag@acme.com');
    expect(sandbox.anthropic.api.invites().map((invite) => invite.email)).toContain('lag@acme.com');
    sandbox.clock.advance(60_000);
    expect(await listed()).toContain('lag@acme.com');
  });
});

describe('apply: an uncertain create is confirmed by re-reading with backoff before it is sent again', () => {
  it('every create answer lost and lists lagging: one email per invitee, all confirmed in one apply', async () => {
    sandbox = await startSandbox({ seed: bulkSeeds(0, 0), faults: { seed: 5, rates: { lost: 1 }, methods: ['POST'], readLagMs: LAG_MS } });
    const dir = await configDir(bulkConfig(CREATES));
    const { changes, report } = await planAndApply(dir);
    expect(changes).toBe(2 * CREATES);
    for (let i = 0; i < CREATES; i++) {
      expect(sandbox.posthog.api.emailsSent(`new${i}@acme.com`), `posthog new${i}`).toBe(1);
      expect(sandbox.anthropic.api.emailsSent(`new${i}@acme.com`), `anthropic new${i}`).toBe(1);
    }
    expect(report.results.map((result) => result.outcome)).toEqual(Array(2 * CREATES).fill('confirmed'));
    const posted = (log: readonly { method: string }[]) => log.filter((entry) => entry.method === 'POST').length;
    expect(posted(sandbox.posthog.log)).toBe(1);
    expect(posted(sandbox.anthropic.log)).toBe(CREATES);
    expect(sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).filter((invite) => invite.target_email?.startsWith('new'))).toHaveLength(CREATES);
  });
});
