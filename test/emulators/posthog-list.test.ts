import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, ORG, startPostHog, testSeed, type PostHogHarness } from '../fixtures/posthog/harness.ts';

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: { id: string; target_email: string }[];
}

// Read-only tests: one server holding 250 invites made through the bulk endpoint.
const TOTAL = 250;
let ph: PostHogHarness;
let newestFirst: string[];

beforeAll(async () => {
  ph = await startPostHog();
  for (let start = 0; start < TOTAL; start += 20) {
    const batch = Array.from({ length: Math.min(20, TOTAL - start) }, (_, i) => ({ target_email: `p${start + i}@example.com` }));
    const response = await ph.call('POST', '/invites/bulk/', { body: batch });
    expect(response.status).toBe(201);
  }
  newestFirst = Array.from({ length: TOTAL }, (_, i) => `p${TOTAL - 1 - i}@example.com`);
});
afterAll(async () => {
  await ph.server.close();
});

async function page(url: string): Promise<Page> {
  const response = await ph.call('GET', url, { key: KEYS.ownerRead });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

async function followAll(first: string): Promise<{ pages: Page[]; emails: string[] }> {
  const pages: Page[] = [];
  for (let url: string | null = first; url !== null; url = pages.at(-1)?.next ?? null) pages.push(await page(url));
  return { pages, emails: pages.flatMap((p) => p.results.map((invite) => invite.target_email)) };
}

describe('PostHog emulator: list pagination (§4)', () => {
  it('pages by 100 by default, newest first, with absolute next URLs built from the request origin', async () => {
    const { pages, emails } = await followAll('/invites/');
    expect(pages.map((p) => p.results.length)).toEqual([100, 100, 50]);
    expect(pages.every((p) => p.count === TOTAL)).toBe(true);
    expect(pages[0]?.next).toBe(`${ph.server.url}/api/organizations/${ORG}/invites/?limit=100&offset=100`);
    expect(pages[2]?.next).toBeNull();
    expect(emails).toEqual(newestFirst);
  });

  it('follows next with a small limit over many pages, without gaps or repeats', async () => {
    const { pages, emails } = await followAll('/invites?limit=7');
    expect(pages).toHaveLength(Math.ceil(TOTAL / 7));
    expect(emails).toEqual(newestFirst);
  });

  it('builds previous links: none on the first page, no offset back to the first, then offset − limit', async () => {
    const first = await page('/invites/?limit=7');
    expect(first.previous).toBeNull();
    const second = await page(first.next ?? '');
    expect(second.previous).toBe(`${ph.server.url}/api/organizations/${ORG}/invites/?limit=7`);
    const third = await page(second.next ?? '');
    expect(third.previous).toBe(`${ph.server.url}/api/organizations/${ORG}/invites/?limit=7&offset=7`);
  });

  it('keeps other query parameters, sorted and form-encoded as DRF does', async () => {
    const p = await page('/invites/?zeta=1&limit=5&alpha=x%20y');
    expect(p.next).toBe(`${ph.server.url}/api/organizations/${ORG}/invites/?alpha=x+y&limit=5&offset=5&zeta=1`);
  });

  it('falls back to 100 for a bad limit and 0 for a bad offset, and has no maximum limit', async () => {
    for (const limit of ['abc', '0', '-5', '2.5']) expect((await page(`/invites/?limit=${limit}`)).results).toHaveLength(100);
    expect((await page('/invites/?limit=5&offset=oops')).results[0]?.target_email).toBe(newestFirst[0]);
    const all = await page('/invites/?limit=1000');
    expect(all.results).toHaveLength(TOTAL);
    expect(all.next).toBeNull();
  });

  it('answers an offset past the end with no results but a previous link', async () => {
    const past = await page('/invites/?limit=10&offset=400');
    expect(past).toMatchObject({ count: TOTAL, next: null, results: [] });
    expect(past.previous).toBe(`${ph.server.url}/api/organizations/${ORG}/invites/?limit=10&offset=390`);
  });
});

describe('PostHog emulator: list order with equal timestamps', () => {
  it('breaks created_at ties deterministically (newest row first), stable across pages', async () => {
    const created_at = '2025-03-01T08:00:00Z';
    const seed = testSeed();
    seed.invites = ['t1', 't2', 't3', 't4', 't5'].map((name) => ({ organization: ORG, email: `${name}@example.com`, created_at }));
    const tied = await startPostHog(seed);
    try {
      const read = async (url: string) => ((await (await tied.call('GET', url)).json()) as Page).results.map((i) => i.target_email);
      const paged = [...(await read('/invites/?limit=2')), ...(await read('/invites/?limit=2&offset=2')), ...(await read('/invites/?limit=2&offset=4'))];
      expect(paged).toEqual(['t5@example.com', 't4@example.com', 't3@example.com', 't2@example.com', 't1@example.com']);
      expect(await read('/invites/')).toEqual(paged);
    } finally {
      await tied.server.close();
    }
  });
});
