// PostHog pages after the first are fetched at once (#12), bounded by the key's concurrency gate.
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import type { Gate } from '../../src/http.ts';
import { connect } from '../../src/providers/connect.ts';
import { PAGE_SIZE } from '../../src/providers/posthog/client.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';
import { KEYS, phInvite, phPage, POSTHOG_ORG, urlOf } from './hostile-apis.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Twenty pages, the first of which gives the count. */
const TOTAL = 20 * PAGE_SIZE;
const LATER_PAGES = TOTAL / PAGE_SIZE - 1;
const INVITES = Array.from({ length: TOTAL }, (_, i) => phInvite(`0190a4f2-0000-7000-8000-${String(i).padStart(12, '0')}`, `user${i}@acme.com`));

/**
 * Serves twenty pages of invites, holding each later page until `wanted` of them wait together (or a
 * second passes, so a sequential reader ends too); counts the invite pages in flight at once.
 */
async function startHoldingServer(wanted: number) {
  const stats = { inFlight: 0, maxInFlight: 0 };
  let held: Array<() => void> = [];
  const release = () => {
    for (const go of held.splice(0)) go();
  };
  server = await startHostileServer(async (request, response) => {
    const url = urlOf(request);
    if (!url.pathname.endsWith('/invites/')) return sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit'));
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    if (offset > 0) {
      await new Promise<void>((go) => {
        held.push(go);
        if (held.length >= wanted) release();
        else setTimeout(release, 1000).unref();
      });
    }
    stats.inFlight--;
    sendJson(response, 200, phPage(url, INVITES.slice(offset, offset + limit), TOTAL, offset + limit < TOTAL));
  });
  return stats;
}

function providerAt(url: string, gate?: Gate) {
  const org = desiredOrg({ name: 'big', connection: { baseUrl: url, apiKeyEnv: 'POSTHOG_PERSONAL_API_KEY', organizationId: POSTHOG_ORG } });
  return connect([org], { env: KEYS, readOnly: true, budgets: new RateBudgets(), retry: FAST_RETRY, ...(gate ? { gateFor: () => gate } : {}) })[0]!.provider;
}

/** A gate admitting `size` tasks at a time, like the key's concurrency limit. */
function gateOf(size: number): Gate {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= size) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

describe('posthog: parallel pages', () => {
  it('reads twenty pages in two round trips: the first page, then the other 19 at once', async () => {
    const stats = await startHoldingServer(LATER_PAGES);
    const current = await providerAt(server!.url).read();
    expect(current.invites).toHaveLength(TOTAL);
    expect(new Set(current.invites.map((invite) => invite.id)).size).toBe(TOTAL);
    expect(stats.maxInFlight).toBe(LATER_PAGES);
    expect(server!.seen.filter((request) => request.url.includes('/invites/'))).toHaveLength(LATER_PAGES + 1);
  });

  it('keeps to the key\'s concurrency gate', async () => {
    const stats = await startHoldingServer(4);
    const current = await providerAt(server!.url, gateOf(4)).read();
    expect(current.invites).toHaveLength(TOTAL);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(4);
  });
});
