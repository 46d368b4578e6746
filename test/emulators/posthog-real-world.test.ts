// PostHog emulator: the real-world data and modes of api/posthog.md §14 (link invites, hidden members, no-replace releases), seeded.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSeedText } from '../../src/emulators/seed.ts';
import { envelope, ORG, PROJECT_ID, startPostHog, testSeed, type PostHogHarness } from '../fixtures/posthog/harness.ts';
import type { PostHogSeed } from '../../src/emulators/posthog/index.ts';

let ph: PostHogHarness | undefined;
afterEach(async () => {
  await ph?.server.close();
  ph = undefined;
});

const ALREADY = envelope('validation_error', 'invalid_input', 'A user with this email address already belongs to the organization.');

function seedWith(extra: Partial<PostHogSeed>): PostHogSeed {
  const seed = testSeed();
  return { ...seed, ...extra, users: [...(seed.users ?? []), ...(extra.users ?? [])] };
}

describe('PostHog emulator: real-world data (§14)', () => {
  it('lists a seeded link invite with target_email null, and deletes it', async () => {
    ph = await startPostHog(seedWith({ invites: [{ organization: ORG, email: null, age_days: 1 }, { organization: ORG, email: null, age_days: 400 }] }));
    const listed = await (await ph.call('GET', '/invites/')).json() as { results: { id: string; target_email: string | null; is_expired: boolean }[] };
    expect(listed.results.map((invite) => [invite.target_email, invite.is_expired])).toEqual([[null, false], [null, true]]);
    expect((await ph.call('DELETE', `/invites/${listed.results[0]!.id}/`)).status).toBe(204);
    expect(ph.api.invitesOf(ORG)).toHaveLength(1);
  });

  it('hides inactive users and guests from /members/, yet refuses invites for them as "already belongs", in single and bulk creates', async () => {
    ph = await startPostHog(
      seedWith({
        users: [
          { email: 'gone@acme.com', is_active: false, memberships: [{ organization: ORG, level: 1 }] },
          { email: 'guest@acme.com', memberships: [{ organization: ORG, level: 1, guest: true }] },
        ],
      }),
    );
    const members = await (await ph.call('GET', '/members/')).json() as { results: { user: { email: string } }[] };
    expect(members.results.map((member) => member.user.email)).not.toContain('gone@acme.com');
    expect(members.results.map((member) => member.user.email)).not.toContain('guest@acme.com');
    for (const email of ['GONE@acme.com', 'guest@acme.com']) {
      const response = await ph.call('POST', '/invites/', { body: { target_email: email } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(ALREADY);
    }
    const bulk = await ph.call('POST', '/invites/bulk/', { body: [{ target_email: 'a@example.com' }, { target_email: 'gone@acme.com' }, { target_email: 'b@example.com' }] });
    expect(await bulk.json()).toEqual(ALREADY);
    expect(ph.api.invitesOf(ORG).map((invite) => invite.target_email)).toEqual(['a@example.com']);
  });

  it('keeps the earlier invite on create when seeded as an older release (replace_on_create: false)', async () => {
    ph = await startPostHog({ ...testSeed(), replace_on_create: false, invites: [{ organization: ORG, email: 'x@example.com', private_project_access: [{ id: PROJECT_ID, level: 'admin' }] }] });
    expect(ph.api.invitesOf(ORG)[0]?.private_project_access).toEqual([{ id: PROJECT_ID, level: 'admin' }]);
    expect((await ph.call('POST', '/invites/', { body: { target_email: 'x@example.com', level: 8 } })).status).toBe(201);
    expect(ph.api.invitesOf(ORG).map((invite) => [invite.target_email, invite.level])).toEqual([['x@example.com', 8], ['x@example.com', 1]]);
  });
});

describe('PostHog emulator: the real-world cases in a sandbox seed file', () => {
  it('accepts the README\'s seed (link invites, inactive and guest members, project grants, replace_on_create: false)', async () => {
    const text = await readFile(new URL('../fixtures/seeds/posthog-real-world.yaml', import.meta.url), 'utf8');
    const checked = checkSeedText(text, 'posthog-real-world.yaml');
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    ph = await startPostHog(checked.ok ? checked.seed.posthog : testSeed());
    expect(ph.api.invitesOf(ORG).map((invite) => invite.target_email)).toEqual(['x@acme.com', null, null]);
    expect(ph.api.membersOf(ORG).map((member) => member.user.email)).toEqual(['olivia@acme.com']);
  });
});
