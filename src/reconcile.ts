// Reconcile: load the config, read every selected org (all pages, in parallel), plan, and check safety.
import { concurrencyGates } from './apply/gates.ts';
import { loadConfig, type LoadedConfig } from './config/load.ts';
import { DEFAULT_LIMITS, RunDeadline, type TimeLimits } from './deadline.ts';
import { InvitectlError, UsageError } from './errors.ts';
import { fingerprintPlan } from './fingerprint.ts';
import type { Gate, RetryPolicy } from './http.ts';
import type { CliIO } from './io.ts';
import type { CurrentState, DesiredOrg, Plan, SafetyVerdict } from './model.ts';
import { planChanges } from './plan.ts';
import { connect, type Connection } from './providers/connect.ts';
import { RateBudgets } from './rate-budget.ts';
import { checkSafety } from './safety.ts';

/** Everything one planning run read and decided. */
export interface PlanRun {
  loaded: LoadedConfig;
  /** The orgs selected with --org (all when none), in config order. */
  orgs: DesiredOrg[];
  connections: Connection[];
  current: CurrentState;
  plan: Plan;
  safety: Record<string, SafetyVerdict>;
  fingerprint: string;
  now: Date;
}

export interface PlanRunOptions {
  configFile: string;
  /** `--org` values; empty means every org. */
  orgNames: readonly string[];
  /** Plan and import only read; apply writes later through the same connections. */
  readOnly: boolean;
  budgets?: RateBudgets;
  /** apply's per-credential concurrency gates; reads wait their turn like writes. */
  gateFor?: (credentialId: string) => Gate;
  retry?: Partial<RetryPolicy>;
  /** `--timeout`, `--read-deadline`, `--deadline` (see parseTimeLimits); absent: the defaults. */
  limits?: Partial<TimeLimits>;
}

/** Requests in flight per API key while only reading (plan, import): apply's default concurrency. */
export const READ_CONCURRENCY = 4;

/**
 * Loads the config, reads every selected org's current state (in parallel, every page), and
 * plans. Any failed read fails the run before anything could be written.
 */
export async function planFromApis(io: CliIO, options: PlanRunOptions): Promise<PlanRun> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // One deadline for the whole run: every request of every org shares it, apply's writes included.
  const deadline = new RunDeadline(limits.deadlineMs);
  const loaded = await loadConfig(options.configFile, io.cwd, io.env);
  const orgs = selectOrgs(loaded, options.orgNames);
  const connections = connect(orgs, {
    env: io.env,
    readOnly: options.readOnly,
    budgets: options.budgets ?? new RateBudgets(),
    // A read may be cancelled at once; a write in flight must finish so its outcome is known.
    ...(io.signal && options.readOnly ? { signal: io.signal } : {}),
    // Reads are bounded per key like apply's requests: 50 orgs on one key are not 100 GETs at once.
    gateFor: options.gateFor ?? concurrencyGates(READ_CONCURRENCY),
    ...(options.retry ? { retry: options.retry } : {}),
    timeoutMs: limits.timeoutMs,
    deadline,
  });
  const current = await deadline.reading(limits.readDeadlineMs, () => readCurrent(connections));
  const now = io.now?.() ?? new Date();
  const plan = planChanges({ orgs }, current, now);
  const safety = checkSafety(plan, Object.fromEntries(orgs.map((org) => [org.name, org.safety])));
  return { loaded, orgs, connections, current, plan, safety, fingerprint: fingerprintPlan(plan), now };
}

/** The orgs named with --org, in config order; an unknown name is a usage error listing the real ones. */
export function selectOrgs(loaded: LoadedConfig, names: readonly string[]): DesiredOrg[] {
  const all = loaded.desired.orgs;
  const unknown = names.filter((name) => !all.some((org) => org.name === name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown org ${unknown.map((name) => `"${name}"`).join(', ')} (orgs in ${loaded.file}: ${all.map((org) => org.name).join(', ')})`);
  }
  return names.length === 0 ? all : all.filter((org) => names.includes(org.name));
}

/** Reads every org at once; if any read fails, the run fails, naming each org that failed. */
export async function readCurrent(connections: readonly Connection[]): Promise<CurrentState> {
  const results = await Promise.allSettled(connections.map((connection) => connection.provider.read()));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length > 0) {
    // A provider's failures are one line each, naming the org; anything else is a bug and surfaces as one.
    const bug = failures.find((failure) => !(failure instanceof InvitectlError));
    if (bug !== undefined) throw bug;
    throw new InvitectlError(failures.map((failure) => (failure as InvitectlError).message).join('\n'));
  }
  const orgs = Object.fromEntries(connections.map((connection, index) => [connection.org.name, (results[index] as PromiseFulfilledResult<CurrentState['orgs'][string]>).value]));
  return { orgs };
}
