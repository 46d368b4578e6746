// Config for member management (issue #16): members, key_owner, override_protection, member removal limits.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { desiredStateFrom } from '../../src/config/desired.ts';
import { checkConfigText } from '../../src/config/load.ts';

import { providerModule, registerProvider } from '../../src/providers/registry.ts';
import { firstDesiredOrg } from '../helpers/config-text.ts';

const POSTHOG = (extra: string, invites = '      - email: Ann@acme.com\n        level: owner\n        override_protection: true') =>
  `version: 1\n${extra.startsWith('safety') ? extra : ''}orgs:\n  acme:\n    provider: posthog\n    host: https://us.posthog.com\n    organization_id: "@current"\n${extra.startsWith('safety') ? '' : extra}    invites:\n${invites}\n`;

const desiredAcme = firstDesiredOrg;

function problemsOf(text: string): string[] {
  const checked = checkConfigText(text, 'invites.yaml');
  return checked.ok ? [] : checked.problems.map((p) => `${p.line}:${p.col}: ${p.path}: ${p.message}`);
}

describe('config: members', () => {
  it('unset or ignore: no member management, and the safety limits are exactly the invite ones', () => {
    for (const extra of ['', '    members: ignore\n']) {
      const org = desiredAcme(POSTHOG(extra));
      expect(org.members).toBeUndefined();
      expect(org.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25 });
    }
  });

  it('an unmanaged org keeps its exact limits even when the top level sets member limits', () => {
    const org = desiredAcme(POSTHOG('safety:\n  max_member_removals: 9\n'));
    expect(org.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25 });
  });

  it.each([
    ['posthog', 'members: manage', { mode: 'manage', ownerAccess: ['owner'], protectedAccess: ['owner', 'admin'] }],
    ['posthog', 'members: report', { mode: 'report', ownerAccess: ['owner'], protectedAccess: ['owner', 'admin'] }],
  ] as const)('%s %s maps the provider words', (_provider, line, members) => {
    const org = desiredAcme(POSTHOG(`    ${line}\n`));
    expect(org.members).toStrictEqual(members);
    expect(org.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 2, maxMemberRemovalRatio: 0.05 });
  });

  it('each provider brings its own owner and protected words', () => {
    const anthropic = checkConfigText('version: 1\norgs:\n  c:\n    provider: anthropic\n    members: manage\n    invites: []\n', 'f.yaml');
    const openai = checkConfigText('version: 1\norgs:\n  g:\n    provider: openai\n    members: report\n    invites: []\n', 'f.yaml');
    if (!anthropic.ok || !openai.ok) throw new Error('both configs are valid');
    expect(desiredStateFrom(anthropic.config).orgs[0]!.members).toStrictEqual({
      mode: 'manage',
      ownerAccess: ['owner', 'primary_owner'],
      protectedAccess: ['admin', 'owner', 'primary_owner', 'membership_admin'],
      fixedAccess: ['admin', 'owner', 'primary_owner', 'membership_admin'],
    });
    expect(desiredStateFrom(openai.config).orgs[0]!.members).toStrictEqual({ mode: 'report', ownerAccess: ['owner'], protectedAccess: ['owner'] });
  });

  it('key_owner is normalised; override_protection: true reaches the desired invite (false is left out)', () => {
    const org = desiredAcme(
      POSTHOG('    members: manage\n    key_owner: Root@Acme.com\n', '      - email: Ann@acme.com\n        override_protection: true\n      - email: bo@acme.com\n        override_protection: false'),
    );
    expect(org.members?.keyOwner).toBe('root@acme.com');
    expect(org.invites).toStrictEqual([
      { email: 'ann@acme.com', access: 'member', overrideProtection: true },
      { email: 'bo@acme.com', access: 'member' },
    ]);
  });

  it('member removal limits: top level, overridden per org', () => {
    const top = desiredAcme(POSTHOG('safety:\n  max_member_removals: 7\n  max_member_removal_ratio: 0.5\n').replace('orgs:\n', 'orgs:\n').replace('    invites:', '    members: manage\n    invites:'));
    expect(top.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 7, maxMemberRemovalRatio: 0.5 });
    const own = desiredAcme(POSTHOG('    members: manage\n    safety:\n      max_member_removals: 0\n'));
    expect(own.safety).toStrictEqual({ maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 0, maxMemberRemovalRatio: 0.05 });
  });

  it.each([
    ['    members: all\n', '7:14: orgs.acme.members: expected members to be one of ignore, report, manage'],
    ['    key_owner: nobody\n', '7:16: orgs.acme.key_owner: not a valid email address'],
    ['    safety:\n      max_member_removal_ratio: 2\n', '8:33: orgs.acme.safety.max_member_removal_ratio: must be at most 1'],
    ['    safety:\n      max_member_removals: -1\n', '8:28: orgs.acme.safety.max_member_removals: must be at least 0'],
  ])('a bad value is one line with its position: %j', (extra, problem) => {
    expect(problemsOf(POSTHOG(extra))).toStrictEqual([problem]);
  });

  it('override_protection must be a boolean, at its position', () => {
    expect(problemsOf(POSTHOG('', '      - email: ann@acme.com\n        override_protection: "yes"'))).toStrictEqual([
      '9:30: orgs.acme.invites[0].override_protection: expected boolean, got string "yes"',
    ]);
  });
});

describe('config: members on an API without member words', () => {
  it('refuses manage and report at the members key, naming the API, and leaves ignore and no members alone', () => {
    const posthog = providerModule('posthog');
    const { memberAccess: _words, ...config } = posthog.config;
    const unregister = registerProvider({
      ...posthog,
      name: 'nomembers',
      title: 'NoMembers',
      config: { ...config, orgSchema: posthog.config.orgSchema.extend({ provider: z.literal('nomembers') }), remoteOrg: () => undefined },
    });
    try {
      const on = (extra: string) => problemsOf(POSTHOG(extra).replace('provider: posthog', 'provider: nomembers'));
      expect(on('    members: manage\n')).toStrictEqual(['7:14: orgs.acme.members: NoMembers members cannot be managed by invitectl; remove members or set it to ignore']);
      expect(on('    members: report\n')).toStrictEqual(['7:14: orgs.acme.members: NoMembers members cannot be managed by invitectl; remove members or set it to ignore']);
      expect(on('    members: ignore\n')).toStrictEqual([]);
      expect(on('')).toStrictEqual([]);
    } finally {
      unregister();
    }
  });
});
