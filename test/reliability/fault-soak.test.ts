import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { concurrencyGates } from '../../src/apply/gates.ts';
import { planFromApis } from '../../src/commands/planning.ts';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { LoggedRequest } from '../../src/emulators/server.ts';
import { bulkConfig, bulkSeeds } from '../helpers/bulk-config.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

const CREATES = 60;
const DELETES = 20;
const IGNORED = 5;
/** 20 % of requests fail: every status fault, connections reset before the change and answers lost after it. */
const RATES = { '429': 0.03, '500': 0.04, '503': 0.03, '529': 0.02, reset: 0.04, lost: 0.04 };

/** Plans and applies once through apply's pipeline; returns the change count and the invite ids it planned to revoke. */
async function planAndApply(sandbox: Sandbox, dir: string): Promise<{ changes: number; deleteIds: string[] }> {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: sandbox.env, cwd: dir };
  const run = await planFromApis(io, { configFile: 'invites.yaml', orgNames: [], readOnly: false, gateFor: concurrencyGates(4), retry: FAST_RETRY });
  const changes = run.plan.orgs.flatMap((org) => org.changes);
  await applyPlan(run.plan, run.connections);
  return { changes: changes.length, deleteIds: changes.flatMap((change) => (change.action === 'delete' && change.inviteId ? [change.inviteId] : [])) };
}

/** The invite id each DELETE request named (the last path segment). */
function deletedIds(log: readonly LoggedRequest[]): string[] {
  return log.filter((entry) => entry.method === 'DELETE').map((entry) => decodeURIComponent(entry.path.split('?')[0]!.replace(/\/$/, '').split('/').pop()!));
}

describe('reliability: apply under 20 % injected faults, several seeds', () => {
  it.each([3, 11, 42, 1234])('seed %i: converges, one email per invitee, no delete outside the plan', async (seed) => {
    const sandbox = await startSandbox({ seed: bulkSeeds(DELETES, IGNORED), faults: { seed, rates: RATES } });
    try {
      const membersBefore = sandbox.posthog.api.membersOf(DEFAULT_ORGANIZATION_ID).length;
      const dir = await configDir(bulkConfig(CREATES));
      const planned = new Set<string>();
      const rounds: number[] = [];
      // The first apply meets the faults; later ones finish what it could not confirm.
      for (let round = 0; round < 4; round++) {
        const { changes, deleteIds } = await planAndApply(sandbox, dir);
        for (const id of deleteIds) planned.add(id);
        rounds.push(changes);
        if (changes === 0) break;
      }
      expect(rounds[0]).toBe(2 * (CREATES + DELETES));
      expect(rounds.at(-1)).toBe(0);
      expect(rounds.length).toBeLessThanOrEqual(3);

      // The faults really happened, writes included.
      const log = [...sandbox.posthog.log, ...sandbox.anthropic.log];
      expect(log.filter((entry) => entry.fault !== undefined && entry.method !== 'GET').length).toBeGreaterThan(5);

      // Nothing deleted outside the plan: every DELETE names an invite some plan chose to revoke.
      const deleted = [...deletedIds(sandbox.posthog.log), ...deletedIds(sandbox.anthropic.log)];
      expect(deleted.length).toBeGreaterThanOrEqual(2 * DELETES);
      expect(deleted.filter((id) => !planned.has(id))).toEqual([]);

      const posthogPending = sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).map((invite) => invite.target_email);
      const anthropicPending = sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email);
      for (const pending of [posthogPending, anthropicPending]) {
        expect(pending.filter((email) => email.startsWith('new')).sort()).toEqual(Array.from({ length: CREATES }, (_, i) => `new${i}@acme.com`).sort());
        expect(pending.filter((email) => email.startsWith('old'))).toEqual([]);
        expect(pending.filter((email) => email.endsWith('@contractors.acme.com'))).toHaveLength(IGNORED);
      }
      expect(sandbox.posthog.api.membersOf(DEFAULT_ORGANIZATION_ID)).toHaveLength(membersBefore);
      // Exactly one email per invitee, however many times a write was lost or retried.
      for (let i = 0; i < CREATES; i++) {
        expect(sandbox.posthog.api.emailsSent(`new${i}@acme.com`), `posthog new${i}`).toBe(1);
        expect(sandbox.anthropic.api.emailsSent(`new${i}@acme.com`), `anthropic new${i}`).toBe(1);
      }
    } finally {
      await sandbox.close();
    }
  });
});
