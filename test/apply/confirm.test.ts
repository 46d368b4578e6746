// Confirming uncertain writes: one indexed pass per re-read (issue #12), and what counts as done.
import { describe, expect, it } from 'vitest';
import { confirmCreates, indexOrg } from '../../src/apply/confirm.ts';
import type { OrgApply } from '../../src/apply/context.ts';
import type { Change, ChangeOutcome, CurrentInvite, CurrentOrg } from '../../src/model.ts';

const NOW = new Date('2026-06-15T12:00:00.000Z');

const invite = (id: string, email: string, access: string, extra: Partial<CurrentInvite> = {}): CurrentInvite => ({
  id,
  email,
  access,
  status: 'pending',
  createdAt: '2026-06-14T00:00:00.000Z',
  ...extra,
});
const create = (email: string, to: string): Change => ({ org: 'acme', action: 'create', email, to });

/** An org whose `reread` answers `reads` in turn and whose settles are recorded. */
function fakeOrg(reads: CurrentOrg[], windowMs = 1_000): { org: OrgApply; settled: Map<Change, ChangeOutcome>; rereads: () => number } {
  const settled = new Map<Change, ChangeOutcome>();
  let count = 0;
  const org = {
    reread: async () => reads[Math.min(count++, reads.length - 1)]!,
    settle: (change: Change, outcome: ChangeOutcome) => void settled.set(change, outcome),
    aborted: () => false,
    now: () => NOW,
    confirm: { windowMs, firstDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => {},
    progressed: () => {},
  } as unknown as OrgApply;
  return { org, settled, rereads: () => count };
}

describe('indexOrg: what a re-read shows as done', () => {
  it('a member, or a live pending invite with the wanted access; not another access, an expired or an accepted one', () => {
    const index = indexOrg(
      {
        invites: [
          invite('1', 'ann@a.io', 'member'),
          invite('2', 'bo@a.io', 'admin'),
          invite('3', 'cy@a.io', 'member', { expiresAt: '2026-06-15T12:00:00.000Z' }),
          invite('4', 'di@a.io', 'member', { status: 'accepted' }),
        ],
        members: [{ email: 'ed@a.io', access: 'member' }],
      },
      NOW,
    );
    expect(['ann@a.io', 'bo@a.io', 'cy@a.io', 'di@a.io', 'ed@a.io'].map((email) => index.satisfies(create(email, 'member')))).toEqual([true, false, false, false, true]);
    expect([index.hasPending('bo@a.io'), index.hasPending('cy@a.io'), index.isPending('3'), index.isPending('4')]).toEqual([true, false, true, false]);
  });
});

describe('confirmCreates: linear in the listed invites (issue #12)', () => {
  it('2,000 uncertain creates against 12,000 listed invites read each listed invite once per re-read', async () => {
    const LISTED = 12_000;
    const UNSURE = 2_000;
    const invites = Array.from({ length: LISTED }, (_, i) => invite(`i${i}`, `u${i}@acme.com`, 'member'));
    let reads = 0;
    // Counts every element read from the list: a scan per change would make 2,000 × 12,000 of them.
    const counted = new Proxy(invites, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    // Half of the uncertain creates were made, half are missing (never listed).
    const unsure = Array.from({ length: UNSURE }, (_, i) => create(i % 2 === 0 ? `u${i}@acme.com` : `missing${i}@acme.com`, 'member'));
    const { org, settled, rereads } = fakeOrg([{ invites: counted, members: [] }], 0);
    const { missing } = await confirmCreates(unsure, org);
    expect(missing).toHaveLength(UNSURE / 2);
    expect([...settled.values()].filter((outcome) => outcome === 'confirmed')).toHaveLength(UNSURE / 2);
    expect(rereads()).toBe(1);
    expect(reads).toBeLessThanOrEqual(LISTED);
  });

  it('keeps re-reading with backoff until a lagging list shows the write, then stops', async () => {
    const change = create('ann@a.io', 'member');
    const empty: CurrentOrg = { invites: [], members: [] };
    const { org, settled, rereads } = fakeOrg([empty, empty, empty, { invites: [invite('1', 'ann@a.io', 'member')], members: [] }]);
    const { missing } = await confirmCreates([change], org);
    expect(missing).toEqual([]);
    expect(settled.get(change)).toBe('confirmed');
    expect(rereads()).toBe(4);
  });
});
