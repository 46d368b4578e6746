// One emulator in a process of its own, so the CLI being measured never shares an event loop
// with the server it talks to, nor one API with the other (real APIs are separate servers).
import { AnthropicEmulator, defaultAnthropicSeed } from '../src/emulators/anthropic/index.ts';
import { createClock } from '../src/emulators/clock.ts';
import { defaultOpenAISeed, OpenAIEmulator } from '../src/emulators/openai/index.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, PostHogEmulator } from '../src/emulators/posthog/index.ts';
import { startServer, type EmulatorServer, type LoggedRequest } from '../src/emulators/server.ts';
import type { ApiEmulator, EmulatorRequest, EmulatorResponse } from '../src/emulators/types.ts';
import type { ApiSnapshot, ChildReply, ChildRequest } from './sandbox-protocol.ts';

type Running =
  | { kind: 'posthog'; server: EmulatorServer<PostHogEmulator> }
  | { kind: 'anthropic'; server: EmulatorServer<AnthropicEmulator> }
  | { kind: 'openai'; server: EmulatorServer<OpenAIEmulator> };
let running: Running | undefined;

function entries(log: readonly LoggedRequest[]): ApiSnapshot['log'] {
  const ids = new Map<string, number>();
  return log.map((entry) => {
    const key = entry.credential ?? '(none)';
    if (!ids.has(key)) ids.set(key, ids.size);
    return {
      method: entry.method,
      path: entry.path,
      credential: ids.get(key)!,
      startedAt: entry.startedAt,
      finishedAt: entry.finishedAt,
      ...(entry.status === undefined ? {} : { status: entry.status }),
      ...(entry.fault === undefined ? {} : { fault: entry.fault }),
    };
  });
}

function snapshot(state: Running): ApiSnapshot {
  if (state.kind === 'posthog') {
    const { api, log } = state.server;
    return { log: entries(log), pending: api.invitesOf(DEFAULT_ORGANIZATION_ID).filter((invite) => !invite.is_expired).map((invite) => invite.target_email ?? ''), emailsSent: api.emailsSent() };
  }
  if (state.kind === 'openai') {
    const { api, log } = state.server;
    return { log: entries(log), pending: api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email), emailsSent: api.emailsSent() };
  }
  const { api, log } = state.server;
  return { log: entries(log), pending: api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email), emailsSent: api.emailsSent() };
}

/**
 * The same API, but a GET answered 200 is kept, serialized, and served again for the same URL and
 * key until any other method arrives. The emulators sort a whole list for every page (fine for
 * tests, not for 100k items), which a real API's index does not, and a real API serializes its
 * answers on its own machines, not on the CLI's two cores: this keeps both out of the CLI's time.
 */
function withReadCache<A extends ApiEmulator>(api: A): A {
  const cache = new Map<string, EmulatorResponse>();
  const handle = (request: EmulatorRequest): EmulatorResponse => {
    if (request.method !== 'GET') {
      cache.clear();
      return api.handle(request);
    }
    const key = `${api.credentialOf(request) ?? ''} ${request.url.pathname}${request.url.search}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const response = api.handle(request);
    if (response.status === 200) cache.set(key, response.body === undefined ? response : { ...response, text: JSON.stringify(response.body) });
    return response;
  };
  // Methods stay bound to the emulator itself: its private fields do not exist on a proxy.
  const get = (target: A, property: string | symbol): unknown => {
    if (property === 'handle') return handle;
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy(api, { get });
}

async function handle(message: ChildRequest): Promise<ChildReply> {
  if (message.type === 'start') {
    const { seed, faults, rateLimit, cacheReads } = message.options;
    const serve = <A extends ApiEmulator>(api: A): A => (cacheReads ? withReadCache(api) : api);
    const options = { ...(faults && { faults }), ...(rateLimit && { rateLimit }) };
    const clock = createClock();
    if (message.api === 'posthog') {
      const server = await startServer(serve(new PostHogEmulator({ clock, seed: seed?.posthog ?? defaultPostHogSeed() })), options);
      running = { kind: 'posthog', server };
      const primary = server.api.primary();
      return { type: 'started', url: server.url, env: { POSTHOG_PERSONAL_API_KEY: primary.apiKey, POSTHOG_ORGANIZATION_ID: primary.organizationId } };
    }
    if (message.api === 'openai') {
      const server = await startServer(serve(new OpenAIEmulator({ clock, seed: seed?.openai ?? defaultOpenAISeed() })), options);
      running = { kind: 'openai', server };
      return { type: 'started', url: server.url, env: { OPENAI_ADMIN_KEY: server.api.primary().apiKey } };
    }
    const server = await startServer(serve(new AnthropicEmulator({ clock, seed: seed?.anthropic ?? defaultAnthropicSeed() })), options);
    running = { kind: 'anthropic', server };
    return { type: 'started', url: server.url, env: { ANTHROPIC_ADMIN_API_KEY: server.api.primary().apiKey } };
  }
  if (!running) throw new Error('the emulator is not started');
  if (message.type === 'snapshot') return { type: 'snapshot', ...snapshot(running) };
  if (message.type === 'reset') {
    running.server.resetLog();
    return { type: 'done' };
  }
  await running.server.close();
  running = undefined;
  return { type: 'done' };
}

process.on('message', (message: ChildRequest) => {
  handle(message).then(
    // After `close` the IPC channel goes too, so nothing keeps the process alive.
    (reply) => process.send?.(reply, () => message.type === 'close' && process.disconnect()),
    (error: unknown) => process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ChildReply),
  );
});

// The bench went away (even by SIGKILL): an emulator must not outlive it.
process.on('disconnect', () => process.exit(0));
