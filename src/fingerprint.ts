// The plan fingerprint: a stable hash of the normalised change list.
import { createHash } from 'node:crypto';
import type { ChangeAction, Plan } from './model.ts';

/** What the fingerprint covers of one change; a plan file's JSON change maps onto the same fields. */
export interface FingerprintRow {
  org: string;
  action: ChangeAction;
  email: string;
  reason?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  firstName?: string | undefined;
  message?: string | undefined;
  /** Project grants sent, and those a `projects` re-invite replaces. */
  projects?: readonly { id: number | string; level: string }[] | undefined;
  fromProjects?: readonly { id: number | string; level: string }[] | undefined;
}

/**
 * A stable hash of the plan's normalised change list, `sha256:<64 hex>` (DESIGN §4). It covers
 * each change's org, action, email, reason, from, to, firstName and message, in no particular
 * order; invite and member ids, kept invitees and counts are left out so a re-read of unchanged
 * state matches. Member changes (`change-role`, `remove-member`) are changes like any other; the
 * ones only reported (`members: report`) are not, so they never enter it.
 */
export function fingerprintPlan(plan: Plan): string {
  return fingerprintRows(plan.orgs.flatMap((org) => org.changes));
}

/**
 * The fingerprint of change rows, with the normalisation {@link fingerprintPlan} uses: apply
 * recomputes it from a plan file's own changes to notice hand edits.
 */
export function fingerprintRows(changes: readonly FingerprintRow[]): string {
  const rows = changes.map((change) => JSON.stringify(tupleOf(change)));
  // Sorting the serialised rows (code-unit order) makes the hash independent of org and change order.
  rows.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `sha256:${createHash('sha256').update(`[${rows.join(',')}]`, 'utf8').digest('hex')}`;
}

function tupleOf(change: FingerprintRow): (string | null)[] {
  // A revoke sends no email, so its first name and message are not part of what it does.
  const sent = change.action !== 'delete';
  // Only a change with project grants hashes them, so every other plan keeps its fingerprint.
  const grants = (list: FingerprintRow['projects']) => (list === undefined ? null : list.map((grant) => `${grant.id}:${grant.level}`).sort().join(','));
  const projects = change.projects === undefined && change.fromProjects === undefined ? [] : [grants(change.projects), grants(change.fromProjects)];
  return [
    change.org,
    change.action,
    change.email,
    change.reason ?? null,
    change.from ?? null,
    change.to ?? null,
    sent ? (change.firstName ?? null) : null,
    sent ? (change.message ?? null) : null,
    ...projects,
  ];
}
