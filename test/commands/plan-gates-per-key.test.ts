// Plan's read gates through main(): each API key has its own limit of requests in flight, not one shared by all keys.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

const KEYS = { POSTHOG_KEY_A: 'phx_gatesPerKeyTestKeyA0123456789abcdef', POSTHOG_KEY_B: 'phx_gatesPerKeyTestKeyB0123456789abcdef' };
/** Plan's reads in flight per key (READ_CONCURRENCY, apply's default --concurrency). */
const PER_KEY = 4;
/** Only a global gate leaves the held requests short of 2 × PER_KEY; then the server lets them go after this long. */
const GIVE_UP_MS = 5000;

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `count` PostHog orgs at `url` per key variable, each org with its own id. */
function orgsPerKey(url: string, count: number): string {
  const orgs = Object.keys(KEYS).flatMap((variable, k) =>
    Array.from({ length: count }, (_, index) => {
      const id = `0190a4f2-7c11-7000-8000-${String(k * 100 + index).padStart(12, '0')}`;
      return `  org${k}x${index}:\n    provider: posthog\n    host: ${url}\n    organization_id: ${id}\n    api_key_env: ${variable}\n    invites: []\n`;
    }),
  );
  return `version: 1\norgs:\n${orgs.join('')}`;
}

describe('plan reads are gated per key', () => {
  it(`two keys each get ${PER_KEY} requests in flight at once, and neither more`, async () => {
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    let mostTotal = 0;
    const held: (() => void)[] = [];
    let released = false;
    const releaseAll = () => {
      released = true;
      for (const answer of held.splice(0)) answer();
    };
    const timer = setTimeout(releaseAll, GIVE_UP_MS);
    server = await startHostileServer(async (request, response) => {
      const key = String(request.headers.authorization);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      most.set(key, Math.max(most.get(key) ?? 0, inFlight.get(key)!));
      const total = [...inFlight.values()].reduce((sum, n) => sum + n, 0);
      mostTotal = Math.max(mostTotal, total);
      // Hold the first requests until both keys' gates are full: per-key gates fill 2 × PER_KEY, a global one only PER_KEY.
      if (!released) {
        const answered = new Promise<void>((answer) => held.push(answer));
        if (total >= 2 * PER_KEY) releaseAll();
        await answered;
      }
      inFlight.set(key, inFlight.get(key)! - 1);
      sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
    });
    const cwd = await configDir(orgsPerKey(server.url, 3));
    const run = await runCli(['plan'], { cwd, env: KEYS });
    clearTimeout(timer);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // 3 orgs per key, invites and members each: 6 reads per key, enough to fill its gate.
    expect(server.seen).toHaveLength(12);
    expect(mostTotal).toBe(2 * PER_KEY);
    expect([...most.values()]).toEqual([PER_KEY, PER_KEY]);
  }, 20_000);
});
