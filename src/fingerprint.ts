import { createHash } from 'node:crypto';
import type { Change, Plan } from './model.ts';

/**
 * A stable hash of the plan's normalised change list, `sha256:<64 hex>` (DESIGN §4). It covers
 * each change's org, action, email, reason, from, to, firstName and message, in no particular
 * order; invite ids, kept invitees and counts are left out so a re-read of unchanged state matches.
 */
export function fingerprintPlan(plan: Plan): string {
  const rows = plan.orgs.flatMap((org) => org.changes.map((change) => JSON.stringify(tupleOf(change))));
  // Sorting the serialised rows (code-unit order) makes the hash independent of org and change order.
  rows.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `sha256:${createHash('sha256').update(`[${rows.join(',')}]`, 'utf8').digest('hex')}`;
}

function tupleOf(change: Change): (string | null)[] {
  return [
    change.org,
    change.action,
    change.email,
    change.reason ?? null,
    change.from ?? null,
    change.to ?? null,
    change.firstName ?? null,
    change.message ?? null,
  ];
}
