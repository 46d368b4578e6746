import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { defaultOpenAISeed } from '../../src/emulators/openai/index.ts';
import { defaultPostHogSeed } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { CliIO } from '../../src/io.ts';
import { checkSeedText, formatSeedProblem, loadSeedFile } from '../../src/emulators/seed.ts';

const fixtures = join(import.meta.dirname, '../fixtures/seeds');
const ENV_KEYS = ['INVITECTL_POSTHOG_URL', 'INVITECTL_ANTHROPIC_URL', 'INVITECTL_OPENAI_URL', 'POSTHOG_PERSONAL_API_KEY', 'ANTHROPIC_ADMIN_API_KEY', 'POSTHOG_ORGANIZATION_ID', 'OPENAI_ADMIN_KEY'];

const sandboxes: Sandbox[] = [];
async function start(options: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

function posthogInvites(env: Record<string, string | undefined>): Promise<Response> {
  return fetch(`${env.INVITECTL_POSTHOG_URL}/api/organizations/${env.POSTHOG_ORGANIZATION_ID}/invites/`, {
    headers: { authorization: `Bearer ${env.POSTHOG_PERSONAL_API_KEY}` },
  });
}

function anthropicInvites(env: Record<string, string | undefined>): Promise<Response> {
  return fetch(`${env.INVITECTL_ANTHROPIC_URL}/v1/organizations/invites`, {
    headers: { 'x-api-key': env.ANTHROPIC_ADMIN_API_KEY ?? '', 'anthropic-version': '2023-06-01' },
  });
}

async function emails(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  // PostHog pages are { results: [{ target_email }] }, Anthropic's { data: [{ email }] }.
  const page = (await response.json()) as { results?: { target_email: string }[]; data?: { email: string }[] };
  return (page.results?.map((invite) => invite.target_email) ?? page.data?.map((invite) => invite.email) ?? []).sort();
}

describe('startSandbox', () => {
  it('starts both APIs on free ports with the default seeds and an env that reaches them', async () => {
    const sandbox = await start({ port: 0 });
    expect(Object.keys(sandbox.env).sort()).toEqual([...ENV_KEYS].sort());
    expect(sandbox.env.INVITECTL_POSTHOG_URL).toBe(sandbox.posthog.url);
    expect(sandbox.env.INVITECTL_ANTHROPIC_URL).toBe(sandbox.anthropic.url);
    expect(sandbox.posthog.url).not.toBe(sandbox.anthropic.url);
    expect(sandbox.env.POSTHOG_ORGANIZATION_ID).toBe(defaultPostHogSeed().organizations[0]!.id);
    expect(sandbox.env.ANTHROPIC_ADMIN_API_KEY).toBe(defaultAnthropicSeed().api_keys[0]!.key);
    expect((await posthogInvites(sandbox.env)).status).toBe(200);
    expect(await emails(await anthropicInvites(sandbox.env))).toContain('eve@acme.com');
    expect(sandbox.env.INVITECTL_OPENAI_URL).toBe(sandbox.openai.url);
    expect(sandbox.env.OPENAI_ADMIN_KEY).toMatch(/^sk-admin-/);
    const openai = await fetch(`${sandbox.env.INVITECTL_OPENAI_URL}/v1/organization/invites`, { headers: { authorization: `Bearer ${sandbox.env.OPENAI_ADMIN_KEY}` } });
    expect(await emails(openai)).toEqual(['dan@acme.com', 'eve@acme.com']);
  });

  it('seeds from a YAML file, falling back to the default for the section left out', async () => {
    const checked = await loadSeedFile('small.yaml', fixtures);
    if (!checked.ok) throw new Error(checked.problems.map(formatSeedProblem).join('\n'));
    const sandbox = await start({ port: 0, seed: checked.seed });
    expect(sandbox.env.POSTHOG_PERSONAL_API_KEY).toBe('phx_seededYamlKey0123456789');
    expect(sandbox.env.POSTHOG_ORGANIZATION_ID).toBe('11111111-2222-4333-8444-555555555555');
    expect(await emails(await posthogInvites(sandbox.env))).toEqual(['pending@seeded.example']);
    expect(checked.seed.anthropic).toEqual(defaultAnthropicSeed());
  });

  it('seeds from a JSON file', async () => {
    const checked = await loadSeedFile(join(fixtures, 'small.json'), '/');
    if (!checked.ok) throw new Error(checked.problems.map(formatSeedProblem).join('\n'));
    const sandbox = await start({ port: 0, seed: checked.seed });
    expect(sandbox.env.ANTHROPIC_ADMIN_API_KEY).toBe('sk-ant-admin01-seededJsonKey');
    expect(await emails(await anthropicInvites(sandbox.env))).toEqual(['new@json.example']);
    expect(checked.seed.posthog).toEqual(defaultPostHogSeed());
  });

  it('passes faults and rate limits to both servers', async () => {
    const sandbox = await start({ port: 0, rateLimit: { capacity: 1, refillPerSecond: 0.01 } });
    expect((await posthogInvites(sandbox.env)).status).toBe(200);
    const limited = await posthogInvites(sandbox.env);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('100');
    expect((await anthropicInvites(sandbox.env)).status).toBe(200);
    expect((await anthropicInvites(sandbox.env)).status).toBe(429);
    sandbox.posthog.setRateLimit(undefined);
    sandbox.posthog.setFaults({ seed: 1, rates: { '503': 1 } });
    expect((await posthogInvites(sandbox.env)).status).toBe(503);
  });
});

describe('seed files', () => {
  it('report every problem as FILE:LINE:COL: path: message', async () => {
    const checked = await loadSeedFile('bad-invite-email.yaml', fixtures);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const lines = checked.problems.map(formatSeedProblem);
    expect(lines).toContainEqual(expect.stringMatching(/^bad-invite-email\.yaml:7:14: posthog\.invites\[0\]\.email: /));
    expect(lines).toContainEqual('bad-invite-email.yaml:9:3: anthropic.organisation: unknown key "organisation" (did you mean "organization"?)');
    expect(lines).toContainEqual('bad-invite-email.yaml:9:3: anthropic.api_keys: is required');
  });

  it.each([
    ['posthog: [1, 2', /^s\.yaml:1:\d+: /],
    ['{"posthog": {"organizations": []}}', /^s\.yaml:1:31: posthog\.organizations: /],
    ['postHog: {}', /^s\.yaml:1:1: postHog: unknown key "postHog" \(did you mean "posthog"\?\)$/],
  ])('rejects %j', (text, line) => {
    const checked = checkSeedText(text, 's.yaml');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(formatSeedProblem(checked.problems[0]!)).toMatch(line);
  });

  it('treat an empty file as every default', () => {
    expect(checkSeedText('# nothing\n', 'e.yaml')).toEqual({ ok: true, seed: { posthog: defaultPostHogSeed(), anthropic: defaultAnthropicSeed(), openai: defaultOpenAISeed() } });
  });

  it('name a missing file', async () => {
    const checked = await loadSeedFile('missing.yaml', fixtures);
    expect(checked.ok ? [] : checked.problems.map(formatSeedProblem)).toEqual(['missing.yaml:1:1: no such file']);
  });
});

function captureIO(): { io: CliIO; out: () => string; err: () => string; stop: () => void } {
  let out = '';
  let err = '';
  const controller = new AbortController();
  return {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: fixtures,
      signal: controller.signal,
    },
    out: () => out,
    err: () => err,
    stop: () => controller.abort(),
  };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function parseEnvLines(text: string): Record<string, string> {
  return Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('invitectl sandbox', () => {
  it('prints KEY=value lines, serves until the signal aborts, then closes and returns 0', async () => {
    const cli = captureIO();
    const began = performance.now();
    const exit = main(['sandbox', '--port', '0'], cli.io);
    await until(() => cli.out().includes('POSTHOG_ORGANIZATION_ID='));
    expect(performance.now() - began).toBeLessThan(1000);
    const env = parseEnvLines(cli.out());
    expect(Object.keys(env).sort()).toEqual([...ENV_KEYS].sort());
    expect(cli.out()).toMatch(/^(\w+=[^\s'"]+\n)+$/);
    expect(cli.err()).toMatch(/PostHog at http:\/\/127\.0\.0\.1:\d+/);
    expect(cli.err()).not.toContain(env.POSTHOG_PERSONAL_API_KEY);
    expect((await posthogInvites(env)).status).toBe(200);
    cli.stop();
    expect(await exit).toBe(0);
    await expect(posthogInvites(env)).rejects.toThrow();
  });

  it('applies --seed, --rate-limit and --faults', async () => {
    const cli = captureIO();
    const exit = main(['sandbox', '--port', '0', '--seed', 'small.yaml', '--rate-limit', '1', '--faults', '500=1', '--fault-methods', 'post'], cli.io);
    await until(() => cli.out().includes('POSTHOG_ORGANIZATION_ID='));
    const env = parseEnvLines(cli.out());
    expect(env.POSTHOG_PERSONAL_API_KEY).toBe('phx_seededYamlKey0123456789');
    expect(await emails(await posthogInvites(env))).toEqual(['pending@seeded.example']);
    expect((await posthogInvites(env)).status).toBe(429);
    cli.stop();
    expect(await exit).toBe(0);
  });

  it('prints help', async () => {
    const cli = captureIO();
    expect(await main(['sandbox', '--help'], cli.io)).toBe(0);
    expect(cli.out()).toContain('--fault-seed');
  });

  it.each([
    [['--port', 'abc'], /^invitectl sandbox: --port must be a whole number/],
    [['--bogus'], /^invitectl sandbox: Unknown option '--bogus' \(see invitectl sandbox --help\)$/],
    [['--faults', '404=0.5'], /^invitectl sandbox: --faults: unknown fault "404"/],
    [['--rate-limit', '0'], /^invitectl sandbox: --rate-limit must be a whole number from 1/],
    [['--port', '0', '--seed', 'bad-invite-email.yaml'], /^invitectl sandbox: bad-invite-email\.yaml:7:14: posthog\.invites\[0\]\.email: .* \(and \d+ more problems?\)$/],
    [['--port', '0', '--seed', 'nope.yaml'], /^invitectl sandbox: nope\.yaml:1:1: no such file$/],
  ])('refuses %j with one line on stderr and exit 1', async (argv, message) => {
    const cli = captureIO();
    expect(await main(['sandbox', ...argv], cli.io)).toBe(1);
    expect(cli.err()).toMatch(/^[^\n]*\n$/);
    expect(cli.err().trimEnd()).toMatch(message);
    expect(cli.out()).toBe('');
  });

  it('reports a port in use as one line', async () => {
    const sandbox = await start({ port: 0 });
    const busyPort = new URL(sandbox.posthog.url).port;
    const cli = captureIO();
    expect(await main(['sandbox', '--port', busyPort], cli.io)).toBe(1);
    expect(cli.err()).toMatch(/^invitectl sandbox: cannot start: .*EADDRINUSE.*\n$/);
  });
});
