// Binding each configured org to its API: the key from its environment variable, a budget, an HTTP client.
import { createHash } from 'node:crypto';
import { InvitectlError } from '../errors.ts';
import type { Deadline } from '../deadline.ts';
import { ReadAllowance } from '../http-fetch.ts';
import { createHttpClient, type Gate, type RetryPolicy } from '../http.ts';
import type { DesiredOrg } from '../model.ts';
import { pacedWindows, type RateBudget, type RateBudgets, type RateWindow } from '../rate-budget.ts';
import { registerSecret } from '../redact.ts';
import type { Provider, ProviderCapabilities, ProviderModule } from './provider.ts';
import { providerModule } from './registry.ts';

/** API keys are visible ASCII: anything else (a control, a non-Latin-1 or pasted typographic character) is a copy error. */
const VISIBLE_ASCII = /^[\x21-\x7e]$/;

/** An org bound to its API: the provider, what it can do, and which credential it spends. */
export interface Connection {
  org: DesiredOrg;
  provider: Provider;
  capabilities: ProviderCapabilities;
  /** The API's whole module (its config words, for messages). */
  module: ProviderModule;
  /** Opaque id of the API key (a hash, never the key): orgs that share a key share a budget. */
  credentialId: string;
  /** The key's rate budget, shared with the other orgs on the key (progress shows its waits). */
  budget: RateBudget;
}

export interface ConnectOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Refuse every write before it is sent (plan, validate, import). */
  readOnly: boolean;
  budgets: RateBudgets;
  signal?: AbortSignal;
  /** One request's time limit, answer included. */
  timeoutMs?: number;
  /** The run's deadline, shared by every request of every org. */
  deadline?: Deadline;
  retry?: Partial<RetryPolicy>;
  /** What the whole run may read (default: a fresh allowance of MAX_RUN_READ_BYTES for these orgs). */
  readAllowance?: ReadAllowance;
  /** The concurrency gate for a credential (apply's --concurrency), by credential id; it adapts to the budget's 429s. */
  gateFor?: (credentialId: string, budget?: RateBudget) => Gate;
}

/**
 * Binds every org to its API with the key from its environment variable. All missing keys are
 * reported at once, as are keys that cannot be sent in a header; the message names the variable,
 * never a value.
 */
export function connect(orgs: readonly DesiredOrg[], options: ConnectOptions): Connection[] {
  const problems = orgs.flatMap((org) => {
    const variable = org.connection.apiKeyEnv;
    const key = options.env[variable]?.trim();
    if (!key) return [`${org.name}: environment variable ${variable} is not set (it must hold the ${org.provider} API key)`];
    const bad = [...key].findIndex((char) => !VISIBLE_ASCII.test(char));
    return bad < 0 ? [] : [`${org.name}: environment variable ${variable} holds a character that cannot be sent in an HTTP header (character ${bad + 1}); copy the key again`];
  });
  if (problems.length > 0) throw new InvitectlError(problems.join('\n'));
  const windows = windowsByKey(orgs, options.env);
  const readAllowance = options.readAllowance ?? new ReadAllowance();
  return orgs.map((org) => {
    const module = providerModule(org.provider);
    const apiKey = options.env[org.connection.apiKeyEnv]!.trim();
    registerSecret(apiKey);
    const credentialId = createHash('sha256').update(`${org.provider}\0${apiKey}`).digest('hex').slice(0, 12);
    const budget = options.budgets.budgetFor(org.provider, apiKey, windows.get(`${org.provider}\0${apiKey}`)!);
    const gate = options.gateFor?.(credentialId, budget);
    const http = createHttpClient({
      baseUrl: org.connection.baseUrl,
      headers: module.authHeaders(apiKey),
      readOnly: options.readOnly,
      budget,
      readAllowance,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.deadline ? { deadline: options.deadline } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(gate ? { gate } : {}),
    });
    return { org, provider: module.create({ org, http }), capabilities: module.capabilities, module, credentialId, budget };
  });
}

/**
 * The windows each key is paced to. An org's own `rate_limits` (a custom plan) win over the
 * provider's published windows (which loopback skips). Orgs may reach one key through different
 * variables, which validation cannot see: the key then keeps every window any of them names.
 */
function windowsByKey(orgs: readonly DesiredOrg[], env: ConnectOptions['env']): Map<string, readonly RateWindow[]> {
  const byKey = new Map<string, RateWindow[]>();
  for (const org of orgs) {
    const id = `${org.provider}\0${env[org.connection.apiKeyEnv]!.trim()}`;
    const own = org.rateWindows ?? pacedWindows(providerModule(org.provider).config.rateWindows, org.connection.baseUrl);
    const list = byKey.get(id) ?? [];
    for (const window of own) if (!list.some((known) => known.requests === window.requests && known.perMs === window.perMs)) list.push(window);
    byKey.set(id, list);
  }
  return byKey;
}
