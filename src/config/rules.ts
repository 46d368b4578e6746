// Semantic config rules over the raw document: small named checks, every problem at once.
import { globsMatcher } from '../glob.ts';
import { providerModules } from '../providers/registry.ts';
import type { YamlFile } from '../yaml.ts';
import { excerpt } from './excerpt.ts';
import type { Locate } from './groups.ts';
import { formatPath, type ConfigProblem } from './problem.ts';
import { conflictingRateLimits } from './shared-key.ts';

/** A semantic check over the raw document; it must tolerate values of the wrong type. `at` gives a path's `file:line:col`. */
type Rule = (orgName: string, org: Record<string, unknown>, at: (path: PropertyKey[]) => string) => Array<{ path: PropertyKey[]; message: string }>;

/** Names every plain object already answers to (`constructor`, `toString`…): as org names they would be looked up wrongly. */
const RESERVED_ORG_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Two invites for one email in one org: the second is an error (emails compare lower-cased, and
 * folded as the org's API folds them, so `jane+a@` and `jane+b@` clash where the API ignores +tags).
 */
const duplicateEmail: Rule = (orgName, org, at) => {
  const folding = providerModules().find((module) => module.name === org['provider'])?.config.emailFolding;
  const first = new Map<string, { index: number; email: string }>();
  return invitesOf(org).flatMap(({ index, email }) => {
    const normal = email.trim().toLowerCase();
    const key = folding ? folding.fold(normal) : normal;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, { index, email: normal });
      return [];
    }
    const path = ['orgs', orgName, 'invites', index, 'email'];
    if (earlier.email === normal) return [{ path, message: `duplicate email ${excerpt(normal)} (already listed at invites[${earlier.index}])` }];
    const where = at(['orgs', orgName, 'invites', earlier.index, 'email']);
    return [{ path, message: `${excerpt(normal)} is the same address as ${excerpt(earlier.email)} at invites[${earlier.index}] (${where}): the API ${folding!.what}; list one of them` }];
  });
};

/** An invite the org's own `ignore` would hide can never be managed: say so instead. */
const ignoredEmail: Rule = (orgName, org) => {
  const patterns = Array.isArray(org['ignore']) ? org['ignore'].filter((p): p is string => typeof p === 'string') : [];
  const isIgnored = globsMatcher(patterns);
  return invitesOf(org)
    .filter(({ email }) => isIgnored(email.trim()))
    .map(({ index, email }) => ({
      path: ['orgs', orgName, 'invites', index, 'email'],
      message: `${excerpt(email.trim().toLowerCase())} matches this org's ignore patterns, so it can be neither invited nor revoked`,
    }));
};

/** API origins must be https; plain http only on loopback, where the emulators run. */
const insecureUrl: Rule = (orgName, org) =>
  [...new Set(providerModules().map((module) => module.config.originField))].flatMap((field) => {
    const value = org[field];
    // A reference left unresolved was already reported where it was interpolated.
    if (typeof value !== 'string' || value === '' || value.includes('${')) return [];
    const message = originProblem(value);
    return message ? [{ path: ['orgs', orgName, field], message }] : [];
  });

/** `members: report|manage` needs the API's member words (which access is owner/admin-type); a provider without them cannot protect anyone. */
const membersUnsupported: Rule = (orgName, org) => {
  const module = providerModules().find((candidate) => candidate.name === org['provider']);
  if (module === undefined || module.config.memberAccess !== undefined) return [];
  if (org['members'] !== 'report' && org['members'] !== 'manage') return [];
  return [{ path: ['orgs', orgName, 'members'], message: `${module.title} members cannot be managed by invitectl; remove members or set it to ignore` }];
};

const RULES: readonly Rule[] = [duplicateEmail, ignoredEmail, insecureUrl, membersUnsupported];

/** Runs every semantic rule over the document, whatever state the schema check left it in. */
export function problemsFromRules(file: string, yaml: YamlFile): ConfigProblem[] {
  const root = yaml.value;
  const orgs = isRecord(root) && isRecord(root['orgs']) ? root['orgs'] : {};
  return [...problemsInFile(file, yaml), ...crossOrgProblems(orgs, locateIn(file, yaml))];
}

/** A locator for paths of one file. */
export function locateIn(file: string, yaml: YamlFile): Locate {
  return (path, part) => ({ file, ...yaml.positionOf(path, part) });
}

/** The rules that look at one org at a time (and at org names), for one file. */
export function problemsInFile(file: string, yaml: YamlFile): ConfigProblem[] {
  const root = yaml.value;
  const orgs = isRecord(root) && isRecord(root['orgs']) ? root['orgs'] : {};
  const at = (path: PropertyKey[]) => {
    const position = yaml.positionOf(path);
    return `${file}:${position.line}:${position.col}`;
  };
  const perOrg = Object.entries(orgs).flatMap(([orgName, org]) =>
    isRecord(org)
      ? RULES.flatMap((rule) =>
          rule(orgName, org, at).map(({ path, message }) => ({ file, ...yaml.positionOf(path), path: formatPath(path), message })),
        )
      : [],
  );
  const reserved = Object.keys(orgs)
    .filter((name) => RESERVED_ORG_NAMES.has(name))
    .map((name) => ({ file, ...yaml.positionOf(['orgs', name], 'key'), path: formatPath(['orgs', name]), message: `org name ${name} is reserved (a JavaScript object property); choose another name` }));
  return [...reserved, ...perOrg];
}

/** The rules across orgs (one remote org, one key's limits), over every file's orgs; `locate` says which file a path is in. */
export function crossOrgProblems(orgs: Record<string, unknown>, locate: Locate): ConfigProblem[] {
  return [...sameRemoteOrg(locate, orgs), ...conflictingRateLimits(locate, orgs)];
}

/**
 * Two config orgs that reach one remote org would each revoke the other's invitees on every
 * apply: the later one is refused, naming where the first is. Compared after `${VAR}`
 * interpolation, since the resolved origin is where the requests go.
 */
function sameRemoteOrg(locate: Locate, orgs: Record<string, unknown>): ConfigProblem[] {
  const first = new Map<string, { name: string; path: PropertyKey[] }>();
  const problems: ConfigProblem[] = [];
  for (const [name, org] of Object.entries(orgs)) {
    const remote = isRecord(org) ? remoteOrgOf(name, org) : undefined;
    if (!remote) continue;
    const earlier = first.get(remote.key);
    if (!earlier) {
      first.set(remote.key, { name, path: remote.path });
      continue;
    }
    const at = locate(earlier.path);
    problems.push({
      ...locate(remote.path),
      path: formatPath(remote.path),
      message: `${remote.what} as org ${formatPath([earlier.name])} (${at.file}:${at.line}:${at.col}); two config orgs on one remote org would revoke each other's invites`,
    });
  }
  return problems;
}

/** The identity of the remote org a config org manages (its provider says what identifies it), or undefined when it cannot be known yet. */
function remoteOrgOf(name: string, org: Record<string, unknown>): { key: string; path: PropertyKey[]; what: string } | undefined {
  const module = providerModules().find((candidate) => candidate.name === org['provider']);
  if (!module) return undefined;
  const { config } = module;
  const origin = normalizedOrigin(org[config.originField] ?? config.defaultOrigin);
  if (!origin) return undefined;
  const apiKeyEnv = typeof org['api_key_env'] === 'string' ? org['api_key_env'] : config.defaultApiKeyEnv;
  const remote = config.remoteOrg(org, origin, apiKeyEnv);
  if (!remote) return undefined;
  return { key: `${module.name} ${remote.identity}`, path: ['orgs', name, remote.field], what: remote.what };
}

/** scheme://host[:port] with case, default port and trailing slash normalised, or undefined when invalid. */
function normalizedOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.includes('${') || originProblem(value)) return undefined;
  return new URL(value).origin;
}

/** Why a configured API origin is refused, or undefined when it is fine. */
export function originProblem(value: string): string | undefined {
  // The URL parser silently strips control characters and spaces at the ends; the value we would
  // send as a base URL keeps them, so refuse them rather than check a cleaned-up copy.
  if (/[\u0000-\u0020\u007f]/.test(value)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL: expected an origin such as https://api.example.com`;
  }
  if (url.username || url.password) return 'must not contain credentials; keys come from api_key_env';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return 'must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must use https://, not ${excerpt(url.protocol)}//`;
  if (url.pathname !== '/' || url.search || url.hash) return `must be an origin only (scheme, host, port), e.g. ${excerpt(url.origin, 80)}`;
  return undefined;
}

function invitesOf(org: Record<string, unknown>): Array<{ index: number; email: string }> {
  // Stryker disable next-line ArrayDeclaration: a placeholder in place of no invites is a string, which is no invite either
  const invites = Array.isArray(org['invites']) ? org['invites'] : [];
  return invites.flatMap((invite: unknown, index) =>
    isRecord(invite) && typeof invite['email'] === 'string' ? [{ index, email: invite['email'] }] : [],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
