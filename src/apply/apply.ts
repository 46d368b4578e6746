// applyPlan: orgs in parallel; within an org, deletes (and revoke-first re-invites) before creates, then member changes.
import type { ApplyReport, Change, ChangeResult, OrgPlan, Plan } from '../model.ts';
import type { Connection } from '../providers/connect.ts';
import { failureOf, resultOf, type ConfirmWindow, type OrgApply } from './context.ts';
import { runCreates } from './creates.ts';
import { runDeletes } from './deletes.ts';
import { isMemberChange, runMemberChanges } from './members.ts';
import { createRevoked, reasonNotToRevoke } from './reinvite.ts';

/** Defaults: confirm an uncertain write over 10 s of re-reads; re-send while the API answered within 60 s. */
export const DEFAULT_CONFIRM: ConfirmWindow = { windowMs: 10_000, firstDelayMs: 250, maxDelayMs: 2_000 };
export const DEFAULT_RETRY_BUDGET_MS = 60_000;
/** A generous cap on re-send rounds; time is the usual bound. */
export const DEFAULT_MAX_ROUNDS = 50;

export interface ApplyOptions {
  /** Stops starting new changes; those left are reported as skipped. */
  signal?: AbortSignal;
  /** Called as each change settles, for progress and the audit log. */
  onResult?: (result: ChangeResult) => void;
  /** Cap on rounds of write → confirm → write-what-is-missing (default 50). */
  maxRounds?: number;
  /**
   * Uncertain writes are sent again while the org's API made progress (a definite answer, or a
   * confirmed write) within this many ms (default 60 s): converge while it answers, end when it stops.
   */
  retryBudgetMs?: number;
  /** How long, and how often, to re-read before an uncertain create counts as missing. */
  confirm?: Partial<ConfirmWindow>;
  now?: () => Date;
}

/**
 * Makes the plan real: orgs in parallel; within an org, deletes first, then creates (batched
 * where the API allows), then member role changes and removals once those settle
 * (`OrgPlan.reported` is never applied). Concurrency per credential is bounded by the connections' gates. One
 * failing invitee never stops the others; every change gets a result, in plan order.
 */
export async function applyPlan(plan: Plan, connections: readonly Connection[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const settled = new Map<Change, ChangeResult>();
  const retryBudgetMs = options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
  const confirm = { ...DEFAULT_CONFIRM, ...options.confirm };
  await Promise.all(
    plan.orgs.map((orgPlan) => {
      const connection = connections.find((candidate) => candidate.org.name === orgPlan.name);
      if (!connection) throw new Error(`no connection for org ${orgPlan.name}`);
      let lastProgress = Date.now();
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
        maxRounds: options.maxRounds ?? DEFAULT_MAX_ROUNDS,
        retryBudgetMs,
        progressed: () => void (lastProgress = Date.now()),
        sinceProgressMs: () => Date.now() - lastProgress,
        confirm,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      });
    }),
  );
  return { results: plan.orgs.flatMap((org) => org.changes.map((change) => settled.get(change) ?? resultOf(change, 'failed', { failure: { message: 'no result (a bug in invitectl)' } }))) };
}

async function applyOrg(orgPlan: OrgPlan, org: OrgApply): Promise<void> {
  await applyInvites(orgPlan.changes.filter((change) => !isMemberChange(change)), org);
  // Members are changed only once the org's invite writes have settled.
  await runMemberChanges(orgPlan.changes.filter(isMemberChange), org);
}

async function applyInvites(changes: readonly Change[], org: OrgApply): Promise<void> {
  const { capabilities } = org.connection;
  // Where a create does not replace the old invite server-side, a pending one goes first.
  const revokeFirst = (change: Change) => change.action === 'replace' && !capabilities.createReplacesExisting && change.inviteStatus === 'pending';
  // A re-invite the API would refuse must not revoke: check what can be known before any write.
  const blocked = new Set<Change>();
  for (const change of changes.filter(revokeFirst)) {
    const reason = reasonNotToRevoke(change, org.connection.module);
    if (reason === undefined) continue;
    blocked.add(change);
    org.settle(change, 'failed', { failure: { message: reason } });
  }
  const deletes = changes.filter((change) => change.action === 'delete' || (revokeFirst(change) && !blocked.has(change)));
  const verdicts = await runDeletes(deletes, org, (change) => change.action === 'delete');
  const creates = changes.filter((change) => change.action !== 'delete' && !blocked.has(change));
  const ready = creates.filter((change) => {
    const verdict = verdicts.get(change);
    if (!verdict || verdict.ok) return true;
    org.settle(change, verdict.outcome, {
      failure: failureOf(new Error(`the old invite could not be revoked first: ${verdict.reason}`)),
    });
    return false;
  });
  await Promise.all([runCreates(ready.filter((change) => !verdicts.has(change)), org), createRevoked(ready.filter((change) => verdicts.has(change)), org)]);
}
