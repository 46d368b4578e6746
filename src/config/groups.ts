// Groups: people defined once at the top level and granted to orgs; their schema, their checks, and how a grant expands into an org's desired invites.
import { z } from 'zod';
import { grantEndsAt } from '../grant.ts';
import { normalizeEmail, type DesiredInvite } from '../model.ts';
import type { ProviderConfig, ProviderModule } from '../providers/provider.ts';
import { excerpt } from './excerpt.ts';
import { desiredInviteOf, email, until } from './fields.ts';
import { formatPath, type ConfigProblem } from './problem.ts';
import { closest } from './suggest.ts';

/** Org and group names: letters, digits, ".", "_" and "-" (they appear in output, `--org` and `via`). */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The most emails one group may list. */
export const MAX_GROUP_EMAILS = 10_000;

/** `groups:` at the top level: people defined once, by a name of the user's choosing. */
export const groupsSchema = z
  .record(
    z.string().regex(NAME, 'group names may use letters, digits, ".", "_" and "-"'),
    z
      .strictObject({
        emails: z
          .array(email)
          .min(1, 'a group needs at least one email')
          .max(MAX_GROUP_EMAILS, `at most ${MAX_GROUP_EMAILS} emails in one group`)
          .describe('The people in the group.'),
      })
      .describe('One group of people, granted to orgs with grants:.'),
  )
  .describe('People defined once and granted to orgs (an org\'s grants: [{ group, <level|role>, until? }]).');

/** One group as validated. */
export type GroupConfig = z.infer<typeof groupsSchema>[string];

/** One grant as validated: the group, the provider's access key (`level`, `role`) and an optional end. */
export type GrantConfig = { group: string; until?: string } & Record<string, unknown>;

/** An org's `grants:` for `module`: each grant takes the access key, words and default of the provider's invites. */
export function grantsSchemaFor(module: ProviderModule): z.ZodType {
  const { accessField, accessWords } = module.config;
  return z
    .array(
      z
        .strictObject({
          group: z.string().min(1, 'name a group defined under groups:').describe('A group defined under groups: at the top level.'),
          [accessField]: inviteAccessSchema(module) ?? z.enum(accessWords as [string, ...string[]]),
          until: until.optional(),
        })
        .describe("One group granted to this org, with the access its people get (as on an invite) and an optional last day."),
    )
    .optional()
    .describe('Groups granted to this org: each person in the group is wanted here as if listed under invites.');
}

/** The access field's schema on the provider's invites (its words, messages and default), when the org schema has one. */
function inviteAccessSchema(module: ProviderModule): z.ZodType | undefined {
  let invites: unknown = (module.config.orgSchema.shape as Record<string, unknown>)['invites'];
  while (invites instanceof z.ZodDefault || invites instanceof z.ZodOptional) invites = invites.unwrap();
  const element = invites instanceof z.ZodArray ? invites.element : undefined;
  return element instanceof z.ZodObject ? ((element.shape as Record<string, z.ZodType>)[module.config.accessField] ?? undefined) : undefined;
}

/** Where a path lies: the file (each file keeps its own name) and the line and column in it. */
export type Locate = (path: readonly PropertyKey[], part?: 'key' | 'value') => { file: string; line: number; col: number };

/** A validated org, as far as groups need it. */
interface OrgLike {
  provider: string;
  ignore: string[];
  invites?: unknown;
  grants?: GrantConfig[] | undefined;
}

/** One reason a person is wanted in an org: listed directly, or through a granted group. */
interface Source {
  email: string;
  access: string;
  until?: string | undefined;
  /** `direct`, or the group's name. */
  via: string;
  path: PropertyKey[];
}

/** What resolving an org's people gives: the desired invites, and the conflicts no rule can settle. */
export interface Resolved {
  invites: DesiredInvite[];
  conflicts: Array<{ path: PropertyKey[]; message: string }>;
}

/**
 * The org's desired invites with its granted groups expanded. A person wanted more than once
 * (listed and in a group, or in two groups) gets the highest access (the provider's
 * `accessOrder`) and the latest `until` (none = no end); `via` names the groups (and `direct`).
 * Refused as conflicts: two accesses of one tier (neither includes the other), and a higher
 * access that ends before a lower one (one invite cannot step down on a date).
 */
export function resolveOrg(
  orgName: string,
  org: OrgLike,
  direct: readonly DesiredInvite[],
  groups: Readonly<Record<string, GroupConfig>>,
  config: ProviderConfig,
  fold: (email: string) => string,
): Resolved {
  const grants = org.grants ?? [];
  if (grants.length === 0) return { invites: [...direct], conflicts: [] };
  const byKey = new Map<string, { base?: DesiredInvite; sources: Source[] }>();
  const add = (key: string, source: Source, base?: DesiredInvite) => {
    const entry = byKey.get(key) ?? { sources: [] };
    if (base !== undefined) entry.base = base;
    entry.sources.push(source);
    byKey.set(key, entry);
  };
  direct.forEach((invite, index) => {
    add(fold(invite.email), { email: invite.email, access: invite.access, until: invite.until, via: 'direct', path: ['orgs', orgName, 'invites', index, 'email'] }, invite);
  });
  grants.forEach((grant, index) => {
    const group = Object.hasOwn(groups, grant.group) ? groups[grant.group] : undefined;
    const access = grant[config.accessField];
    if (group === undefined || typeof access !== 'string') return;
    for (const raw of new Set(group.emails.map(normalizeEmail))) {
      add(fold(raw), { email: raw, access, until: grant.until, via: grant.group, path: ['orgs', orgName, 'grants', index, 'group'] });
    }
  });
  const rank = rankOf(config);
  const invites: DesiredInvite[] = [];
  const conflicts: Resolved['conflicts'] = [];
  for (const { base, sources } of byKey.values()) {
    if (sources.every((source) => source.via === 'direct')) {
      invites.push(base!);
      continue;
    }
    const problem = conflictOf(sources, rank, config);
    if (problem) {
      conflicts.push(problem);
      continue;
    }
    const top = Math.max(...sources.map((source) => rank(source.access)));
    const winner = sources.find((source) => rank(source.access) === top)!;
    const latest = latestUntil(sources);
    const via = [...new Set(sources.map((source) => source.via))];
    const first = base ?? desiredInviteOf({ email: winner.email }, winner.access);
    const { until: _ended, ...rest } = first;
    invites.push({ ...rest, access: winner.access, ...(latest === undefined ? {} : { until: latest }), via });
  }
  return { invites, conflicts };
}

/** Why the sources of one person cannot be merged, or undefined when the rule settles them. */
function conflictOf(sources: readonly Source[], rank: (access: string) => number, config: ProviderConfig): { path: PropertyKey[]; message: string } | undefined {
  const first = sources[0]!;
  const describe = (source: Source) => `${source.access} ${viaText(source.via)}${source.until === undefined ? '' : ` until ${source.until}`}`;
  for (const source of sources.slice(1)) {
    if (source.email !== first.email) {
      return { path: source.path, message: `${excerpt(source.email)} ${viaText(source.via)} is the same address as ${excerpt(first.email)} ${viaText(first.via)} for this API; list one of them` };
    }
    const same = rank(source.access) === rank(first.access) && source.access !== first.access;
    if (same) {
      return { path: source.path, message: `${excerpt(source.email)} gets ${describe(source)} and ${describe(first)}; neither ${config.accessField} includes the other, so give both the same ${config.accessField}` };
    }
  }
  const top = Math.max(...sources.map((source) => rank(source.access)));
  const highEnd = endOf(latestUntil(sources.filter((source) => rank(source.access) === top)));
  const outlasting = sources.find((source) => rank(source.access) < top && endOf(source.until) > highEnd);
  if (outlasting === undefined) return undefined;
  const high = sources.find((source) => rank(source.access) === top)!;
  const later = sources.indexOf(outlasting) > sources.indexOf(high) ? outlasting : high;
  return {
    path: later.path,
    message: `${excerpt(high.email)} gets ${describe(high)} but ${describe(outlasting)}: one invite cannot step down on a date; end the ${outlasting.access} one no later, or give the ${high.access} one the same end`,
  };
}

/** `via group data-team`, or `listed directly`. */
function viaText(via: string): string {
  return via === 'direct' ? 'listed directly' : `via group ${via}`;
}

/** The latest `until` of the sources; undefined (no end) when any has none. */
function latestUntil(sources: readonly Source[]): string | undefined {
  let latest: string | undefined;
  for (const source of sources) {
    if (source.until === undefined) return undefined;
    if (latest === undefined || source.until > latest) latest = source.until;
  }
  return latest;
}

function endOf(until: string | undefined): number {
  return until === undefined ? Infinity : grantEndsAt(until);
}

/** The tier of an access word in the provider's order (words outside it rank lowest). */
function rankOf(config: ProviderConfig): (access: string) => number {
  const tiers = config.accessOrder ?? config.accessWords.map((word) => [word]);
  return (access) => tiers.findIndex((tier) => tier.includes(access));
}

/**
 * The checks groups need across the whole config (every file of a directory): an unknown or twice
 * granted group, an email listed twice in a group, a granted person the org ignores.
 */
export function groupProblems(groups: Readonly<Record<string, GroupConfig>>, orgs: Readonly<Record<string, OrgLike>>, locate: Locate): ConfigProblem[] {
  const problems: Array<{ path: PropertyKey[]; message: string; part?: 'key' }> = [];
  for (const [name, group] of Object.entries(groups)) {
    const seen = new Map<string, number>();
    group.emails.forEach((raw, index) => {
      const normal = normalizeEmail(raw);
      const earlier = seen.get(normal);
      if (earlier === undefined) seen.set(normal, index);
      else problems.push({ path: ['groups', name, 'emails', index], message: `duplicate email ${excerpt(normal)} (already listed at emails[${earlier}])` });
    });
  }
  const names = Object.keys(groups);
  for (const [orgName, org] of Object.entries(orgs)) {
    const granted = new Map<string, number>();
    (org.grants ?? []).forEach((grant, index) => {
      const path = ['orgs', orgName, 'grants', index, 'group'];
      if (!Object.hasOwn(groups, grant.group)) {
        const suggestion = closest(grant.group, names);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : names.length === 0 ? ' (define it under groups: at the top level)' : ` (groups: ${excerpt(names.join(', '), 120)})`;
        problems.push({ path, message: `unknown group ${JSON.stringify(excerpt(grant.group))}${hint}` });
        return;
      }
      const earlier = granted.get(grant.group);
      if (earlier !== undefined) problems.push({ path, message: `group ${grant.group} is already granted at grants[${earlier}]` });
      else granted.set(grant.group, index);
    });
  }
  return problems.map(({ path, message }) => ({ ...locate(path), path: formatPath(path), message }));
}
