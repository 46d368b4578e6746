// main() against hostile list and write answers (#11.4, #11.8, #11.10): exit 1 or 3 quickly, no write after a failed read.
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, type HostileServer } from '../helpers/hostile-server.ts';
import { runCli, STACK_FRAME, type CliRun } from '../helpers/cli.ts';
import { configDir } from '../helpers/sandbox-cli.ts';
import { ahInvite, ahPage, KEYS, phInvite, phPage, POSTHOG_ORG, startFakeApi, writesSeen } from '../providers/hostile-apis.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Past this many requests a hostile list gives up, so a client that would loop forever ends (and fails its test). */
const GIVE_UP = 3000;
/** "Quickly": far under the 90 s for endless or cyclic pages, far over a loopback run. */
const QUICK_MS = 30_000;

const phId = (n: number) => `0190a4f2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const [pa, pb, pc, pd] = [phInvite(phId(0), 'a@acme.com'), phInvite(phId(1), 'b@acme.com'), phInvite(phId(2), 'c@acme.com'), phInvite(phId(3), 'd@acme.com')];
const [aa, ab, ac] = [ahInvite('invite_a', 'a@acme.com'), ahInvite('invite_b', 'b@acme.com'), ahInvite('invite_c', 'c@acme.com')];

/** One org at the hostile server, keeping a, b and c (pruning anything else). */
function config(provider: 'posthog' | 'anthropic', url: string, emails = ['a@acme.com', 'b@acme.com', 'c@acme.com']): string {
  const invites = emails.map((email) => `\n      - email: ${email}`).join('');
  const connection = provider === 'posthog' ? `    host: ${url}\n    organization_id: ${POSTHOG_ORG}` : `    base_url: ${url}`;
  return `version: 1\norgs:\n  hostile:\n    provider: ${provider}\n${connection}\n    invites:${invites}\n`;
}

/** Runs `apply --yes` (the command that would write) against the server, timing it. */
async function apply(provider: 'posthog' | 'anthropic', emails?: string[]): Promise<CliRun & { ms: number }> {
  const cwd = await configDir(config(provider, server!.url, emails));
  const started = Date.now();
  const run = await runCli(['apply', '--yes'], { cwd, env: KEYS });
  return { ...run, ms: Date.now() - started };
}

/** A failed read: exit 1, one clear line naming the org, no stack, nothing written, quickly. */
function expectFailedRead(run: CliRun & { ms: number }, why: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(why);
  expect(run.stderr).toMatch(/hostile \((posthog|anthropic)\): GET /);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(writesSeen(server!)).toEqual([]);
  expect(run.ms).toBeLessThan(QUICK_MS);
}

/** A DRF list that ignores `limit` and serves two items a page from `items`, claiming `count`. */
const offsetPages = (items: unknown[], count: number) => (url: URL) => {
  const offset = Number(url.searchParams.get('offset') ?? 0);
  return phPage(url, items.slice(offset, offset + 2), count, offset + 2 < items.length);
};
/** A cursor list: the page after `after_id` X is `pages[X]`, the first is `pages['']`. */
const byCursor = (pages: Record<string, unknown>) => (url: URL) => pages[url.searchParams.get('after_id') ?? ''];

describe('hostile reads: duplicate ids and snapshot races', () => {
  it('posthog: an invite listed twice with the same content is kept once; nothing to change', async () => {
    server = await startFakeApi({ invites: offsetPages([pa, pb, pb, pc], 3) });
    const run = await apply('posthog');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/no changes|nothing to/i);
    expect(writesSeen(server)).toEqual([]);
  });

  it('anthropic: an invite listed on two pages is kept once; nothing to change', async () => {
    server = await startFakeApi({ invites: byCursor({ '': ahPage([aa, ab], true), invite_b: ahPage([ab, ac], false) }) });
    const run = await apply('anthropic');
    expect(run.code).toBe(0);
    expect(writesSeen(server)).toEqual([]);
  });

  it('posthog: the same id with different content fails the read', async () => {
    server = await startFakeApi({ invites: offsetPages([pa, pb, { ...pb, level: 8 }, pc], 4) });
    expectFailedRead(await apply('posthog'), /is listed twice with different content/);
  });

  it('anthropic: the same id with different content fails the read', async () => {
    server = await startFakeApi({ invites: byCursor({ '': ahPage([aa, ab], true), invite_b: ahPage([{ ...ab, role: 'developer' }, ac], false) }) });
    expectFailedRead(await apply('anthropic'), /is listed twice with different content/);
  });

  it('posthog: pages that shifted under an invite and a revoke (count unchanged) fail the read, revoking nobody', async () => {
    // d was revoked and someone invited at the top: b slid onto page 2, count still 4.
    server = await startFakeApi({ invites: offsetPages([pa, pb, pb, pc], 4) });
    expectFailedRead(await apply('posthog'), /not one snapshot of the list in two tries: read 3 distinct invites but the API counts 4/);
  });

  it('posthog: a race that settles on the second read plans from the consistent one', async () => {
    let reads = 0;
    // The first read's two pages show b twice; the second read is consistent.
    server = await startFakeApi({ invites: (url) => (reads++ < 2 ? offsetPages([pa, pb, pb, pc], 4)(url) : offsetPages([pa, pb, pc, pd], 4)(url)) });
    const run = await apply('posthog', ['a@acme.com', 'b@acme.com', 'c@acme.com', 'd@acme.com']);
    expect(run.code).toBe(0);
    expect(writesSeen(server)).toEqual([]);
  });
});

describe('hostile reads: pages that never end', () => {
  it('anthropic: a cursor that loops back fails the read', async () => {
    let n = 0;
    const pages = { '': ahPage([aa], true), invite_a: ahPage([ab], true), invite_b: ahPage([ac], true, 'invite_a') };
    server = await startFakeApi({ invites: (url) => (n++ < GIVE_UP ? byCursor(pages)(url) : ahPage([], false)) });
    expectFailedRead(await apply('anthropic'), /the cursor loops: page 3 leads back to cursor invite_a/);
  });

  it('anthropic: pages of nothing new under fresh cursors fail the read', async () => {
    let n = 0;
    server = await startFakeApi({ invites: () => (n++ < GIVE_UP ? ahPage([aa, ab], true, `cursor_${n}`) : ahPage([], false)) });
    expectFailedRead(await apply('anthropic'), /the cursor loops: page 2 holds only invites already read/);
  });

  it('posthog: an endless `next` stops at the pages the count promised', async () => {
    let n = 0;
    server = await startFakeApi({ invites: (url) => (n++ < GIVE_UP ? phPage(url, [phInvite(phId(100 + n), `p${n}@acme.com`)], 3, true) : phPage(url, [], 3, false)) });
    expectFailedRead(await apply('posthog'), /the API lists more invites than its count of 3/);
    expect(server.seen.filter((request) => request.url.includes('/invites/'))).toHaveLength(6);
  });

  it('posthog: a count that lies high fails after one page', async () => {
    let n = 0;
    server = await startFakeApi({ invites: (url) => (n++ < GIVE_UP ? phPage(url, [phInvite(phId(100 + n), `p${n}@acme.com`)], 5e8, true) : phPage(url, [], 5e8, false)) });
    expectFailedRead(await apply('posthog'), /the API reports 500000000 invites, 500000000 pages of 1; refusing to read more than 1000 pages/);
  });

  it('posthog: a count that lies low fails the read', async () => {
    server = await startFakeApi({ invites: (url) => phPage(url, [pa, pb, pc], 1, false) });
    expectFailedRead(await apply('posthog'), /read 3 distinct invites but the API counts 1/);
  });
});

describe('hostile writes: empty answers', () => {
  it('posthog: an empty bulk answer is confirmed by re-reading, never sent twice', async () => {
    const created: unknown[] = [];
    server = await startFakeApi({
      invites: (url) => phPage(url, created, created.length, false),
      other: (request, response) => {
        // The server invites (and e-mails) as asked, then answers with nothing.
        const body = JSON.parse(request.body) as Array<{ target_email: string; level: number }>;
        created.push(...body.map((item, i) => phInvite(phId(200 + created.length + i), item.target_email, item.level)));
        sendJson(response, 201, []);
      },
    });
    const run = await apply('posthog', ['new@acme.com']);
    expect([0, 3]).toContain(run.code);
    if (run.code === 0) expect(run.stdout).toMatch(/0 applied, 1 confirmed/);
    expect(writesSeen(server).map((request) => request.method)).toEqual(['POST']);
    expect(created).toHaveLength(1);
  });

  it('anthropic: an empty delete answer is confirmed by re-reading', async () => {
    const invites = [aa, ahInvite('invite_x', 'leaver@acme.com')];
    server = await startFakeApi({
      invites: () => ahPage(invites, false),
      other: (request, response) => {
        if (request.method === 'DELETE') invites.splice(invites.findIndex((invite) => request.url.endsWith(invite.id)), 1);
        sendJson(response, 200, {});
      },
    });
    const run = await apply('anthropic', ['a@acme.com']);
    expect([0, 3]).toContain(run.code);
    if (run.code === 0) expect(run.stdout).toMatch(/0 applied, 1 confirmed/);
    expect(writesSeen(server).map((request) => request.method)).toEqual(['DELETE']);
  });
});
