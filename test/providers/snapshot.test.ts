// Paged reads against hostile servers: duplicates, snapshot races, lying counts, looping cursors, endless pages.
import { afterEach, describe, expect, it } from 'vitest';
import type { HostileServer } from '../helpers/hostile-server.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import { MAX_PAGES } from '../../src/providers/snapshot.ts';
import { ahInvite, ahPage, ahUser, phInvite, phMember, phPage, providerAt, startFakeApi } from './hostile-apis.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Past this many requests a hostile list gives up, so a client that would loop forever ends (and fails its test). */
const GIVE_UP = 3000;

/** A DRF list that ignores `limit` and serves `size` items a page from `items`, claiming `count`. */
function offsetPages(items: unknown[], count: number, size = 2) {
  return (url: URL) => {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const results = items.slice(offset, offset + size);
    return phPage(url, results, count, offset + size < items.length);
  };
}

const listReads = (s: HostileServer, part: string) => s.seen.filter((request) => request.method === 'GET' && request.url.includes(part));

describe('posthog: one snapshot per read', () => {
  const id = (n: number) => `0190a4f2-0000-7000-8000-00000000000${n}`;
  const [a, b, c, d] = [phInvite(id(0), 'a@acme.com'), phInvite(id(1), 'b@acme.com'), phInvite(id(2), 'c@acme.com'), phInvite(id(3), 'd@acme.com')];

  it('keeps an invite listed twice once, when the deduplicated list matches the count', async () => {
    server = await startFakeApi({ invites: offsetPages([a, b, b, c], 3), members: offsetPages([phMember('m1', 'x@acme.com'), phMember('m2', 'y@acme.com'), phMember('m2', 'y@acme.com'), phMember('m3', 'z@acme.com')], 3) });
    const current = await providerAt('posthog', server).read();
    expect(current.invites.map((invite) => invite.email)).toEqual(['a@acme.com', 'b@acme.com', 'c@acme.com']);
    expect(current.members.map((member) => member.email)).toEqual(['x@acme.com', 'y@acme.com', 'z@acme.com']);
  });

  it('refuses a page set that is not one snapshot (an invite shifted onto the next page, count unchanged), after one fresh try', async () => {
    // Someone invited at the top and revoked at the bottom between the pages: count still 4, b twice, d missing.
    server = await startFakeApi({ invites: offsetPages([a, b, b, c], 4) });
    const error = await providerAt('posthog', server).read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/^posthog-org \(posthog\): GET \/api\/organizations\/.+\/invites\/ failed: the pages were not one snapshot of the list in two tries: read 3 distinct invites but the API counts 4; .*run again$/);
    expect(listReads(server, '/invites/').filter((request) => !request.url.includes('offset=2'))).toHaveLength(2);
  });

  it('reads again once when the list moved, and keeps the second, consistent read', async () => {
    server = await startFakeApi({ invites: (url) => (Number(url.searchParams.get('offset') ?? 0) < 4 && listReads(server!, '/invites/').length <= 2 ? offsetPages([a, b, b, c], 4)(url) : offsetPages([a, b, c, d], 4)(url)) });
    const current = await providerAt('posthog', server).read();
    expect(current.invites.map((invite) => invite.email)).toEqual(['a@acme.com', 'b@acme.com', 'c@acme.com', 'd@acme.com']);
  });

  it('never drops an unreadable copy of an invite it already read', async () => {
    const { target_email: _dropped, ...unreadable } = b;
    server = await startFakeApi({ invites: offsetPages([a, b, unreadable, c], 3) });
    await expect(providerAt('posthog', server).read()).rejects.toThrow(/unreadable response: results\[0\]\.target_email/);
  });

  it('refuses an invite listed twice with different content', async () => {
    const promoted = { ...b, level: 8 };
    server = await startFakeApi({ invites: offsetPages([a, b, promoted, c], 4) });
    await expect(providerAt('posthog', server).read()).rejects.toThrow(/invite 0190a4f2-0000-7000-8000-000000000001 is listed twice with different content/);
  });

  it('stops at the pages its count promised when `next` never ends', async () => {
    let n = 0;
    server = await startFakeApi({
      invites: (url) => (n++ < GIVE_UP ? phPage(url, [phInvite(`0190a4f2-0000-7000-8000-${String(n).padStart(12, '0')}`, `p${n}@acme.com`)], 3, true) : phPage(url, [], 3, false)),
    });
    await expect(providerAt('posthog', server).read()).rejects.toThrow(/not one snapshot of the list in two tries: the API lists more invites than its count of 3/);
    expect(listReads(server, '/invites/')).toHaveLength(6);
  });

  it('refuses a count that would take more than the page cap, after one request', async () => {
    let n = 0;
    server = await startFakeApi({
      invites: (url) => (n++ < GIVE_UP ? phPage(url, [phInvite(`0190a4f2-0000-7000-8000-${String(n).padStart(12, '0')}`, `p${n}@acme.com`)], 1e9, true) : phPage(url, [], 1e9, false)),
    });
    await expect(providerAt('posthog', server).read()).rejects.toThrow(new RegExp(`the API reports 1000000000 invites, 1000000000 pages of 1; refusing to read more than ${MAX_PAGES} pages`));
    expect(listReads(server, '/invites/')).toHaveLength(1);
  });
});

describe('anthropic: one snapshot per read', () => {
  const [a, b, c, d, e] = [ahInvite('invite_a', 'a@acme.com'), ahInvite('invite_b', 'b@acme.com'), ahInvite('invite_c', 'c@acme.com'), ahInvite('invite_d', 'd@acme.com'), ahInvite('invite_e', 'e@acme.com')];

  /** Serves `pages` by cursor: the page after `after_id` X is `pages[X]`, the first is `pages['']`. */
  const byCursor = (pages: Record<string, ReturnType<typeof ahPage>>) => (url: URL) => pages[url.searchParams.get('after_id') ?? '']!;

  it('keeps an invite (and a user) listed on two pages once', async () => {
    server = await startFakeApi({
      invites: byCursor({ '': ahPage([a, b], true), invite_b: ahPage([b, c], false) }),
      members: byCursor({ '': ahPage([ahUser('user_1', 'x@acme.com'), ahUser('user_2', 'y@acme.com')], true), user_2: ahPage([ahUser('user_2', 'y@acme.com')], false) }),
    });
    const current = await providerAt('anthropic', server).read();
    expect(current.invites.map((invite) => invite.id)).toEqual(['invite_a', 'invite_b', 'invite_c']);
    expect(current.members.map((member) => member.email)).toEqual(['x@acme.com', 'y@acme.com']);
  });

  it('refuses an invite listed twice with different content', async () => {
    server = await startFakeApi({ invites: byCursor({ '': ahPage([a, b], true), invite_b: ahPage([{ ...b, role: 'developer' }, c], false) }) });
    await expect(providerAt('anthropic', server).read()).rejects.toThrow(/^anthropic-org \(anthropic\): GET .* failed: the pages are not one snapshot of the list: invite invite_b is listed twice with different content; run again$/);
  });

  it('never drops an unreadable copy of an invite it already read', async () => {
    const { email: _dropped, ...unreadable } = b;
    server = await startFakeApi({ invites: byCursor({ '': ahPage([a, b], true), invite_b: ahPage([unreadable as typeof b, c], false) }) });
    await expect(providerAt('anthropic', server).read()).rejects.toThrow(/unreadable response: data\[0\]\.email/);
  });

  it('refuses a cursor that leads back to one it followed before', async () => {
    let n = 0;
    const pages = { '': ahPage([a, b], true), invite_b: ahPage([c, d], true), invite_d: ahPage([e], true, 'invite_b') };
    server = await startFakeApi({ invites: (url) => (n++ < GIVE_UP ? byCursor(pages)(url) : ahPage([], false)) });
    await expect(providerAt('anthropic', server).read()).rejects.toThrow(/the cursor loops: page 3 leads back to cursor invite_b/);
    expect(listReads(server, '/invites')).toHaveLength(3);
  });

  it('refuses a page that holds only invites already read, whatever its cursor says', async () => {
    let n = 0;
    server = await startFakeApi({ invites: () => (n++ < GIVE_UP ? ahPage([a, b], true, `cursor_${n}`) : ahPage([], false)) });
    await expect(providerAt('anthropic', server).read()).rejects.toThrow(/the cursor loops: page 2 holds only invites already read/);
    expect(listReads(server, '/invites')).toHaveLength(2);
  });

  it(`stops after ${MAX_PAGES} pages of fresh invites`, async () => {
    let n = 0;
    server = await startFakeApi({ invites: () => (n++ < GIVE_UP ? ahPage([ahInvite(`invite_${n}`, `p${n}@acme.com`)], true) : ahPage([], false)) });
    await expect(providerAt('anthropic', server).read()).rejects.toThrow(new RegExp(`the API still reports more invites after ${MAX_PAGES} pages; refusing to read on`));
    expect(listReads(server, '/invites')).toHaveLength(MAX_PAGES);
  }, 30_000);
});
