import { ACCESS_FIELD } from '../model.ts';
import type { Change, ChangeAction, Kept, KeptReason, OrgPlan, Plan, ProviderName, SafetyVerdict } from '../model.ts';
import { redact as redactSecrets } from '../redact.ts';
import { redactEmail, redactEmailsInText } from './redact-email.ts';

/** Everything a renderer shows: the plan, each org's mass-delete verdict (by org name) and the plan's fingerprint. */
export interface RenderInput {
  plan: Plan;
  safety: Readonly<Record<string, SafetyVerdict>>;
  fingerprint: string;
}

/** How to render. The CLI decides `color` once (DESIGN §4); the renderers never look at the environment. */
export interface RenderOptions {
  /** ANSI colour in the text format; markdown and JSON never have any. */
  color: boolean;
  /** Replace every email with `a***@acme.com#1a2b3c` (see `redactEmail`). */
  redactEmails: boolean;
  /** Markdown only: the most characters the output may have (default `MARKDOWN_MAX_LENGTH`). */
  maxLength?: number;
}

/** How many changes of each action. */
export type ChangeCounts = Record<ChangeAction, number>;

/** How many kept invitees for each reason. */
export type KeptCounts = Record<KeptReason, number>;

/** An access value under the name its API uses: `{ level }` for PostHog, `{ role }` for Anthropic. */
export type Access = { level: string } | { role: string };

/** Counts changes per action. */
export function countChanges(changes: readonly Change[]): ChangeCounts {
  const counts: ChangeCounts = { create: 0, replace: 0, delete: 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}

/** Adds up the change counts of every org in the plan. */
export function countPlanChanges(plan: Plan): ChangeCounts {
  return countChanges(plan.orgs.flatMap((org) => org.changes));
}

/** The number of changes in a count. */
export function totalOf(counts: ChangeCounts): number {
  return counts.create + counts.replace + counts.delete;
}

/** Counts kept invitees per reason (every reason present, zero when none). */
export function countKept(kept: readonly Kept[]): KeptCounts {
  const counts: KeptCounts = { unchanged: 0, member: 0, unmanaged: 0, ignored: 0, 'expired-not-reinvited': 0, 'grant-ended': 0 };
  for (const item of kept) counts[item.reason] += 1;
  return counts;
}

/** `{ level: access }` or `{ role: access }`, after `ACCESS_FIELD[provider]`. */
export function accessOf(provider: ProviderName, access: string): Access {
  return ACCESS_FIELD[provider] === 'level' ? { level: access } : { role: access };
}

/** `level: admin` or `role: developer`, as a human reads it. */
export function accessLabel(provider: ProviderName, access: string): string {
  return `${ACCESS_FIELD[provider]}: ${access}`;
}

/**
 * The safety verdict for an org. Throws when there is none: a missing verdict must not render as "safe".
 */
export function verdictOf(safety: RenderInput['safety'], org: string): SafetyVerdict {
  // hasOwn: an org named like an Object.prototype key ("constructor") must not read the prototype.
  const verdict = Object.hasOwn(safety, org) ? safety[org] : undefined;
  if (verdict === undefined) throw new Error(`no safety verdict given for org "${org}"`);
  return verdict;
}

/**
 * The input as a renderer should show it: free text (first name, message) with anything shaped
 * like an API key masked, always; every email redacted when `options.redactEmails`.
 */
export function prepareInput(input: RenderInput, options: RenderOptions): RenderInput {
  const hasText = input.plan.orgs.some((org) => org.changes.some((change) => change.firstName !== undefined || change.message !== undefined));
  if (!options.redactEmails && !hasText) return input;
  return { ...input, plan: { orgs: input.plan.orgs.map((org) => prepareOrg(org, options.redactEmails)) } };
}

function prepareOrg(org: OrgPlan, redactEmails: boolean): OrgPlan {
  const text = (value: string) => redactSecrets(redactEmails ? redactEmailsInText(value) : value);
  return {
    ...org,
    changes: org.changes.map((change) => ({
      ...change,
      email: redactEmails ? redactEmail(change.email) : change.email,
      ...(change.firstName === undefined ? {} : { firstName: text(change.firstName) }),
      ...(change.message === undefined ? {} : { message: text(change.message) }),
    })),
    kept: redactEmails ? org.kept.map((item) => ({ ...item, email: redactEmail(item.email) })) : org.kept,
  };
}
