// Member writes (issue #16): role changes, then removals, each confirmed by re-reading the members when its outcome is unknown.
import type { Change, CurrentMember, CurrentOrg, MemberChange } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import { failureOf, mayRetry, SKIPPED, type OrgApply } from './context.ts';
import { NotSentError } from './gates.ts';

/** Whether a change writes to a member rather than an invite. */
export function isMemberChange(change: Change): change is MemberChange {
  return change.action === 'change-role' || change.action === 'remove-member';
}

/**
 * Applies an org's member changes: every role change first (a promotion may be what lets an owner
 * go), then every removal. Each goes through the connection's gate and rate budget like invites.
 */
export async function runMemberChanges(changes: readonly MemberChange[], org: OrgApply): Promise<void> {
  await runRounds(changes.filter((change) => change.action === 'change-role'), org);
  await runRounds(changes.filter((change) => change.action === 'remove-member'), org);
}

/** Where a member stands in one read: by id, where the API gives one, else by email. */
function memberIn(current: CurrentOrg, change: MemberChange): CurrentMember | undefined {
  return current.members.find((member) => (member.id === undefined ? member.email === change.email : member.id === change.memberId));
}

/**
 * Sends each change; those whose outcome is unknown are checked against a re-read of the org:
 * a role change is done when the member has the new access, a removal when the member is gone.
 * Both writes are idempotent (a second removal is a 404, "already gone"), so what is not done yet
 * is sent again while the org's API keeps answering and the round cap allows.
 */
async function runRounds(changes: readonly MemberChange[], org: OrgApply): Promise<void> {
  let todo = [...changes];
  for (let round = 1; todo.length > 0; round++) {
    const uncertain: MemberChange[] = [];
    await Promise.all(todo.map((change) => send(change, org, uncertain)));
    if (uncertain.length === 0) return;
    const current = await org.reread().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const retry = mayRetry(org, round);
    todo = [];
    for (const change of uncertain) {
      const member = current instanceof Error ? undefined : memberIn(current, change);
      if (!(current instanceof Error) && change.action === 'remove-member' && member === undefined) {
        org.progressed();
        org.settle(change, 'confirmed');
      } else if (!(current instanceof Error) && change.action === 'change-role' && member?.access === change.to) {
        org.progressed();
        org.settle(change, 'confirmed');
      } else if (!(current instanceof Error) && change.action === 'change-role' && member === undefined) {
        org.settle(change, 'failed', { failure: { message: `${change.email} is no longer a member: nothing to change` } });
      } else if (retry) todo.push(change);
      else if (current instanceof Error) org.settle(change, 'failed', { failure: failureOf(new Error(`the outcome is unknown and re-reading the org failed: ${current.message}; run plan to see`)) });
      else org.settle(change, 'failed', { failure: { message: `${stillThere(change)} after ${round} ${round === 1 ? 'attempt' : 'attempts'}; run plan to see` } });
    }
  }
}

async function send(change: MemberChange, org: OrgApply, uncertain: MemberChange[]): Promise<void> {
  if (org.aborted()) return org.settle(change, 'skipped', { failure: SKIPPED });
  const { provider } = org.connection;
  try {
    if (change.action === 'change-role') {
      const result = await provider.updateMember(change.memberId, change.to);
      org.progressed();
      org.settle(change, 'applied', result.requestId ? { requestId: result.requestId } : {});
    } else {
      const result = await provider.removeMember(change.memberId);
      org.progressed();
      org.settle(change, result.value === 'deleted' ? 'applied' : 'confirmed', result.requestId ? { requestId: result.requestId } : {});
    }
  } catch (error) {
    if (error instanceof ProviderError && error.uncertain) return void uncertain.push(change);
    if (error instanceof NotSentError) return org.settle(change, 'skipped', { failure: SKIPPED });
    if (error instanceof ProviderError) org.progressed();
    // A definite refusal: the member is left as they were, and the API's own words say why.
    const failure = failureOf(error);
    const gone = change.action === 'change-role' && error instanceof ProviderError && error.meaning === 'not-found';
    org.settle(change, 'failed', { failure: gone ? { ...failure, message: `${change.email} is no longer a member: nothing to change (${failure.message})` } : failure, refused: error instanceof ProviderError });
  }
}

function stillThere(change: MemberChange): string {
  return change.action === 'remove-member' ? 'still a member' : `the role is still not ${change.to}`;
}
