// apply in CI through main(): redaction everywhere (#18.9), visible refusals (#18.11), stale-plan diffs (#18.12), JSON and outputs (#18.13).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { parseOutputs, runnerEnv } from '../helpers/github-files.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../invites.example.yaml'), 'utf8');
/** A full address at acme.com; the redacted form (`a***@acme.com#…`) has no letter before the `@`. */
const ADDRESS = /[a-z]@acme\.com/;
const KEY = 'redaction-key-0123456789abcdef';

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox.close();
});

const writes = () => sandbox.servers.flatMap((server) => server.log).filter((entry) => entry.method !== 'GET');
const files = (env: Record<string, string>) => ({ summary: readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8'), outputs: parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8')) });

/** Calls the Anthropic emulator behind invitectl's back, as someone using the console would. */
async function anthropic(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.env['INVITECTL_ANTHROPIC_URL']}/v1/organizations/invites${path}`, {
    method,
    headers: { 'x-api-key': sandbox.env['ANTHROPIC_ADMIN_API_KEY']!, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe('apply --redact-emails (#18.9)', () => {
  it('redacts stdout, stderr, the job summary, the outputs and the audit log, hides first names and messages, and keys the hash', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE);
    const env = runnerEnv({ INVITECTL_REDACT_KEY: KEY });
    const run = await runAgainst(sandbox, ['apply', '--yes', '--redact-emails', '--audit-log', 'audit.jsonl'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const { summary, outputs } = files(env);
    const audit = await readFile(join(dir, 'audit.jsonl'), 'utf8');
    for (const text of [run.stdout, run.stderr, summary, JSON.stringify(outputs), audit]) {
      expect(text).not.toMatch(ADDRESS);
      expect(text).not.toContain(KEY);
    }
    expect(run.stdout).not.toMatch(/Alice|Welcome to Acme/);
    // Keyed: the hash is HMAC-SHA-256 under the key, which a staff list alone cannot reproduce.
    const keyed = createHmac('sha256', KEY).update('erin@acme.com').digest('hex').slice(0, 6);
    expect(run.stdout).toContain(`e***@acme.com#${keyed}`);
    expect(summary).toContain(`e***@acme.com#${keyed}`);
    expect(audit).toContain(`e***@acme.com#${keyed}`);
    expect(audit.trimEnd().split('\n')).toHaveLength(12);
  });

  it('keeps full addresses in the audit log only with --audit-log-full-emails; a short key is refused', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE);
    const short = await runAgainst(sandbox, ['apply', '--yes', '--redact-emails'], { cwd: dir, env: { INVITECTL_REDACT_KEY: 'short' } });
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('INVITECTL_REDACT_KEY must hold at least 16 characters (a random secret), not 5\n');
    const run = await runAgainst(sandbox, ['apply', '--yes', '--redact-emails', '--audit-log', 'audit.jsonl', '--audit-log-full-emails'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ADDRESS);
    expect(await readFile(join(dir, 'audit.jsonl'), 'utf8')).toContain('"email":"erin@acme.com"');
  });
});

describe('refusals are visible in CI (#18.11, #18.13)', () => {
  it('a mass-delete refusal: job summary with what to do, an ::error annotation, failure_reason=unsafe, JSON on stdout', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE.replace('  max_deletes: 5 ', '  max_deletes: 0 ').replace('  max_delete_ratio: 0.25', '  max_delete_ratio: 0').replace('      max_deletes: 10', '      max_deletes: 0'));
    const env = runnerEnv();
    const run = await runAgainst(sandbox, ['apply', '--yes', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^::error title=invitectl apply%3A unsafe::The mass-delete guard tripped: refusing to apply/m);
    expect(run.stderr).toMatch(/^refusing to apply: the mass-delete guard tripped/m);
    const { summary, outputs } = files(env);
    expect(summary).toContain('## invitectl apply: refused');
    expect(summary).toContain('**The mass-delete guard tripped.** Nothing was written.');
    expect(summary).toMatch(/\*\*What to do:\*\* .*`invitectl-allow-mass-delete` label.*`--allow-mass-delete`/);
    expect(outputs).toEqual({ applied: '0', failed: '0', skipped: '0', failure_reason: 'unsafe' });
    expect(JSON.parse(run.stdout)).toMatchObject({ format_version: 1, result: 'refused', failure_reason: 'unsafe', changes: [] });
    expect(writes()).toEqual([]);
  });

  it('a failed read: job summary, annotation and failure_reason=read-failed, for apply and for plan', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE);
    for (const verb of ['apply', 'plan']) {
      const env = runnerEnv({ ANTHROPIC_ADMIN_API_KEY: 'sk-ant-admin01-wrongwrongwrongwrongwrong' });
      const run = await runAgainst(sandbox, verb === 'apply' ? ['apply', '--yes'] : ['plan'], { cwd: dir, env });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^::error title=invitectl ${verb}%3A read-failed::An API could not be read: `, 'm'));
      expect(run.stderr).not.toContain('wrongwrong');
      const { summary, outputs } = files(env);
      expect(summary).toContain(`## invitectl ${verb}: ${verb === 'plan' ? 'failed' : 'refused'}`);
      expect(summary).toContain('**An API could not be read.**');
      expect(summary).toContain('**What to do:**');
      expect(outputs['failure_reason']).toBe('read-failed');
    }
    expect(writes()).toEqual([]);
  });
});

describe('a stale plan says what changed (#18.12)', () => {
  it('lists the changes that appeared, disappeared and differ, in the terminal and the job summary', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE);
    expect((await runAgainst(sandbox, ['plan', '--out', 'plan.json'], { cwd: dir })).code).toBe(0);
    await anthropic('POST', '', { email: 'zed@acme.com', role: 'user' });
    await anthropic('POST', '', { email: 'erin@acme.com', role: 'developer' });
    const { data } = (await anthropic('GET', '')) as { data: { id: string; email: string }[] };
    await anthropic('DELETE', `/${data.find((invite) => invite.email === 'ivan@acme.com')!.id}`);
    const before = writes().length;
    const env = runnerEnv();
    const run = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^refusing to apply: the plan is stale/m);
    expect(run.stderr).toContain('What changed since the reviewed plan (1 appeared, 1 disappeared, 1 differ):');
    expect(run.stderr).toContain('  + acme-claude: delete zed@acme.com (user)\n');
    expect(run.stderr).toContain('  - acme-claude: delete ivan@acme.com (developer)\n');
    expect(run.stderr).toContain('  ~ acme-claude: replace erin@acme.com (developer → user, role), reviewed as create erin@acme.com (user)\n');
    const { summary, outputs } = files(env);
    expect(summary).toContain('**The plan changed since it was reviewed.** Nothing was written.');
    expect(summary).toMatch(/```diff\n\+ acme-claude: delete zed@acme\.com \(user\)\n- acme-claude: delete ivan@acme\.com \(developer\)\n! acme-claude: replace erin@acme\.com/);
    expect(outputs['failure_reason']).toBe('plan-changed');
    expect(run.stderr).toMatch(/^::error title=invitectl apply%3A plan-changed::/m);
    expect(writes()).toHaveLength(before);
  });

  it('with --expect-fingerprint alone, says only the fingerprint is known and what the fresh plan has', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE);
    const env = runnerEnv();
    const run = await runAgainst(sandbox, ['apply', '--yes', '--expect-fingerprint', `sha256:${'0'.repeat(64)}`], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Only the reviewed plan's fingerprint is known here, not its changes; the fresh plan has \d+ to invite/m);
    // The summary carries the fresh plan, to hold against the plan comment the reviewers saw.
    const { summary } = files(env);
    expect(summary).toContain('**The fresh plan**, to compare with the one reviewed');
    expect(summary).toMatch(/^\+ erin@acme\.com +role: user$/m);
  });
});

describe('apply --format json and the step outputs (#18.13)', () => {
  it('lists every change with its outcome, API status, code and request id; outputs count them and name apply-failed', async () => {
    const seed = demoSeed();
    seed.anthropic = { ...seed.anthropic, organization: { ...seed.anthropic.organization, allowed_email_domains: ['elsewhere.example'] } };
    sandbox = await startSandbox({ seed });
    const dir = await configDir(EXAMPLE);
    const env = runnerEnv();
    const run = await runAgainst(sandbox, ['apply', '--yes', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ format_version: 1, result: 'partial', failure_reason: 'apply-failed', fingerprint: expect.stringMatching(/^sha256:/) });
    expect(json.changes).toHaveLength(12);
    const failed = json.changes.filter((change: { outcome: string }) => change.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ org: 'acme-claude', http_status: 400, code: 'email_domain_not_allowed', request_id: expect.stringMatching(/^req_/) });
    const applied = json.changes.filter((change: { outcome: string }) => change.outcome === 'applied');
    expect(applied.every((change: { request_id: unknown }) => typeof change.request_id === 'string' || change.request_id === null)).toBe(true);
    expect(json.summary).toEqual({ applied: applied.length, confirmed: 0, failed: failed.length, skipped: 12 - applied.length - failed.length });
    expect(files(env).outputs).toEqual({ applied: String(applied.length), failed: String(failed.length), skipped: String(json.summary.skipped), failure_reason: 'apply-failed' });
    expect(run.stderr).toMatch(/^::error title=invitectl apply%3A apply-failed::/m);
  });

  it('a clean apply: result applied, empty failure_reason', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(EXAMPLE);
    const env = runnerEnv();
    const run = await runAgainst(sandbox, ['apply', '--yes', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: 'applied', failure_reason: null, summary: { applied: 12, failed: 0 } });
    expect(files(env).outputs).toEqual({ applied: '12', failed: '0', skipped: '0', failure_reason: '' });
    const again = await runAgainst(sandbox, ['apply', '--yes', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ result: 'nothing-to-do', changes: [] });
  });
});
