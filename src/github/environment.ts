// Reading the GitHub Actions environment from io.env.
/** The environment as the CLI sees it: `io.env`, never `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/** GitHub's public API; GitHub Enterprise Server runners set `GITHUB_API_URL` to their own. */
export const DEFAULT_API_URL = 'https://api.github.com';

/** What a GitHub Actions runner tells a step about itself, read from the environment. */
export interface ActionsEnvironment {
  /** The repository checkout (`GITHUB_WORKSPACE`): annotations and comment markers name files relative to it. */
  workspace: string | undefined;
  /** `$GITHUB_STEP_SUMMARY`: this step's markdown summary file. */
  summaryFile: string | undefined;
  /** `$GITHUB_OUTPUT`: this step's outputs file. */
  outputFile: string | undefined;
  /** `$RUNNER_TEMP`: a scratch directory emptied after each job. */
  tempDir: string | undefined;
  /** `$GITHUB_EVENT_PATH`: the JSON payload of the event that started the run. */
  eventFile: string | undefined;
  eventName: string | undefined;
  /** `owner/name`. */
  repository: string | undefined;
  apiUrl: string;
  /** The run's page, for links in comments; undefined outside a run. */
  runUrl: string | undefined;
}

/** True when running as a GitHub Actions step (`GITHUB_ACTIONS=true`). */
export function isGitHubActions(env: Env): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** Reads the runner's variables; empty values count as unset. */
export function readActionsEnvironment(env: Env): ActionsEnvironment {
  const server = value(env, 'GITHUB_SERVER_URL');
  const repository = value(env, 'GITHUB_REPOSITORY');
  const runId = value(env, 'GITHUB_RUN_ID');
  return {
    workspace: value(env, 'GITHUB_WORKSPACE'),
    summaryFile: value(env, 'GITHUB_STEP_SUMMARY'),
    outputFile: value(env, 'GITHUB_OUTPUT'),
    tempDir: value(env, 'RUNNER_TEMP'),
    eventFile: value(env, 'GITHUB_EVENT_PATH'),
    eventName: value(env, 'GITHUB_EVENT_NAME'),
    repository,
    apiUrl: (value(env, 'GITHUB_API_URL') ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    runUrl: server && repository && runId ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}` : undefined,
  };
}

/**
 * The token for GitHub's API (`GITHUB_TOKEN`; the action passes its `github-token` input there).
 * Callers must never print it.
 */
export function githubToken(env: Env): string | undefined {
  return value(env, 'GITHUB_TOKEN');
}

function value(env: Env, name: string): string | undefined {
  const found = env[name];
  return found === undefined || found === '' ? undefined : found;
}
