// Config rule: orgs on one API key share one request budget, so they must state the same rate_limits.
import { providerModules } from '../providers/registry.ts';
import { durationMs } from './fields.ts';
import type { Locate } from './groups.ts';
import { formatPath, type ConfigProblem } from './problem.ts';

/**
 * Two orgs on the same key variable with different `rate_limits` (or one with and one without)
 * are refused: the budget is per key, so one of them would silently be ignored. Orgs whose
 * `rate_limits` is malformed are skipped (the schema reports it).
 */
export function conflictingRateLimits(locate: Locate, orgs: Record<string, unknown>): ConfigProblem[] {
  const first = new Map<string, { name: string; limits: string }>();
  const problems: ConfigProblem[] = [];
  for (const [name, org] of Object.entries(orgs)) {
    const key = isRecord(org) ? keyOf(org) : undefined;
    const limits = isRecord(org) ? canonicalLimits(org['rate_limits']) : undefined;
    if (key === undefined || limits === undefined) continue;
    const earlier = first.get(key.id);
    if (!earlier) {
      first.set(key.id, { name, limits });
      continue;
    }
    if (earlier.limits === limits) continue;
    const at = locate(whereOf(earlier.name, orgs[earlier.name] as Record<string, unknown>));
    const path = whereOf(name, org as Record<string, unknown>);
    problems.push({
      ...locate(path),
      path: formatPath(path),
      message: `rate_limits differ from those of org ${formatPath([earlier.name])} (${at.file}:${at.line}:${at.col}) on the same ${key.what}; one key has one budget, so every org on it must list the same rate_limits`,
    });
  }
  return problems;
}

/** The key an org spends: its provider and key variable (the default when left out). */
function keyOf(org: Record<string, unknown>): { id: string; what: string } | undefined {
  const module = providerModules().find((candidate) => candidate.name === org['provider']);
  if (!module) return undefined;
  const variable = typeof org['api_key_env'] === 'string' ? org['api_key_env'] : module.config.defaultApiKeyEnv;
  return { id: `${module.name}\0${variable}`, what: `${module.title} api_key_env ${variable}` };
}

/** The org's windows in a comparable form (order does not matter), '' when unset, undefined when malformed. */
function canonicalLimits(value: unknown): string | undefined {
  if (value === undefined) return '';
  if (!Array.isArray(value)) return undefined;
  const windows: string[] = [];
  for (const item of value) {
    const requests: unknown = isRecord(item) ? item['requests'] : undefined;
    const perMs = isRecord(item) && typeof item['per'] === 'string' ? durationMs(item['per']) : undefined;
    if (typeof requests !== 'number' || perMs === undefined) return undefined;
    windows.push(`${requests}/${perMs}`);
  }
  return windows.sort().join(' ');
}

/** Where to point at an org's limits: its `rate_limits`, or the org itself when it has none. */
function whereOf(name: string, org: Record<string, unknown>): PropertyKey[] {
  return org['rate_limits'] === undefined ? ['orgs', name] : ['orgs', name, 'rate_limits'];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
