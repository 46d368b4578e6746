// PostHog's part of the `--demo` state that makes invites.example.yaml show every kind of change.
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, type PostHogSeed } from './seed.ts';

/** The default organization with an invite to re-send for a role, an expired one, an unchanged, a revoked and an ignored one. */
export function demoPostHogSeed(): PostHogSeed {
  const organization = DEFAULT_ORGANIZATION_ID;
  return {
    ...defaultPostHogSeed(),
    invites: [
      { organization, email: 'alice@acme.com', level: 1, age_days: 1, created_by: 'olivia@acme.com' }, // → admin: re-invite (role)
      { organization, email: 'dan@acme.com', level: 1, age_days: 5, created_by: 'olivia@acme.com' }, // expired: re-invite
      { organization, email: 'frank@acme.com', level: 1, age_days: 1, created_by: 'olivia@acme.com', private_project_access: [{ id: 1, level: 'member' }] }, // unchanged
      { organization, email: 'eve@acme.com', level: 1, age_days: 2, created_by: 'olivia@acme.com' }, // not listed: revoke
      { organization, email: 'zed@contractors.acme.com', level: 1, age_days: 1, created_by: 'adam@acme.com' }, // ignored
    ],
  };
}
