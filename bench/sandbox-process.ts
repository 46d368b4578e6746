// One emulator in a process of its own, so the CLI being measured never shares an event loop
// with the server it talks to, nor one API with the other (real APIs are separate servers).
import { AnthropicEmulator, defaultAnthropicSeed } from '../src/emulators/anthropic/index.ts';
import { createClock } from '../src/emulators/clock.ts';
import { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, PostHogEmulator } from '../src/emulators/posthog/index.ts';
import { startServer, type EmulatorServer, type LoggedRequest } from '../src/emulators/server.ts';
import type { ApiSnapshot, ChildReply, ChildRequest } from './sandbox-protocol.ts';

type Running = { kind: 'posthog'; server: EmulatorServer<PostHogEmulator> } | { kind: 'anthropic'; server: EmulatorServer<AnthropicEmulator> };
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
    return { log: entries(log), pending: api.invitesOf(DEFAULT_ORGANIZATION_ID).filter((invite) => !invite.is_expired).map((invite) => invite.target_email), emailsSent: api.emailsSent() };
  }
  const { api, log } = state.server;
  return { log: entries(log), pending: api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.email), emailsSent: api.emailsSent() };
}

async function handle(message: ChildRequest): Promise<ChildReply> {
  if (message.type === 'start') {
    const { seed, faults, rateLimit } = message.options;
    const options = { ...(faults && { faults }), ...(rateLimit && { rateLimit }) };
    const clock = createClock();
    if (message.api === 'posthog') {
      const server = await startServer(new PostHogEmulator({ clock, seed: seed?.posthog ?? defaultPostHogSeed() }), options);
      running = { kind: 'posthog', server };
      const primary = server.api.primary();
      return { type: 'started', url: server.url, env: { POSTHOG_PERSONAL_API_KEY: primary.apiKey, POSTHOG_ORGANIZATION_ID: primary.organizationId } };
    }
    const server = await startServer(new AnthropicEmulator({ clock, seed: seed?.anthropic ?? defaultAnthropicSeed() }), options);
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
