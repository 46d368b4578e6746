// PostHog emulator: fills an empty store from a parsed seed.
import { randomUUID } from 'node:crypto';
import type { ParsedPostHogSeed } from './seed.ts';
import type { PostHogStore } from './store.ts';

const DAY_MICROS = 24 * 60 * 60 * 1_000_000;

/** Fills an empty store from a parsed seed; times without a value are "now". */
export function loadSeed(store: PostHogStore, seed: ParsedPostHogSeed): void {
  store.replaceOnCreate = seed.replace_on_create;
  for (const org of seed.organizations) {
    store.organizations.set(org.id.toLowerCase(), {
      id: org.id.toLowerCase(),
      name: org.name,
      membersCanInvite: org.members_can_invite,
      projectIds: new Set(org.projects.map((project) => project.id)),
    });
  }
  for (const entry of seed.users) {
    const user = store.addUser({ email: entry.email, firstName: entry.first_name, lastName: entry.last_name, isActive: entry.is_active, ...(entry.uuid && { uuid: entry.uuid }) });
    for (const membership of entry.memberships) {
      const joinedAt = membership.joined_at === undefined ? store.stamp() : isoToMicros(membership.joined_at);
      store.join(membership.organization.toLowerCase(), user, membership.level, joinedAt, membership.guest);
    }
    if (entry.current_organization !== undefined) user.currentOrganizationId = entry.current_organization?.toLowerCase() ?? null;
  }
  for (const key of seed.personal_api_keys) {
    const owner = store.userByEmail(key.user);
    if (!owner) throw new Error(`personal API key owner ${key.user} is not a seeded user`);
    store.keys.set(key.value, {
      value: key.value,
      userId: owner.id,
      label: key.label,
      scopes: key.scopes,
      organizations: key.organizations?.map((id) => id.toLowerCase()) ?? null,
    });
  }
  for (const invite of seed.invites) {
    const createdAt =
      invite.created_at !== undefined
        ? isoToMicros(invite.created_at)
        : invite.age_days !== undefined
          ? store.nowMicros() - Math.round(invite.age_days * DAY_MICROS)
          : store.stamp();
    store.invites.push({
      id: randomUUID(),
      organizationId: invite.organization.toLowerCase(),
      targetEmail: invite.email === null ? null : invite.email.trim().toLowerCase(),
      firstName: invite.first_name,
      level: invite.level,
      message: invite.message,
      privateProjectAccess: invite.private_project_access?.map((access) => ({ ...access })) ?? null,
      createdById: invite.created_by === null ? null : (store.userByEmail(invite.created_by)?.id ?? null),
      createdAt,
      updatedAt: createdAt,
      emailingAttemptMade: invite.emailing_attempt_made,
      seq: store.nextSeq(),
    });
  }
}

function isoToMicros(iso: string): number {
  return Date.parse(iso) * 1000;
}
