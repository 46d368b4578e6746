// PostHog's read through main(): a first pass whose count moves between pages is read again, and the plan uses the second pass.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { configDir } from '../helpers/sandbox-cli.ts';

const KEY = 'phx_posthogRestartTestKey0123456789abcd';
const ORG_ID = '0190a4f2-7c11-7000-8000-2f4c1d0a5e33';
const EMAILS = ['a@acme.com', 'b@acme.com', 'c@acme.com', 'd@acme.com', 'e@acme.com'];
const invite = (index: number) => ({
  id: `0190a4f2-0000-7000-8000-00000000000${index}`,
  target_email: EMAILS[index],
  first_name: '',
  level: 1,
  is_expired: false,
  created_at: '2026-06-01T00:00:00.000000Z',
  message: null,
});
const ALL = EMAILS.map((_, index) => invite(index));

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A DRF page of two from offset `offset`, claiming `count`; `next` only says whether more follow. */
function page(items: unknown[], offset: number, count: number) {
  const results = items.slice(offset, offset + 2);
  const more = offset + 2 < Math.min(items.length, count);
  return { count, next: more ? `http://127.0.0.1/next?offset=${offset + 2}` : null, previous: null, results };
}

describe('posthog: a read whose count moves mid-read', () => {
  it('reads again and plans from the second, consistent pass', async () => {
    let passes = 0;
    server = await startHostileServer((request, response) => {
      const url = new URL(request.url, 'http://127.0.0.1');
      if (!url.pathname.endsWith('/invites/')) return sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
      const offset = Number(url.searchParams.get('offset') ?? 0);
      if (offset === 0) passes += 1;
      // Pass 1: e was invited between the pages, so page 2 counts 5 while page 1 counted 4; its items alone look whole.
      if (passes === 1) return sendJson(response, 200, page(ALL.slice(0, 4), offset, offset === 0 ? 4 : 5));
      return sendJson(response, 200, page(ALL, offset, 5));
    });
    const invites = EMAILS.map((email) => `\n      - email: ${email}`).join('');
    const cwd = await configDir(`version: 1\norgs:\n  analytics:\n    provider: posthog\n    host: ${server.url}\n    organization_id: ${ORG_ID}\n    invites:${invites}\n`);
    const run = await runCli(['plan', '--format', 'json'], { cwd, env: { POSTHOG_PERSONAL_API_KEY: KEY } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    // All five are already invited: the first pass alone would have planned to invite e again.
    expect(plan.summary).toMatchObject({ create: 0, replace: 0, delete: 0 });
    expect(plan.orgs[0]).toMatchObject({ name: 'analytics', unchanged: 5, changes: [] });
    expect(passes).toBe(2);
    expect(server.seen.filter((request) => request.url.includes('/invites/'))).toHaveLength(5);
  });
});
