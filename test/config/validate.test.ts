import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME } from '../helpers/cli.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const validate = (fixture: string) => runCli(['validate', '-c', fixture], { cwd: FIXTURES });

describe('validate: each rule, with a fixture named after the failure it causes', () => {
  it.each([
    ['unknown-key-with-suggestion.yaml', '9:9: orgs.acme.invites[0].levle: unknown key "levle" (did you mean "level"?)'],
    ['unknown-key-without-suggestion.yaml', '7:5: orgs.acme.colour: unknown key "colour"'],
    ['wrong-type.yaml', '7:12: orgs.acme.prune: expected boolean, got string "yes"'],
    ['bad-email.yaml', '8:16: orgs.acme.invites[0].email: not a valid email address'],
    ['duplicate-email-case-insensitive.yaml', '9:16: orgs.acme.invites[1].email: duplicate email alice@acme.com (already listed at invites[0])'],
    ['level-on-anthropic-org.yaml', '7:9: orgs.claude.invites[0].level: level is a PostHog setting; Anthropic invites take role (user, developer, billing, claude_code_user)'],
    ['role-on-posthog-org.yaml', '9:9: orgs.acme.invites[0].role: role is an Anthropic and OpenAI setting; PostHog invites take level (member, admin, owner)'],
    ['level-outside-set.yaml', '9:16: orgs.acme.invites[0].level: expected one of member, admin, owner'],
    ['role-outside-set.yaml', '7:15: orgs.claude.invites[0].role: expected one of user, developer, billing, claude_code_user (edition: console) or user, managed (edition: enterprise)'],
    ['anthropic-managed-on-console.yaml', '8:15: orgs.claude.invites[1].role: managed can be invited only in a Claude Enterprise org (add edition: enterprise to this org); Console orgs invite user, developer, billing, claude_code_user'],
    ['anthropic-developer-on-enterprise.yaml', '10:15: orgs.claude.invites[1].role: a Claude Enterprise org (edition: enterprise) cannot invite developer; it invites user, managed'],
    ['anthropic-bad-edition.yaml', '5:14: orgs.claude.edition: expected edition to be one of console, enterprise'],
    ['anthropic-plus-tag-duplicate.yaml', '8:16: orgs.claude.invites[2].email: jane@acme.com is the same address as jane+hiring@acme.com at invites[0] (anthropic-plus-tag-duplicate.yaml:6:16): the API ignores case and +tags; list one of them'],
    ['anthropic-admin-role.yaml', '7:15: orgs.claude.invites[0].role: admin cannot be invited through the Admin API; invite as user and promote after they join'],
    ['level-on-openai-org.yaml', '7:9: orgs.gpt.invites[0].level: level is a PostHog setting; OpenAI invites take role (reader, owner)'],
    ['anthropic-role-on-openai-org.yaml', '7:15: orgs.gpt.invites[0].role: user is an Anthropic role; OpenAI invites take role reader or owner'],
    ['openai-role-outside-set.yaml', '7:15: orgs.gpt.invites[0].role: expected one of reader, owner'],
    ['host-on-openai-org.yaml', '5:5: orgs.gpt.host: host is a PostHog setting; OpenAI orgs take base_url'],
    ['openai-project-role-outside-set.yaml', '8:35: orgs.gpt.invites[0].projects[0].role: expected one of member, owner'],
    ['openai-project-twice.yaml', '8:11: orgs.gpt.invites[0].projects: a project id is listed twice'],
    ['same-openai-org-twice.yaml', "7:15: orgs.gpt-again.base_url: the same OpenAI base_url and api_key_env as org gpt (same-openai-org-twice.yaml:4:5); two config orgs on one remote org would revoke each other's invites"],
    ['email-matches-ignore.yaml', "9:16: orgs.acme.invites[0].email: zed@contractors.acme.com matches this org's ignore patterns, so it can be neither invited nor revoked"],
    ['http-url-not-loopback.yaml', '5:11: orgs.acme.host: must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])'],
    ['url-with-path.yaml', '5:15: orgs.claude.base_url: must be an origin only (scheme, host, port), e.g. https://api.anthropic.com'],
    ['control-character-in-url.yaml', '5:15: orgs.claude.base_url: must not contain spaces or control characters'],
    ['url-with-credentials.yaml', '5:15: orgs.claude.base_url: must not contain credentials; keys come from api_key_env'],
    ['malformed-organization-id.yaml', '6:22: orgs.acme.organization_id: expected an organization UUID or @current'],
    ['missing-required-key.yaml', '4:5: orgs.acme.host: is required'],
    ['unsupported-version.yaml', '1:10: version: expected version: 1 (the only format version)'],
    ['unknown-provider.yaml', '4:15: orgs.acme.provider: expected provider to be one of posthog, anthropic, openai'],
    ['bad-until-date.yaml', '9:16: orgs.acme.invites[0].until: expected a date as YYYY-MM-DD'],
    ['safety-ratio-out-of-range.yaml', '3:21: safety.max_delete_ratio: must be at most 1'],
    ['negative-max-deletes.yaml', '6:20: orgs.claude.safety.max_deletes: must be at least 0'],
    ['bad-api-key-env-name.yaml', '5:18: orgs.claude.api_key_env: expected an environment variable name such as MY_API_KEY'],
    ['bad-org-name.yaml', '3:3: orgs["acme analytics"]: org names may use letters, digits, ".", "_" and "-"'],
    ['nested-too-deep.yaml', '5:74: nested deeper than 64 levels'],
    ['nested-too-deep-block.yaml', '6:129: nested deeper than 64 levels'],
    ['proto-as-org-name.yaml', '5:3: "__proto__" cannot be a key (JavaScript objects reserve it)'],
    ['reserved-org-name.yaml', '3:3: orgs.hasOwnProperty: org name hasOwnProperty is reserved (a JavaScript object property); choose another name'],
    ['constructor-as-invite-key.yaml', '7:9: orgs.claude.invites[0].constructor: unknown key "constructor"'],
    ['duplicate-org-name.yaml', '5:3: duplicate key "claude": each key (and each org name) may appear only once'],
    ['first-name-too-long.yaml', '9:21: orgs.acme.invites[0].first_name: PostHog allows at most 30 characters'],
    ['yaml-syntax-error.yaml', '10:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['not-utf8.yaml', '6:1: not valid UTF-8 (save the file as UTF-8)'],
    ['alias-bomb.yaml', '1:1: too many aliases (more than 100 expansions); refusing to expand'],
    ['unset-env-in-host.yaml', '5:11: orgs.acme.host: environment variable ACME_POSTHOG_URL is not set and has no default (write ${ACME_POSTHOG_URL:-https://…})'],
    ['malformed-env-reference.yaml', '5:11: orgs.acme.host: malformed environment reference: write ${NAME} or ${NAME:-default}'],
    ['collection-as-key.yaml', '3:5: a key must be a plain value, not a mapping or a list'],
    ['same-posthog-org-twice.yaml', "10:22: orgs.analytics-again.organization_id: the same PostHog host and organization_id as org analytics (same-posthog-org-twice.yaml:6:22); two config orgs on one remote org would revoke each other's invites"],
    ['same-posthog-current-org-twice.yaml', "10:22: orgs.analytics-again.organization_id: the same PostHog host, @current and api_key_env as org analytics (same-posthog-current-org-twice.yaml:6:22); two config orgs on one remote org would revoke each other's invites"],
    ['same-anthropic-org-twice.yaml', "7:15: orgs.claude-again.base_url: the same Anthropic base_url and api_key_env as org claude (same-anthropic-org-twice.yaml:4:5); two config orgs on one remote org would revoke each other's invites"],
    ['env-in-host-not-https.yaml', '5:11: orgs.acme.host: must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])'],
    ['rate-limit-zero-requests.yaml', '6:21: orgs.claude.rate_limits[0].requests: must be at least 1'],
    ['rate-limit-fractional-requests.yaml', '6:19: orgs.claude.rate_limits[0].requests: expected int, got number 2.5'],
    ['rate-limit-too-many-requests.yaml', '6:21: orgs.claude.rate_limits[0].requests: must be at most 100000'],
    ['rate-limit-minutes-as-m.yaml', '6:31: orgs.claude.rate_limits[0].per: write minutes as min, e.g. 1min (m is not accepted)'],
    ['rate-limit-per-as-number.yaml', '6:31: orgs.claude.rate_limits[0].per: expected string, got number 60'],
    ['rate-limit-window-over-a-day.yaml', '6:31: orgs.claude.rate_limits[0].per: must be at most 24h'],
    ['rate-limit-too-many-windows.yaml', '6:7: orgs.claude.rate_limits: at most 8 windows'],
    ['rate-limit-empty-list.yaml', '5:18: orgs.claude.rate_limits: list at least one window, or leave rate_limits out to use the published limits'],
    ['rate-limit-unknown-key.yaml', '6:36: orgs.claude.rate_limits[0].burst: unknown key "burst"'],
    ['rate-limits-differ-on-one-key.yaml', '14:7: orgs.analytics-eu.rate_limits: rate_limits differ from those of org analytics (rate-limits-differ-on-one-key.yaml:8:7) on the same PostHog api_key_env POSTHOG_PERSONAL_API_KEY; one key has one budget, so every org on it must list the same rate_limits'],
    ['rate-limits-on-one-of-two-orgs-on-one-key.yaml', '12:7: orgs.analytics-eu.rate_limits: rate_limits differ from those of org analytics (rate-limits-on-one-of-two-orgs-on-one-key.yaml:4:5) on the same PostHog api_key_env POSTHOG_PERSONAL_API_KEY; one key has one budget, so every org on it must list the same rate_limits'],
  ])('%s', async (fixture, expected) => {
    const run = await validate(fixture);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${fixture}:${expected}\n`);
  });

  it('reports every problem of a file at once, each at its own line and column', async () => {
    const run = await validate('many-problems.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'many-problems.yaml:5:11: orgs.acme.host: must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])',
      'many-problems.yaml:6:22: orgs.acme.organization_id: expected an organization UUID or @current',
      'many-problems.yaml:10:9: orgs.acme.invites[0].levle: unknown key "levle" (did you mean "level"?)',
      'many-problems.yaml:11:16: orgs.acme.invites[1].email: duplicate email alice@acme.com (already listed at invites[0])',
      "many-problems.yaml:12:16: orgs.acme.invites[2].email: bob@contractors.acme.com matches this org's ignore patterns, so it can be neither invited nor revoked",
      'many-problems.yaml:13:16: orgs.acme.invites[3].email: not a valid email address',
      'many-problems.yaml:14:9: orgs.acme.invites[3].role: role is an Anthropic and OpenAI setting; PostHog invites take level (member, admin, owner)',
      'many-problems.yaml:17:5: orgs.claude.prun: unknown key "prun" (did you mean "prune"?)',
      'many-problems.yaml:20:15: orgs.claude.invites[0].role: admin cannot be invited through the Admin API; invite as user and promote after they join',
      'many-problems.yaml:22:9: orgs.claude.invites[1].level: level is a PostHog setting; Anthropic invites take role (user, developer, billing, claude_code_user)',
    ]);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('fails an alias bomb within a second', async () => {
    const started = performance.now();
    const run = await validate('alias-bomb.yaml');
    expect(run.code).toBe(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts http:// on loopback, where the emulators run', async () => {
    const run = await validate('http-url-on-loopback.yaml');
    expect(run).toEqual({ code: 0, stdout: 'http-url-on-loopback.yaml: valid — 2 orgs: acme (posthog, 0 invites), claude (anthropic, 0 invites)\n', stderr: '' });
  });

  it('prints a one-line summary for a valid file', async () => {
    const run = await validate('valid-minimal.yaml');
    expect(run).toEqual({ code: 0, stdout: 'valid-minimal.yaml: valid — 1 org: acme (posthog, 1 invite)\n', stderr: '' });
  });

  it('keeps +tag variants apart where the API does not fold them (PostHog)', async () => {
    expect((await validate('posthog-plus-tag-distinct.yaml')).code).toBe(0);
  });

  it('accepts role managed on an org marked edition: enterprise', async () => {
    const run = await validate('valid-anthropic-enterprise.yaml');
    expect(run).toEqual({ code: 0, stdout: 'valid-anthropic-enterprise.yaml: valid — 1 org: claude (anthropic, 2 invites)\n', stderr: '' });
  });

  it('accepts an OpenAI org with its defaults, roles and project grants', async () => {
    const run = await validate('valid-openai.yaml');
    expect(run).toEqual({ code: 0, stdout: 'valid-openai.yaml: valid — 1 org: gpt (openai, 2 invites)\n', stderr: '' });
  });

  it('reads ${VAR} and ${VAR:-default} in host from the environment', async () => {
    const env = { ACME_POSTHOG_URL: 'http://127.0.0.1:8710' };
    expect((await runCli(['validate', '-c', 'unset-env-in-host.yaml'], { cwd: FIXTURES, env })).code).toBe(0);
    expect((await runCli(['validate', '-c', 'env-in-host-not-https.yaml'], { cwd: FIXTURES, env })).code).toBe(0);
  });

  it('accepts orgs that share a host but not an organization, or an origin but not a key variable', async () => {
    const run = await validate('distinct-orgs-on-one-host.yaml');
    expect(run.code).toBe(0);
  });

  it('compares origins after ${VAR} interpolation, where the requests really go', async () => {
    expect((await runCli(['validate', '-c', 'same-org-through-env-twice.yaml'], { cwd: FIXTURES })).code).toBe(0);
    const run = await runCli(['validate', '-c', 'same-org-through-env-twice.yaml'], { cwd: FIXTURES, env: { CLAUDE_AGAIN_URL: 'https://api.anthropic.com/' } });
    expect(run.stderr).toBe(
      "same-org-through-env-twice.yaml:8:15: orgs.claude-again.base_url: the same Anthropic base_url and api_key_env as org claude (same-org-through-env-twice.yaml:5:15); two config orgs on one remote org would revoke each other's invites\n",
    );
  });

  it('names a missing file and how to pass one', async () => {
    const run = await validate('no-such-file.yaml');
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'no-such-file.yaml:1:1: no such file (pass the config with -c FILE)\n' });
  });
});
