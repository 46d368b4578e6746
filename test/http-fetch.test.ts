// Connection failures name the origin and the reason in plain words, never the key.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME } from './helpers/cli.ts';
import { configDir } from './helpers/sandbox-cli.ts';

const KEY = 'sk-ant-admin01-connectionTestKey0123456789abcdefghij';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function planAgainst(origin: string) {
  const cwd = await configDir(`version: 1\norgs:\n  claude:\n    provider: anthropic\n    base_url: ${origin}\n    invites: []\n`);
  return runCli(['plan', '--timeout', '5s'], { cwd, env: { ANTHROPIC_ADMIN_API_KEY: KEY } });
}

describe('a connection that fails', () => {
  it('names the origin and the code: could not connect to http://127.0.0.1:PORT: ECONNREFUSED', async () => {
    const origin = `http://127.0.0.1:${await closedPort()}`;
    const run = await planAgainst(origin);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`could not connect to ${origin}: ECONNREFUSED (nothing is listening there)`);
    expect(run.stderr).not.toContain('fetch failed');
    expect(run.stderr).not.toContain(KEY);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('says why a blocked port (fetch never uses 9) cannot work, instead of "bad port"', async () => {
    const run = await planAgainst('http://127.0.0.1:9');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not connect to http://127.0.0.1:9: fetch never connects to port 9');
    expect(run.stderr).not.toContain(KEY);
  });
});
