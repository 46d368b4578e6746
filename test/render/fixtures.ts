import type { Change, Kept, OrgPlan, Plan, SafetyVerdict } from '../../src/model.ts';
import type { RenderInput } from '../../src/render/input.ts';

/** A fixed fingerprint: the renderers only print it, so a real hash would add nothing but churn. */
export const FINGERPRINT = `sha256:${'0123456789abcdef'.repeat(4)}`;

const LIMITS = { maxDeletes: 5, maxDeleteRatio: 0.25 };

/** A verdict as checkSafety would give it, counted from the org's changes. */
export function verdictFor(org: OrgPlan, ok = true): SafetyVerdict {
  const deletes = org.changes.filter((change) => change.action === 'delete').length;
  return { ok, deletes, pending: org.pending, limits: { ...LIMITS } };
}

/** The render input for a plan whose orgs are all safe unless named in `unsafe`. */
export function inputOf(plan: Plan, unsafe: readonly string[] = []): RenderInput {
  const safety: Record<string, SafetyVerdict> = {};
  for (const org of plan.orgs) safety[org.name] = verdictFor(org, !unsafe.includes(org.name));
  return { plan, safety, fingerprint: FINGERPRINT };
}

function kept(reason: Kept['reason'], access: string, ...emails: string[]): Kept[] {
  return emails.map((email) => ({ email, access, reason }));
}

const numbered = (prefix: string, count: number, domain = 'acme.com'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}@${domain}`);

/**
 * Every kind of change and every kept reason, across both providers. PostHog prunes (so it has
 * ignored but no unmanaged invites) and re-sends expired invites; Anthropic does neither, and its
 * delete comes from a grant that ended.
 */
export function fullPlan(): Plan {
  const posthog: OrgPlan = {
    name: 'acme-analytics',
    provider: 'posthog',
    changes: [
      { org: 'acme-analytics', action: 'delete', email: 'eve@acme.com', from: 'member', inviteId: 'ph-inv-eve', inviteStatus: 'pending' },
      { org: 'acme-analytics', action: 'replace', email: 'dan@acme.com', reason: 'role', from: 'member', to: 'admin', inviteId: 'ph-inv-dan', inviteStatus: 'pending' },
      { org: 'acme-analytics', action: 'replace', email: 'erin@acme.com', reason: 'expired', from: 'member', to: 'member', inviteId: 'ph-inv-erin', inviteStatus: 'expired' },
      {
        org: 'acme-analytics',
        action: 'create',
        email: 'alice@acme.com',
        to: 'admin',
        firstName: 'Alice',
        message: 'Welcome to Acme analytics; questions to Help.Desk@acme.com',
      },
    ],
    kept: [
      ...kept('unchanged', 'member', ...numbered('user', 12)),
      ...kept('member', 'admin', 'frank@acme.com'),
      ...kept('ignored', 'member', 'kim@contractors.acme.com'),
    ],
    members: 40,
    pending: 15,
  };
  const anthropic: OrgPlan = {
    name: 'acme-claude',
    provider: 'anthropic',
    changes: [
      { org: 'acme-claude', action: 'delete', email: 'bob@acme.com', from: 'user', inviteId: 'invite_bob', inviteStatus: 'pending' },
      { org: 'acme-claude', action: 'replace', email: 'carol@acme.com', reason: 'role', from: 'user', to: 'developer', inviteId: 'invite_carol', inviteStatus: 'pending' },
      { org: 'acme-claude', action: 'create', email: 'zoe@acme.com', to: 'claude_code_user' },
    ],
    kept: [
      ...kept('unchanged', 'developer', 'hank@acme.com'),
      ...kept('member', 'user', 'ivan@acme.com'),
      ...kept('unmanaged', 'billing', 'jill@acme.com'),
      ...kept('expired-not-reinvited', 'user', 'lee@acme.com'),
      ...kept('grant-ended', 'user', 'max@acme.com'),
    ],
    members: 7,
    pending: 4,
  };
  return { orgs: [posthog, anthropic] };
}

/** A converged plan: both orgs read, nothing to change. */
export function emptyPlan(): Plan {
  return {
    orgs: [
      { name: 'acme-analytics', provider: 'posthog', changes: [], kept: kept('unchanged', 'member', 'alice@acme.com', 'bob@acme.com'), members: 40, pending: 2 },
      { name: 'acme-claude', provider: 'anthropic', changes: [], kept: kept('member', 'user', 'carol@acme.com'), members: 7, pending: 0 },
    ],
  };
}

/** `acme-claude` would revoke 7 of 9 pending invites: over both limits (5 and 0.25). */
export function unsafePlan(): Plan {
  const deletes: Change[] = numbered('leaver', 7).map((email) => ({ org: 'acme-claude', action: 'delete', email, from: 'user', inviteId: `invite_${email}`, inviteStatus: 'pending' }));
  return {
    orgs: [
      { name: 'acme-analytics', provider: 'posthog', changes: [{ org: 'acme-analytics', action: 'create', email: 'alice@acme.com', to: 'member' }], kept: [], members: 40, pending: 0 },
      { name: 'acme-claude', provider: 'anthropic', changes: deletes, kept: kept('unchanged', 'user', 'stay01@acme.com', 'stay02@acme.com'), members: 7, pending: 9 },
    ],
  };
}

/**
 * 20,000 changes: a large PostHog org, a large Anthropic org and a small one. Creates follow the
 * planner's order (deletes, replaces, creates); the renderers sort their diff lines themselves.
 */
export function hugePlan(): Plan {
  const changes = (org: string, action: 'create' | 'replace' | 'delete', prefix: string, count: number, access = 'member'): Change[] =>
    Array.from({ length: count }, (_, i): Change => {
      const email = `${prefix}${String(i).padStart(5, '0')}@example.com`;
      if (action === 'create') return { org, action, email, to: access };
      if (action === 'delete') return { org, action, email, from: access, inviteId: `i-${email}`, inviteStatus: 'pending' };
      return { org, action, email, reason: 'role', from: 'member', to: 'admin', inviteId: `i-${email}`, inviteStatus: 'pending' };
    });
  const big: OrgPlan = {
    name: 'big-posthog',
    provider: 'posthog',
    changes: [...changes('big-posthog', 'delete', 'gone', 500), ...changes('big-posthog', 'replace', 'promoted', 2_000), ...changes('big-posthog', 'create', 'new', 9_997)],
    kept: Array.from({ length: 3_000 }, (_, i) => ({ email: `kept${String(i).padStart(5, '0')}@example.com`, access: 'member', reason: 'unchanged' as const })),
    members: 5_000,
    pending: 5_500,
  };
  const wide: OrgPlan = {
    name: 'wide-claude',
    provider: 'anthropic',
    changes: [...changes('wide-claude', 'delete', 'gone', 1_500, 'user'), ...changes('wide-claude', 'create', 'new', 6_000, 'user')],
    kept: [],
    members: 100,
    pending: 1_500,
  };
  const small: OrgPlan = {
    name: 'small-posthog',
    provider: 'posthog',
    changes: [{ org: 'small-posthog', action: 'create', email: 'solo@example.com', to: 'member' }, ...changes('small-posthog', 'create', 'pair', 2)],
    kept: [],
    members: 3,
    pending: 0,
  };
  return { orgs: [big, wide, small] };
}
