// One planner measurement in a fresh process, so peak RSS belongs to this size alone.
// Usage: node bench/planner-child.ts SIZE → one JSON line on stdout (one cold call, as the CLI makes).
import type { CurrentInvite, CurrentMember, CurrentOrg, DesiredInvite, DesiredOrg, DesiredState, ProviderName } from '../src/model.ts';
import { planChanges } from '../src/plan.ts';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const ACCESS: Record<ProviderName, readonly [string, string]> = { posthog: ['member', 'admin'], anthropic: ['user', 'developer'], openai: ['reader', 'owner'] };

/**
 * One org holding `size / 2` desired and `size / 2` current invites, mixed as a large org's
 * steady state with churn: 80 % unchanged, 5 % role changes, 5 % expired, 10 % new (creates),
 * 10 % current but unlisted (deletes), plus members and an ignore pattern.
 */
function world(provider: ProviderName, half: number): { desired: DesiredOrg; current: CurrentOrg } {
  const [base, other] = ACCESS[provider];
  const invites: DesiredInvite[] = [];
  const current: CurrentInvite[] = [];
  const members: CurrentMember[] = [];
  const created = new Date(NOW.getTime() - 86_400_000).toISOString();
  for (let i = 0; i < half; i++) {
    const email = `user${i}@${provider}.example`;
    const slot = i % 20;
    // Desired: every index but the deletes (slot 18, 19); current: every index but the creates (slot 16, 17).
    if (slot < 18) invites.push({ email, access: base, ...(slot === 0 ? { firstName: 'Ann' } : {}) });
    if (slot === 16 || slot === 17) continue;
    const access = slot === 1 ? other : base;
    const status = slot === 2 ? 'expired' : 'pending';
    current.push({ id: `inv-${provider}-${i}`, email: slot === 3 ? ` ${email.toUpperCase()} ` : email, access, status, createdAt: created });
    if (slot === 4) members.push({ email: `member${i}@${provider}.example`, access: base });
  }
  const desired: DesiredOrg = {
    name: provider,
    provider,
    connection: { baseUrl: 'http://127.0.0.1:1', apiKeyEnv: 'KEY' },
    prune: true,
    reinviteExpired: true,
    ignore: ['*@contractors.example'],
    safety: { maxDeletes: 5, maxDeleteRatio: 0.25 },
    invites,
  };
  return { desired, current: { invites: current, members } };
}

const size = Number(process.argv[2]);
const posthog = world('posthog', size / 2);
const anthropic = world('anthropic', size / 2);
const desired: DesiredState = { orgs: [posthog.desired, anthropic.desired] };
const state = { orgs: { posthog: posthog.current, anthropic: anthropic.current } };

// What the inputs alone hold, to tell the planner's own share of the peak.
const inputsRssMb = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const plan = planChanges(desired, state, NOW);
const firstMs = performance.now() - started;
const changes = plan.orgs.reduce((sum, org) => sum + org.changes.length, 0);
process.stdout.write(
  `${JSON.stringify({
    size,
    firstMs,
    changes,
    inputsRssMb,
    // maxRSS is in kilobytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
