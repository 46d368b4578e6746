import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { concurrencyGates } from '../../src/apply/gates.ts';
import { planFromApis } from '../../src/reconcile.ts';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { ApplyReport } from '../../src/model.ts';
import { bulkConfig, bulkSeeds } from '../helpers/bulk-config.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

const CREATES = 300;
const DELETES = 100;
const IGNORED = 10;

/** Plans and applies once through the same pipeline as `invitectl apply`, with fast retries. */
async function planAndApply(sandbox: Sandbox, dir: string): Promise<{ changes: number; report: ApplyReport }> {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: sandbox.env, cwd: dir };
  const run = await planFromApis(io, { configFile: 'invites.yaml', orgNames: [], readOnly: false, gateFor: concurrencyGates(4), retry: FAST_RETRY });
  const changes = run.plan.orgs.reduce((sum, org) => sum + org.changes.length, 0);
  return { changes, report: await applyPlan(run.plan, run.connections, { confirm: { windowMs: 300, firstDelayMs: 20, maxDelayMs: 100 } }) };
}

describe('apply under 20 % injected faults (including responses lost after the write)', () => {
  it.each([7, 21])('seed %i: converges, one email per invitee, nothing outside the plan deleted', async (seed) => {
    const sandbox = await startSandbox({
      seed: bulkSeeds(DELETES, IGNORED),
      faults: { seed, rates: { '429': 0.03, '500': 0.04, '503': 0.03, '529': 0.02, reset: 0.04, lost: 0.04 } },
    });
    try {
      const dir = await configDir(bulkConfig(CREATES));
      const first = await planAndApply(sandbox, dir);
      expect(first.changes).toBe(2 * (CREATES + DELETES));
      const lostWrites = [...sandbox.posthog.log, ...sandbox.anthropic.log].filter((entry) => entry.method !== 'GET' && entry.fault === 'lost');
      expect(lostWrites.length).toBeGreaterThan(0);
      // One apply converges, or exits 3 and a second one does.
      let remaining = await planAndApply(sandbox, dir);
      if (remaining.changes > 0) remaining = await planAndApply(sandbox, dir);
      expect((await planAndApply(sandbox, dir)).changes).toBe(0);

      const posthogPending = sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).map((invite) => invite.target_email ?? '');
      const anthropicPending = sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email);
      for (const pending of [posthogPending, anthropicPending]) {
        expect(pending.filter((email) => email.startsWith('new'))).toHaveLength(CREATES);
        expect(pending.filter((email) => email.startsWith('old'))).toEqual([]);
        // Ignored invites are outside the plan: all still there.
        expect(pending.filter((email) => email.endsWith('@contractors.acme.com'))).toHaveLength(IGNORED);
      }
      for (let i = 0; i < CREATES; i++) {
        expect(sandbox.posthog.api.emailsSent(`new${i}@acme.com`)).toBe(1);
        expect(sandbox.anthropic.api.emailsSent(`new${i}@acme.com`)).toBe(1);
      }
    } finally {
      await sandbox.close();
    }
  });
});
