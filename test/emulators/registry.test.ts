// A fake API added through an emulator registry entry alone: the sandbox, seed files and the verb serve it.
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSandboxCommand } from '../../src/commands/sandbox.ts';
import type { EmulatorModule } from '../../src/emulators/module.ts';
import { EMULATORS } from '../../src/emulators/registry.ts';
import { startEmulators } from '../../src/emulators/sandbox.ts';
import { checkSeedText } from '../../src/emulators/seed.ts';
import type { ApiEmulator, EmulatorRequest, EmulatorResponse, InjectedStatus } from '../../src/emulators/types.ts';

const seedSchema = z.strictObject({ key: z.string().min(1), greeting: z.string().default('hello') });
type EchoSeed = z.input<typeof seedSchema>;

/** A one-route API: GET /greeting reads it, PUT /greeting sets it; the key is in `x-api-key`. */
class EchoEmulator implements ApiEmulator {
  readonly name = 'echo';
  readonly key: string;
  greeting: string;

  constructor(seed: EchoSeed) {
    const parsed = seedSchema.parse(seed);
    this.key = parsed.key;
    this.greeting = parsed.greeting;
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    if (this.credentialOf(request) !== this.key) return { status: 401, body: { error: 'bad key' } };
    if (request.url.pathname !== '/greeting') return { status: 404, body: { error: 'not found' } };
    if (request.method === 'PUT') this.greeting = String((request.body as { greeting?: unknown }).greeting);
    return { status: 200, body: { greeting: this.greeting } };
  }

  failure(status: InjectedStatus): EmulatorResponse {
    return { status, body: { error: 'injected' } };
  }

  credentialOf(request: EmulatorRequest): string | undefined {
    const value = request.headers['x-api-key'];
    return typeof value === 'string' ? value : undefined;
  }
}

const echoEmulator: EmulatorModule<'echo', EchoSeed, EchoEmulator> = {
  name: 'echo',
  title: 'Echo',
  seedSchema,
  defaultSeed: () => ({ key: 'echo-default-key' }),
  demoSeed: () => ({ key: 'echo-demo-key', greeting: 'demo' }),
  create: ({ seed }) => new EchoEmulator(seed),
  portOffset: 3,
  urlEnv: 'INVITECTL_ECHO_URL',
  credentialEnv: (api) => ({ ECHO_API_KEY: api.key }),
  rateLimitPresets: [{ name: 'echo', limit: { capacity: 1, refillPerSecond: 0.001 }, summary: "Echo's one request" }],
  realLimits: '1 request per key',
};

const WITH_ECHO = [...EMULATORS, echoEmulator] as const;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('the emulator registry', () => {
  it('starts a fake API beside the real ones, with its own env lines, seed section and state', async () => {
    const checked = checkSeedText('echo: { key: k-from-seed }\n', 'seed.yaml', WITH_ECHO);
    if (!checked.ok) throw new Error(checked.problems.map((problem) => problem.message).join('\n'));
    const sandbox = await startEmulators(WITH_ECHO, { port: 0, seed: checked.seed });
    closers.push(sandbox.close);
    expect(Object.keys(sandbox.env)).toEqual([
      'INVITECTL_POSTHOG_URL',
      'INVITECTL_ANTHROPIC_URL',
      'INVITECTL_OPENAI_URL',
      'INVITECTL_ECHO_URL',
      'POSTHOG_PERSONAL_API_KEY',
      'POSTHOG_ORGANIZATION_ID',
      'ANTHROPIC_ADMIN_API_KEY',
      'OPENAI_ADMIN_KEY',
      'ECHO_API_KEY',
    ]);
    expect(sandbox.env['ECHO_API_KEY']).toBe('k-from-seed');
    const put = await fetch(`${sandbox.env['INVITECTL_ECHO_URL']}/greeting`, {
      method: 'PUT',
      headers: { 'x-api-key': 'k-from-seed', 'content-type': 'application/json' },
      body: JSON.stringify({ greeting: 'changed' }),
    });
    expect(put.status).toBe(200);
    expect(sandbox.echo.api.greeting).toBe('changed');
    expect(sandbox.servers.map((server) => server.api.name)).toEqual(['posthog', 'anthropic', 'openai', 'echo']);
  });

  it('checks the fake API’s seed section with its own schema, and knows no section outside the list', () => {
    const bad = checkSeedText('echo: { key: "" }\n', 'seed.yaml', WITH_ECHO);
    expect(bad.ok ? [] : bad.problems.map((problem) => problem.path)).toEqual(['echo.key']);
    expect(checkSeedText('echo: { key: k }\n', 'seed.yaml').ok).toBe(false);
  });

  it('refuses two emulators with one name or one port offset', async () => {
    await expect(startEmulators([echoEmulator, echoEmulator])).rejects.toThrow(/"echo" is reserved or given twice/);
    await expect(startEmulators([echoEmulator, { ...echoEmulator, name: 'other' }])).rejects.toThrow(/needs its own port offset/);
  });

  it('gives the sandbox verb the fake API: help, --demo, its rate-limit preset and env lines', async () => {
    const command = createSandboxCommand([echoEmulator]);
    expect(command.help).toContain('Runs the Echo API emulators');
    expect(command.help).toContain('(the real APIs: Echo 1 request per key)');
    let out = '';
    let err = '';
    const controller = new AbortController();
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd: tmpdir(), signal: controller.signal };
    const exit = command.run(['--port', '0', '--demo', '--rate-limit', 'echo'], io);
    const deadline = Date.now() + 5000;
    while (!out.includes('ECHO_API_KEY=') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const env = Object.fromEntries(out.trim().split('\n').map((line) => line.split('=') as [string, string]));
    expect(Object.keys(env)).toEqual(['INVITECTL_ECHO_URL', 'ECHO_API_KEY']);
    expect(env['ECHO_API_KEY']).toBe('echo-demo-key');
    expect(err).toMatch(/^invitectl sandbox: Echo at http:\/\/127\.0\.0\.1:\d+; /);
    const read = () => fetch(`${env['INVITECTL_ECHO_URL']}/greeting`, { headers: { 'x-api-key': 'echo-demo-key' } });
    expect(await (await read()).json()).toEqual({ greeting: 'demo' });
    expect((await read()).status).toBe(429);
    controller.abort();
    expect(await exit).toBe(0);
  });
});
