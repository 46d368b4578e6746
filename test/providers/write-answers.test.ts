// Every write's answer is checked against the request: a short, empty or different answer is uncertain, never "applied".
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, type HostileServer } from '../helpers/hostile-server.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import { ahInvite, phInvite, providerAt, startFakeApi } from './hostile-apis.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers every write with `status` and `body`. */
const answering = (status: number, body?: unknown) =>
  startFakeApi({
    invites: () => ({}),
    other: (_request, response) => {
      if (body === undefined) {
        response.writeHead(status);
        response.end();
      } else sendJson(response, status, body);
    },
  });

const uncertain = { uncertain: true, operation: expect.stringMatching(/create|delete/) };
const alice = { email: 'Alice@Acme.com', access: 'admin' };
const bob = { email: 'bob@acme.com', access: 'member' };

describe('posthog: write answers', () => {
  it.each([
    ['an empty bulk answer', [], /0 of 2 sent; no pending admin invite for alice@acme.com in it/],
    ['a short bulk answer', [phInvite('i2', 'bob@acme.com', 1)], /1 of 2 sent; no pending admin invite for alice@acme.com in it/],
    ['an answer at another level', [phInvite('i1', 'alice@acme.com', 1), phInvite('i2', 'bob@acme.com', 1)], /2 of 2 sent; no pending admin invite for alice@acme.com/],
    ['an answer for someone else', [phInvite('i1', 'mallory@evil.com', 8), phInvite('i2', 'bob@acme.com', 1)], /no pending admin invite for alice@acme.com/],
    ['an answer with more invites', [phInvite('i1', 'alice@acme.com', 8), phInvite('i2', 'bob@acme.com', 1), phInvite('i3', 'eve@acme.com', 1)], /3 of 2 sent; more than was sent/],
  ])('is uncertain on %s', async (_name, body, message) => {
    server = await answering(201, body);
    const error = await providerAt('posthog', server, false).create([alice, bob]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject(uncertain);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/re-read to see$/);
  });

  it('accepts the answer that holds exactly the invites sent, emails compared lower-cased, in any order', async () => {
    server = await answering(201, [phInvite('i2', 'bob@acme.com', 1), phInvite('i1', 'alice@acme.com', 8)]);
    const { value } = await providerAt('posthog', server, false).create([alice, bob]);
    expect(value.map((invite) => invite.id)).toEqual(['i2', 'i1']);
  });

  it('is uncertain when a delete is answered with anything but 204', async () => {
    server = await answering(200, {});
    await expect(providerAt('posthog', server, false).delete('i1')).rejects.toMatchObject({ ...uncertain, message: expect.stringMatching(/answered 200 instead of 204 No Content/) });
    await server.close();
    server = await answering(204);
    expect((await providerAt('posthog', server, false).delete('i1')).value).toBe('deleted');
  });
});

describe('anthropic: write answers', () => {
  it.each([
    ['another email', ahInvite('invite_1', 'mallory@evil.com', 'developer'), /no pending developer invite for carol@acme.com/],
    ['another role', ahInvite('invite_1', 'carol@acme.com', 'user'), /no pending developer invite for carol@acme.com/],
    ['an accepted invite', ahInvite('invite_1', 'carol@acme.com', 'developer', 'accepted'), /no pending developer invite for carol@acme.com/],
  ])('is uncertain when a create is answered with %s', async (_name, body, message) => {
    server = await answering(200, body);
    const error = await providerAt('anthropic', server, false).create([{ email: 'Carol@acme.com', access: 'developer' }]).catch((e: unknown) => e);
    expect(error).toMatchObject(uncertain);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts a create answered with the email (any case) and role sent', async () => {
    server = await answering(200, ahInvite('invite_1', 'carol@acme.com', 'developer'));
    const { value } = await providerAt('anthropic', server, false).create([{ email: 'Carol@acme.com', access: 'developer' }]);
    expect(value).toMatchObject([{ id: 'invite_1', email: 'carol@acme.com', access: 'developer', status: 'pending' }]);
  });

  it.each([
    ['an empty answer', undefined],
    ['an empty object', {}],
    ['another invite', { id: 'invite_2', type: 'invite_deleted' }],
    ['another type', { id: 'invite_1', type: 'user_deleted' }],
  ])('is uncertain when a delete is answered with %s', async (_name, body) => {
    server = await answering(200, body);
    await expect(providerAt('anthropic', server, false).delete('invite_1')).rejects.toMatchObject({ ...uncertain, message: expect.stringMatching(/the answer is not \{"id": <this invite>, "type": "invite_deleted"\}/) });
  });

  it('accepts a delete answered with this invite\'s id', async () => {
    server = await answering(200, { id: 'invite_1', type: 'invite_deleted' });
    expect((await providerAt('anthropic', server, false).delete('invite_1')).value).toBe('deleted');
  });
});
