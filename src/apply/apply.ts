import type { ApplyReport, Change, ChangeResult, OrgPlan, Plan } from '../model.ts';
import type { Connection } from '../providers/index.ts';
import { failureOf, resultOf, type OrgApply } from './context.ts';
import { runCreates } from './creates.ts';
import { runDeletes } from './deletes.ts';

export interface ApplyOptions {
  /** Stops starting new changes; those left are reported as skipped. */
  signal?: AbortSignal;
  /** Called as each change settles, for progress and the audit log. */
  onResult?: (result: ChangeResult) => void;
  /** Rounds of write → re-read → write-what-is-missing (default 3). */
  maxRounds?: number;
  now?: () => Date;
}

/**
 * Makes the plan real: orgs in parallel; within an org, deletes first, then creates (batched
 * where the API allows). Concurrency per credential is bounded by the connections' gates. One
 * failing invitee never stops the others; every change gets a result, in plan order.
 */
export async function applyPlan(plan: Plan, connections: readonly Connection[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const settled = new Map<Change, ChangeResult>();
  await Promise.all(
    plan.orgs.map((orgPlan) => {
      const connection = connections.find((candidate) => candidate.org.name === orgPlan.name);
      if (!connection) throw new Error(`no connection for org ${orgPlan.name}`);
      return applyOrg(orgPlan, {
        connection,
        reread: () => connection.provider.read(),
        settle: (change, outcome, details) => {
          if (settled.has(change)) return;
          const result = resultOf(change, outcome, details);
          settled.set(change, result);
          options.onResult?.(result);
        },
        aborted: () => options.signal?.aborted === true,
        now: options.now ?? (() => new Date()),
        maxRounds: options.maxRounds ?? 3,
      });
    }),
  );
  return { results: plan.orgs.flatMap((org) => org.changes.map((change) => settled.get(change) ?? resultOf(change, 'failed', { failure: { message: 'no result (a bug in invitectl)' } }))) };
}

async function applyOrg(orgPlan: OrgPlan, org: OrgApply): Promise<void> {
  const { capabilities } = org.connection;
  // Where a create does not replace the old invite server-side (Anthropic), a pending one goes first.
  const revokeFirst = (change: Change) => change.action === 'replace' && !capabilities.createReplacesExisting && change.inviteStatus === 'pending';
  const deletes = orgPlan.changes.filter((change) => change.action === 'delete' || revokeFirst(change));
  const verdicts = await runDeletes(deletes, org, (change) => change.action === 'delete');
  const creates = orgPlan.changes.filter((change) => change.action !== 'delete');
  const ready = creates.filter((change) => {
    const verdict = verdicts.get(change);
    if (!verdict || verdict.ok) return true;
    org.settle(change, verdict.outcome, {
      failure: failureOf(new Error(`the old invite could not be revoked first: ${verdict.reason}`)),
    });
    return false;
  });
  await runCreates(ready, org);
}
