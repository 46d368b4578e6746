import { parseDocument } from 'yaml';

const TOP = new Set(['$schema', 'version', 'safety', 'orgs']);
const COMMON = ['provider', 'api_key_env', 'prune', 'reinvite_expired', 'ignore', 'safety', 'invites'];
const ORG_KEYS: Record<string, Set<string>> = {
  posthog: new Set([...COMMON, 'host', 'organization_id']),
  anthropic: new Set([...COMMON, 'base_url']),
};
const INVITE_KEYS: Record<string, Set<string>> = {
  posthog: new Set(['email', 'first_name', 'level', 'message', 'until']),
  anthropic: new Set(['email', 'role', 'until']),
};
const ACCESS: Record<string, { key: string; values: Set<string> }> = {
  posthog: { key: 'level', values: new Set(['member', 'admin', 'owner']) },
  anthropic: { key: 'role', values: new Set(['user', 'developer', 'billing', 'claude_code_user']) },
};
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+$/;
const ORIGIN = /^(https:\/\/[^/?#@\s]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)$/;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * An independent, simpler reading of the config rules (README "Config reference"): the reasons a
 * file accepted by `validate` would in fact be invalid. Empty means it is genuinely valid.
 */
export function invalidReasons(text: string, env: Readonly<Record<string, string>>): string[] {
  const doc = parseDocument(text, { uniqueKeys: true, merge: false });
  if (doc.errors.length > 0) return doc.errors.map((error) => `yaml: ${error.code}`);
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  const reasons: string[] = [];
  if (!isRecord(root)) return ['the document is not a mapping'];
  for (const key of Object.keys(root)) if (!TOP.has(key)) reasons.push(`unknown top-level key ${key}`);
  if (root['version'] !== 1) reasons.push('version is not 1');
  if (!isRecord(root['orgs'])) return [...reasons, 'orgs is not a mapping'];
  for (const [name, org] of Object.entries(root['orgs'])) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) reasons.push(`org name ${name}`);
    if (!isRecord(org)) {
      reasons.push(`org ${name} is not a mapping`);
      continue;
    }
    const provider = String(org['provider']);
    const keys = ORG_KEYS[provider];
    if (!keys) {
      reasons.push(`org ${name}: provider ${provider}`);
      continue;
    }
    for (const key of Object.keys(org)) if (!keys.has(key)) reasons.push(`org ${name}: unknown key ${key}`);
    const originKey = provider === 'posthog' ? 'host' : 'base_url';
    const origin = org[originKey] ?? (provider === 'anthropic' ? 'https://api.anthropic.com' : undefined);
    const resolved = typeof origin === 'string' ? origin.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, variable: string, fallback?: string) => env[variable] ?? fallback ?? '\0unset') : undefined;
    if (resolved === undefined || !ORIGIN.test(resolved)) reasons.push(`org ${name}: ${originKey} ${String(origin)}`);
    if (provider === 'posthog' && !/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|@current)$/i.test(String(org['organization_id']))) reasons.push(`org ${name}: organization_id`);
    for (const flag of ['prune', 'reinvite_expired']) if (flag in org && typeof org[flag] !== 'boolean') reasons.push(`org ${name}: ${flag}`);
    const invites = org['invites'] ?? [];
    if (!Array.isArray(invites)) {
      reasons.push(`org ${name}: invites is not a list`);
      continue;
    }
    const seen = new Set<string>();
    for (const invite of invites) {
      if (!isRecord(invite)) {
        reasons.push(`org ${name}: an invite is not a mapping`);
        continue;
      }
      for (const key of Object.keys(invite)) if (!INVITE_KEYS[provider]!.has(key)) reasons.push(`org ${name}: invite key ${key}`);
      const email = invite['email'];
      if (typeof email !== 'string' || !EMAIL.test(email.trim())) reasons.push(`org ${name}: email ${String(email)}`);
      else if (seen.has(email.trim().toLowerCase())) reasons.push(`org ${name}: duplicate ${email}`);
      else seen.add(email.trim().toLowerCase());
      const access = ACCESS[provider]!;
      if (access.key in invite && !access.values.has(String(invite[access.key]))) reasons.push(`org ${name}: ${access.key}`);
    }
  }
  return reasons;
}
