// A small GitHub REST client for plan comments, with a bounded timeout.
import { InvitectlError } from '../errors.ts';
import { createHttpClient, type HttpClient, type RetryPolicy } from '../http.ts';
import { RateBudget } from '../rate-budget.ts';
import { registerSecret } from '../redact.ts';
import { githubToken, readActionsEnvironment, type Env } from './environment.ts';

/** An authenticated client for GitHub's REST API and the repository it works on. */
export interface GitHubConnection {
  http: HttpClient;
  /** The API origin and path prefix (`https://api.github.com`, or `https://ghe.example/api/v3`). */
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
}

/** Cancellation, and retry and timeout overrides for tests. */
export interface GitHubConnectOptions {
  signal?: AbortSignal;
  /** Tests shorten these; the defaults are the HTTP layer's. */
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Connects to GitHub's REST API at `GITHUB_API_URL` (default api.github.com) with the token in
 * `GITHUB_TOKEN`, for the repository in `GITHUB_REPOSITORY`. The token is registered for
 * redaction and never appears in a message; https is required except on loopback.
 */
export function connectGitHub(env: Env, options: GitHubConnectOptions = {}): GitHubConnection {
  const actions = readActionsEnvironment(env);
  const token = githubToken(env);
  if (!token) throw new InvitectlError('plan --comment needs a token in GITHUB_TOKEN (the action passes its github-token input; the job needs permissions: pull-requests: write)');
  registerSecret(token);
  const repository = actions.repository;
  if (!repository || !REPOSITORY.test(repository)) throw new InvitectlError(`plan --comment needs GITHUB_REPOSITORY as owner/name${repository ? `, not "${repository}"` : ''}`);
  checkApiUrl(actions.apiUrl);
  const http = createHttpClient({
    baseUrl: actions.apiUrl,
    headers: { authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' },
    readOnly: false,
    budget: new RateBudget(),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { http, apiUrl: actions.apiUrl, repository };
}

function checkApiUrl(apiUrl: string): void {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new InvitectlError(`GITHUB_API_URL is not a URL: "${apiUrl}"`);
  }
  if (url.username || url.password) throw new InvitectlError('GITHUB_API_URL must not contain credentials');
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return;
  throw new InvitectlError(`GITHUB_API_URL must use https:// (http:// only on loopback), not "${url.origin}"`);
}
