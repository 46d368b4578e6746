import { describe, expect, it } from 'vitest';
import { AnthropicEmulator, anthropicSeedSchema, defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import type { AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { createClock } from '../../src/emulators/clock.ts';
import { DAY_MS, START, seedWith } from '../fixtures/anthropic/harness.ts';

const emulator = (seed?: AnthropicSeed) => new AnthropicEmulator({ clock: createClock(START), ...(seed && { seed }) });

describe('Anthropic seed', () => {
  it('defaults to one org with a realistic admin key, an admin, members, and a pending and an expired invite', () => {
    const seed = defaultAnthropicSeed();
    expect(anthropicSeedSchema.safeParse(seed).success).toBe(true);
    const api = emulator();
    expect(api.primary().apiKey).toMatch(/^sk-ant-admin01-[A-Za-z0-9_-]{80,}AA$/);
    expect(api.primary().apiKey).toBe(emulator().primary().apiKey); // stable across runs, for the sandbox docs
    expect(api.users().filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(api.users().length).toBeGreaterThanOrEqual(3);
    expect(new Set(api.invites().map((i) => i.status))).toEqual(new Set(['pending', 'expired']));
  });

  it('places seeded times by age or absolute time, so a seed can hold expired, accepted and deleted invites', () => {
    const api = emulator(
      seedWith({
        users: [{ email: 'ann@acme.com', role: 'user', added_at: '2025-01-02T03:04:05.678Z' }],
        invites: [
          { email: 'fresh@acme.com', role: 'user', age_days: 1 },
          { email: 'stale@acme.com', role: 'developer', invited_at: '2026-01-01T00:00:00Z' },
          { email: 'ann@acme.com', role: 'user', age_days: 60, status: 'accepted', accepted_at: '2025-01-02T03:04:05.678Z' },
          { email: 'withdrawn@acme.com', role: 'billing', age_days: 3, status: 'deleted' },
        ],
      }),
    );
    const byEmail = Object.fromEntries(api.invites().map((i) => [i.email, i]));
    expect(byEmail['fresh@acme.com']).toMatchObject({ status: 'pending', invited_at: new Date(START.getTime() - DAY_MS).toISOString().replace('Z', '000Z') });
    expect(byEmail['stale@acme.com']).toMatchObject({ status: 'expired', expires_at: '2026-01-22T00:00:00.000000Z' });
    expect(byEmail['ann@acme.com']).toMatchObject({ status: 'accepted', accepted_at: '2025-01-02T03:04:05.678000Z' });
    expect(byEmail['withdrawn@acme.com']?.status).toBe('deleted');
    expect(api.users()[0]).toMatchObject({ email: 'ann@acme.com', name: 'Ann', added_at: '2025-01-02T03:04:05.678000Z' });
    expect(api.emailsSent()).toBe(0); // seeded invites were sent before the emulator started
  });

  const invitesSeed = (invites: unknown[]): unknown => ({ ...seedWith({}), invites });
  const usersSeed = (users: unknown[]): unknown => ({ ...seedWith({}), users });
  const at = '2026-01-01T00:00:00Z';
  it.each<[string, unknown]>([
    ['an unknown top-level key', { ...defaultAnthropicSeed(), teams: [] }],
    ['no API key', { ...defaultAnthropicSeed(), api_keys: [] }],
    ['an unknown invite key', invitesSeed([{ email: 'a@acme.com', role: 'user', level: 'x' }])],
    ['an admin invite', invitesSeed([{ email: 'a@acme.com', role: 'admin' }])],
    ['both invited_at and age_days', invitesSeed([{ email: 'a@acme.com', role: 'user', age_days: 1, invited_at: at }])],
    ['accepted_at on a pending invite', invitesSeed([{ email: 'a@acme.com', role: 'user', accepted_at: at }])],
    ['a malformed email', usersSeed([{ email: 'nope', role: 'user' }])],
    ['two members with one address', usersSeed([{ email: 'a@acme.com', role: 'user' }, { email: 'A+x@Acme.com', role: 'user' }])],
    ['a repeated id', invitesSeed([{ id: 'invite_01a', email: 'a@acme.com', role: 'user' }, { id: 'invite_01a', email: 'b@acme.com', role: 'user' }])],
  ])('rejects a seed with %s', (_name, seed) => {
    expect(anthropicSeedSchema.safeParse(seed).success).toBe(false);
    expect(() => emulator(seed as AnthropicSeed)).toThrow();
  });

  it('rejects two pending invites for one address, but allows a pending one beside an expired one', () => {
    expect(() =>
      emulator(seedWith({ invites: [{ email: 'a@acme.com', role: 'user' }, { email: 'A@acme.com', role: 'user', age_days: 2 }] })),
    ).toThrow(/two pending invites/);
    const api = emulator(seedWith({ invites: [{ email: 'a@acme.com', role: 'user' }, { email: 'a@acme.com', role: 'user', age_days: 25 }] }));
    expect(api.invites().map((i) => i.status)).toEqual(['pending', 'expired']);
  });

  it('addUser adds a member (name optional) and refuses an address that is already one', () => {
    const api = emulator(seedWith({}));
    api.addUser({ email: 'boss@acme.com', role: 'admin', name: 'The Boss' });
    expect(api.users()[0]).toMatchObject({ email: 'boss@acme.com', role: 'admin', name: 'The Boss' });
    expect(() => api.addUser({ email: 'BOSS@acme.com', role: 'user' })).toThrow();
  });
});
