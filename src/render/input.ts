// What every renderer shares: the render input and options, counts, access labels, redaction.
import { providerModule } from '../providers/registry.ts';
import type { Change, ChangeAction, Kept, KeptReason, OrgPlan, Plan, ProviderName, SafetyVerdict } from '../model.ts';
import { redact as redactSecrets } from '../redact.ts';
import { cleanText } from '../sanitize.ts';
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

/** An access value under the name its API's config uses (its `accessField`), e.g. `{ role }`. */
export type Access = Readonly<Record<string, string>>;

/** Counts changes per action. */
export function countChanges(changes: readonly Change[]): ChangeCounts {
  const counts: ChangeCounts = { create: 0, replace: 0, delete: 0, 'change-role': 0, 'remove-member': 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}

/** Adds up the change counts of every org in the plan. */
export function countPlanChanges(plan: Plan): ChangeCounts {
  return countChanges(plan.orgs.flatMap((org) => org.changes));
}

/** The number of changes in a count. */
export function totalOf(counts: ChangeCounts): number {
  return counts.create + counts.replace + counts.delete + counts['change-role'] + counts['remove-member'];
}

/** Counts kept invitees per reason (every reason present, zero when none). */
export function countKept(kept: readonly Kept[]): KeptCounts {
  const counts: KeptCounts = { unchanged: 0, member: 0, unmanaged: 0, ignored: 0, 'expired-not-reinvited': 0, 'grant-ended': 0, protected: 0 };
  for (const item of kept) counts[item.reason] += 1;
  return counts;
}

/** `{ [accessField]: access }`, the access under the provider's own word for it. */
export function accessOf(provider: ProviderName, access: string): Access {
  return { [providerModule(provider).config.accessField]: access };
}

/** `level: admin` or `role: developer`, as a human reads it. */
export function accessLabel(provider: ProviderName, access: string): string {
  return `${providerModule(provider).config.accessField}: ${access}`;
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
 * like an API key masked, always; every email redacted when `options.redactEmails`. With `clean`
 * (text and markdown), control and bidi characters are removed from every string that came from
 * the config or an API answer; JSON keeps them exact and escapes them instead.
 */
export function prepareInput(input: RenderInput, options: RenderOptions, clean = true): RenderInput {
  const hasText = input.plan.orgs.some((org) => org.changes.some((change) => change.firstName !== undefined || change.message !== undefined));
  if (!options.redactEmails && !hasText && !clean) return input;
  // Verdicts are found by org name, so their keys are cleaned the same way as the names.
  const safety = clean ? Object.fromEntries(Object.entries(input.safety).map(([name, verdict]) => [cleanText(name), verdict])) : input.safety;
  return { ...input, safety, plan: { orgs: input.plan.orgs.map((org) => prepareOrg(org, options.redactEmails, clean)) } };
}

function prepareOrg(org: OrgPlan, redactEmails: boolean, clean: boolean): OrgPlan {
  const safe = clean ? (value: string) => cleanText(value) : (value: string) => value;
  const text = (value: string) => safe(redactSecrets(redactEmails ? redactEmailsInText(value) : value));
  const email = (value: string) => safe(redactEmails ? redactEmail(value) : value);
  const prepare = <C extends Change>({ firstName, message, ...change }: C): C =>
    ({
      ...change,
      org: safe(change.org),
      email: email(change.email),
      ...(change.from === undefined ? {} : { from: safe(change.from) }),
      ...(change.to === undefined ? {} : { to: safe(change.to) }),
      // Redacted output leaves out the first name and message too: they name the person as well as the address.
      ...(firstName === undefined || redactEmails ? {} : { firstName: text(firstName) }),
      ...(message === undefined || redactEmails ? {} : { message: text(message) }),
    }) as C; // the same action with the same fields, each made safe
  return {
    ...org,
    name: safe(org.name),
    changes: org.changes.map(prepare),
    kept: org.kept.map((item) => ({ ...item, email: email(item.email), access: safe(item.access), ...(item.wanted === undefined ? {} : { wanted: safe(item.wanted) }) })),
    // Reported member changes name people too: redacted and cleaned like the changes.
    ...(org.reported === undefined ? {} : { reported: org.reported.map(prepare) }),
  };
}
