import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.ts';
import { concurrencyGates } from '../../src/apply/gates.ts';
import { planFromApis } from '../../src/reconcile.ts';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { LoggedRequest } from '../../src/emulators/server.ts';
import type { ApplyReport } from '../../src/model.ts';
import { bulkConfig, bulkSeeds } from '../helpers/bulk-config.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

/** 2 APIs × (400 creates + 100 revokes) = 1,000 changes. */
const CREATES = 400;
const DELETES = 100;
const IGNORED = 5;
/** 20 % of requests fail: every status fault, connections reset before the change and answers lost after it. */
const RATES = { '429': 0.03, '500': 0.04, '503': 0.03, '529': 0.02, reset: 0.04, lost: 0.04 };
/** Lists lag writes a little, as the real APIs may; the confirm window is sized to outlast it. */
const READ_LAG_MS = 40;
const CONFIRM = { windowMs: 400, firstDelayMs: 20, maxDelayMs: 100 };

/** Plans and applies once through apply's pipeline; returns the planned changes, the revoke ids and the report. */
async function planAndApply(sandbox: Sandbox, dir: string): Promise<{ changes: number; deleteIds: string[]; report: ApplyReport }> {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: sandbox.env, cwd: dir };
  const run = await planFromApis(io, { configFile: 'invites.yaml', orgNames: [], readOnly: false, gateFor: concurrencyGates(4), retry: FAST_RETRY });
  const changes = run.plan.orgs.flatMap((org) => org.changes);
  const report = await applyPlan(run.plan, run.connections, { confirm: CONFIRM });
  return { changes: changes.length, deleteIds: changes.flatMap((change) => (change.action === 'delete' && change.inviteId ? [change.inviteId] : [])), report };
}

/** The invite id each DELETE request named (the last path segment). */
function deletedIds(log: readonly LoggedRequest[]): string[] {
  return log.filter((entry) => entry.method === 'DELETE').map((entry) => decodeURIComponent(entry.path.split('?')[0]!.replace(/\/$/, '').split('/').pop()!));
}

describe('reliability: one apply of 1,000 changes under 20 % injected faults converges, over several seeds', () => {
  it.each([3, 11, 42, 1234, 90210])('seed %i: converges in one apply, one email per invitee, no delete outside the plan', { timeout: 60_000 }, async (seed) => {
    const sandbox = await startSandbox({ seed: bulkSeeds(DELETES, IGNORED), faults: { seed, rates: RATES, readLagMs: READ_LAG_MS } });
    try {
      const membersBefore = sandbox.posthog.api.membersOf(DEFAULT_ORGANIZATION_ID).length;
      const dir = await configDir(bulkConfig(CREATES));
      const first = await planAndApply(sandbox, dir);
      expect(first.changes).toBe(2 * (CREATES + DELETES));
      // One apply converges: every change applied or confirmed (what `invitectl apply` exits 0 on).
      const unfinished = first.report.results.filter((result) => result.outcome !== 'applied' && result.outcome !== 'confirmed');
      expect(unfinished.map((result) => `${result.change.org} ${result.change.email}: ${result.outcome} ${result.failure?.message ?? ''}`)).toEqual([]);

      // The faults really happened, writes included, and some answers were lost after the write.
      const log = [...sandbox.posthog.log, ...sandbox.anthropic.log];
      expect(log.filter((entry) => entry.fault !== undefined && entry.fault !== 'latency' && entry.method !== 'GET').length).toBeGreaterThan(20);
      expect(log.filter((entry) => entry.fault === 'lost' && entry.method === 'POST').length).toBeGreaterThan(0);

      // Nothing deleted outside the plan: every DELETE names an invite the plan chose to revoke.
      const planned = new Set(first.deleteIds);
      const deleted = [...deletedIds(sandbox.posthog.log), ...deletedIds(sandbox.anthropic.log)];
      expect(deleted.length).toBeGreaterThanOrEqual(2 * DELETES);
      expect(deleted.filter((id) => !planned.has(id))).toEqual([]);

      // The state is the desired one: a fresh plan (with faults off) has nothing to do.
      sandbox.posthog.setFaults();
      sandbox.anthropic.setFaults();
      const posthogPending = sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).map((invite) => invite.target_email ?? '');
      const anthropicPending = sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email);
      for (const pending of [posthogPending, anthropicPending]) {
        expect(pending.filter((email) => email.startsWith('new')).sort()).toEqual(Array.from({ length: CREATES }, (_, i) => `new${i}@acme.com`).sort());
        expect(pending.filter((email) => email.startsWith('old'))).toEqual([]);
        expect(pending.filter((email) => email.endsWith('@contractors.acme.com'))).toHaveLength(IGNORED);
      }
      expect(sandbox.posthog.api.membersOf(DEFAULT_ORGANIZATION_ID)).toHaveLength(membersBefore);
      expect((await planAndApply(sandbox, dir)).changes).toBe(0);
      // Exactly one email per invitee, however many times a write was lost or retried.
      const emails = Array.from({ length: CREATES }, (_, i) => `new${i}@acme.com`);
      expect(emails.filter((email) => sandbox.posthog.api.emailsSent(email) !== 1)).toEqual([]);
      expect(emails.filter((email) => sandbox.anthropic.api.emailsSent(email) !== 1)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
