// The fingerprint with member changes (issue #16): role changes and removals count, reported ones and member ids do not; a plan file reads them back.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile, PLAN_FILE_VERSION } from '../src/commands/plan-file.ts';
import { fingerprintPlan } from '../src/fingerprint.ts';
import type { MemberChange, OrgPlan, Plan } from '../src/model.ts';
import { toJsonPlan } from '../src/render/json.ts';
import { checkSafety } from '../src/safety.ts';

const ROLE: MemberChange = { org: 'acme', action: 'change-role', email: 'a@acme.com', from: 'member', to: 'admin', memberId: 'u1' };
const REMOVE: MemberChange = { org: 'acme', action: 'remove-member', email: 'b@acme.com', reason: 'unlisted', from: 'member', memberId: 'u2' };
const org = (extra: Partial<OrgPlan>): OrgPlan => ({ name: 'acme', provider: 'posthog', changes: [], kept: [], members: 10, pending: 0, ...extra });
const plan = (extra: Partial<OrgPlan>): Plan => ({ orgs: [org(extra)] });

describe('fingerprint: member changes', () => {
  it('a role change and a removal change the fingerprint', () => {
    const none = fingerprintPlan(plan({}));
    expect(fingerprintPlan(plan({ changes: [ROLE] }))).not.toBe(none);
    expect(fingerprintPlan(plan({ changes: [REMOVE] }))).not.toBe(none);
  });

  it.each<[string, MemberChange]>([
    ['email', { ...ROLE, email: 'c@acme.com' }],
    ['from', { ...ROLE, from: 'owner' }],
    ['to', { ...ROLE, to: 'owner' }],
    ['org', { ...ROLE, org: 'beta' }],
  ])('covers the %s', (_field, changed) => {
    expect(fingerprintPlan(plan({ changes: [changed] }))).not.toBe(fingerprintPlan(plan({ changes: [ROLE] })));
  });

  it('covers the removal reason and the action', () => {
    expect(fingerprintPlan(plan({ changes: [{ ...REMOVE, reason: 'ended' }] }))).not.toBe(fingerprintPlan(plan({ changes: [REMOVE] })));
    const asRemoval: MemberChange = { org: 'acme', action: 'remove-member', email: ROLE.email, reason: 'unlisted', from: 'member', memberId: 'u1' };
    expect(fingerprintPlan(plan({ changes: [asRemoval] }))).not.toBe(fingerprintPlan(plan({ changes: [{ ...ROLE, to: undefined as never }] })));
  });

  it('leaves out the member id, so a re-read of the same members matches', () => {
    expect(fingerprintPlan(plan({ changes: [{ ...ROLE, memberId: 'other' }] }))).toBe(fingerprintPlan(plan({ changes: [ROLE] })));
  });

  it('leaves out reported changes (members: report): they are never applied', () => {
    expect(fingerprintPlan(plan({ reported: [ROLE, REMOVE] }))).toBe(fingerprintPlan(plan({})));
  });
});

describe('plan file: member changes read back', () => {
  it('a plan --out file with a role change and a removal passes its own fingerprint check', async () => {
    const planned = plan({ changes: [ROLE, REMOVE], reported: [] });
    const fingerprint = fingerprintPlan(planned);
    const safety = checkSafety(planned, { acme: { maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 2, maxMemberRemovalRatio: 0.05 } });
    const json = toJsonPlan({ plan: planned, safety, fingerprint }, { color: false, redactEmails: false });
    const apply = { plan_file_version: PLAN_FILE_VERSION, config: 'invites.yaml', config_sha256: '0'.repeat(64), orgs: ['acme'], redacted_emails: false, planned_at: '2026-06-15T12:00:00.000Z' };
    const dir = await mkdtemp(join(tmpdir(), 'invitectl-members-'));
    try {
      await writeFile(join(dir, 'plan.json'), JSON.stringify({ ...json, apply }));
      await expect(readPlanFile('plan.json', dir)).resolves.toMatchObject({ fingerprint, orgs: ['acme'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
