// From a checked config to the desired state: defaults, safety merged top over org, ignore and emails normalised, members mapped.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SAFETY, desiredStateFrom, groupConflicts } from '../../src/config/desired.ts';
import { checkConfigText } from '../../src/config/load.ts';
import type { DesiredState } from '../../src/model.ts';

function desired(text: string): DesiredState {
  const checked = checkConfigText(`version: 1\n${text}`, 'invites.yaml');
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.line}:${p.col}: ${p.path}: ${p.message}`).join('\n'));
  return desiredStateFrom(checked.config);
}

const ACME = `  acme:\n    provider: posthog\n    host: https://us.posthog.com/\n    organization_id: "@current"\n`;
const CLAUDE = `  claude:\n    provider: anthropic\n`;

describe('desiredStateFrom', () => {
  it('maps a whole config: top safety under org safety, ignore trimmed and lower-cased, origin without its slash, members with their words', () => {
    const text = `safety:\n  max_deletes: 9\norgs:\n${ACME}    ignore: [" Bot*@Acme.com "]\n    safety:\n      max_delete_ratio: 0.5\n    invites:\n      - email: Ann@acme.com\n        level: admin\n${CLAUDE}    members: manage\n    key_owner: Boss@Acme.com\n    invites: []\n`;
    expect(desired(text)).toStrictEqual({
      orgs: [
        {
          name: 'acme',
          prune: true,
          reinviteExpired: true,
          ignore: ['bot*@acme.com'],
          safety: { maxDeletes: 9, maxDeleteRatio: 0.5 },
          provider: 'posthog',
          connection: { baseUrl: 'https://us.posthog.com', apiKeyEnv: 'POSTHOG_PERSONAL_API_KEY', organizationId: '@current' },
          invites: [{ email: 'ann@acme.com', access: 'admin' }],
        },
        {
          name: 'claude',
          prune: true,
          reinviteExpired: true,
          ignore: [],
          safety: { maxDeletes: 9, maxDeleteRatio: 0.25, maxMemberRemovals: 2, maxMemberRemovalRatio: 0.05 },
          provider: 'anthropic',
          connection: { baseUrl: 'https://api.anthropic.com', apiKeyEnv: 'ANTHROPIC_ADMIN_API_KEY' },
          invites: [],
          members: {
            mode: 'manage',
            keyOwner: 'boss@acme.com',
            ownerAccess: ['owner', 'primary_owner'],
            protectedAccess: ['admin', 'owner', 'primary_owner', 'membership_admin'],
            fixedAccess: ['admin', 'owner', 'primary_owner', 'membership_admin'],
          },
        },
      ],
    });
  });

  it('uses the built-in limits when no safety is given', () => {
    expect(DEFAULT_SAFETY).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25 });
    expect(desired(`orgs:\n${ACME}    invites: []\n`).orgs[0]!.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25 });
  });

  it('takes member limits from the org over the top, and drops them where members are not managed', () => {
    const text = `safety:\n  max_member_removals: 4\n  max_member_removal_ratio: 0.2\norgs:\n${CLAUDE}    members: report\n    safety:\n      max_member_removals: 7\n    invites: []\n  other:\n    provider: anthropic\n    api_key_env: OTHER_KEY\n    members: ignore\n    invites: []\n`;
    const [claude, other] = desired(text).orgs;
    expect(claude!.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 7, maxMemberRemovalRatio: 0.2 });
    expect(claude!.members).toStrictEqual({ mode: 'report', ownerAccess: ['owner', 'primary_owner'], protectedAccess: ['admin', 'owner', 'primary_owner', 'membership_admin'], fixedAccess: ['admin', 'owner', 'primary_owner', 'membership_admin'] });
    expect(other!.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25 });
    expect(other).not.toHaveProperty('members');
  });

  it('maps rate_limits to windows in milliseconds', () => {
    const text = `orgs:\n${ACME}    rate_limits:\n      - requests: 10\n        per: 2min\n    invites: []\n`;
    expect(desired(text).orgs[0]!.rateWindows).toStrictEqual([{ requests: 10, perMs: 120_000 }]);
  });
});

describe('groupConflicts', () => {
  it('reads the grants of the orgs that have them, beside orgs that have none', () => {
    const text = `groups:\n  data:\n    emails: [ann@acme.com]\norgs:\n${ACME}    grants:\n      - group: data\n${CLAUDE}    invites: []\n`;
    const checked = checkConfigText(`version: 1\n${text}`, 'invites.yaml');
    expect(checked.ok && groupConflicts(checked.config)).toEqual([]);
    expect(desired(text).orgs.map((org) => org.invites.map((invite) => invite.email))).toEqual([['ann@acme.com'], []]);
  });

  it('is empty for a config without grants', () => {
    const checked = checkConfigText(`version: 1\norgs:\n${ACME}    invites: []\n`, 'invites.yaml');
    expect(checked.ok && groupConflicts(checked.config)).toEqual([]);
  });
});
