import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.ts';
import { emptyPlan, FINGERPRINT, fullPlan, inputOf, unsafePlan } from './fixtures.ts';

const options = { color: true, redactEmails: false };
const parse = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
const record = (value: unknown): Record<string, unknown> => {
  expect(value).toBeTypeOf('object');
  expect(value).not.toBeNull();
  return value as Record<string, unknown>;
};
const list = (value: unknown): unknown[] => {
  expect(Array.isArray(value)).toBe(true);
  return value as unknown[];
};

describe('renderJson', () => {
  it.each([
    ['full', inputOf(fullPlan())],
    ['empty', inputOf(emptyPlan())],
    ['unsafe', inputOf(unsafePlan(), ['acme-claude'])],
  ])('matches the %s snapshot', async (name, input) => {
    await expect(renderJson(input, options)).toMatchFileSnapshot(`./__snapshots__/json-${name}.txt`);
  });

  it('has the contract fields of DESIGN §4, with their types', () => {
    const json = parse(renderJson(inputOf(fullPlan()), options));
    expect(Object.keys(json)).toEqual(['format_version', 'fingerprint', 'orgs', 'summary']);
    expect(json.format_version).toBe(1);
    expect(json.fingerprint).toBe(FINGERPRINT);
    expect(json.summary).toEqual({ create: 2, replace: 3, delete: 2 });

    const orgs = list(json.orgs).map(record);
    expect(orgs.map((org) => [org.name, org.provider])).toEqual([
      ['acme-analytics', 'posthog'],
      ['acme-claude', 'anthropic'],
    ]);
    for (const org of orgs) {
      for (const field of ['unchanged', 'members', 'unmanaged']) expect(org[field], field).toBeTypeOf('number');
      expect(record(org.safety).ok).toBeTypeOf('boolean');
      const key = org.provider === 'posthog' ? 'level' : 'role';
      for (const change of list(org.changes).map(record)) {
        expect(['create', 'replace', 'delete']).toContain(change.action);
        expect(change.email).toBeTypeOf('string');
        expect('reason' in change).toBe(change.action === 'replace');
        expect('from' in change).toBe(change.action !== 'create');
        expect('to' in change).toBe(change.action !== 'delete');
        for (const side of ['from', 'to']) if (side in change) expect(Object.keys(record(change[side]))).toEqual([key]);
      }
    }
  });

  it('counts unchanged, members and unmanaged (kept unmanaged + ignored) per org', () => {
    const [posthog, anthropic] = list(parse(renderJson(inputOf(fullPlan()), options)).orgs).map(record);
    expect(posthog).toMatchObject({ unchanged: 12, members: 40, unmanaged: 1, ignored: 1, already_members: 1 });
    expect(anthropic).toMatchObject({ unchanged: 1, members: 7, unmanaged: 1, ignored: 0, expired_not_reinvited: 1, grants_ended: 1 });
  });

  it('writes each change with its access under the API name, and what the invite email carries', () => {
    const [posthog, anthropic] = list(parse(renderJson(inputOf(fullPlan()), options)).orgs).map(record);
    expect(list(posthog?.changes)).toEqual([
      { action: 'delete', email: 'eve@acme.com', from: { level: 'member' } },
      { action: 'replace', email: 'dan@acme.com', reason: 'role', from: { level: 'member' }, to: { level: 'admin' } },
      { action: 'replace', email: 'erin@acme.com', reason: 'expired', from: { level: 'member' }, to: { level: 'member' } },
      {
        action: 'create',
        email: 'alice@acme.com',
        to: { level: 'admin' },
        first_name: 'Alice',
        message: 'Welcome to Acme analytics; questions to Help.Desk@acme.com',
      },
    ]);
    expect(list(anthropic?.changes)[1]).toEqual({ action: 'replace', email: 'carol@acme.com', reason: 'role', from: { role: 'user' }, to: { role: 'developer' } });
  });

  it('reports the safety verdict with its numbers', () => {
    const [, claude] = list(parse(renderJson(inputOf(unsafePlan(), ['acme-claude']), options)).orgs).map(record);
    expect(claude?.safety).toEqual({ ok: false, deletes: 7, pending: 9, max_deletes: 5, max_delete_ratio: 0.25 });
  });

  it('leaves invite ids out', () => {
    const text = renderJson(inputOf(fullPlan()), options);
    for (const id of ['ph-inv-eve', 'ph-inv-dan', 'invite_bob', 'invite_carol', 'inviteId', 'inviteStatus']) expect(text).not.toContain(id);
  });

  it('is pretty-printed, ends with a newline, has no colour and is the same every time', () => {
    const text = renderJson(inputOf(fullPlan()), options);
    expect(text.startsWith('{\n  "format_version": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('\x1b');
    expect(renderJson(inputOf(fullPlan()), options)).toBe(text);
  });
});
