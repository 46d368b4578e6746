// Starts the emulators for the bench, each API in a child process of its own, and talks to them over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kill, track } from './children.ts';
import type { ApiSnapshot, ChildReply, ChildRequest, RemoteSandboxOptions } from './sandbox-protocol.ts';

/** The three emulators, each in a child process of its own (bench/sandbox-process.ts). */
export interface RemoteSandbox {
  /** The same variables as `Sandbox.env`: URLs, keys and the PostHog organization id. */
  env: Record<string, string>;
  snapshot(): Promise<RemoteSnapshot>;
  resetLog(): Promise<void>;
  close(): Promise<void>;
}

/** Each API's request log and state, as one snapshot. */
export interface RemoteSnapshot {
  posthog: ApiSnapshot;
  anthropic: ApiSnapshot;
  openai: ApiSnapshot;
}

const CHILD = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

/** Starts the PostHog, Anthropic and OpenAI emulators on 127.0.0.1, one process each. */
export async function startRemoteSandbox(options: RemoteSandboxOptions): Promise<RemoteSandbox> {
  const start = () => track(fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const children = { posthog: start(), anthropic: start(), openai: start() };
  const all = Object.values(children);
  try {
    const [posthog, anthropic, openai] = await Promise.all([
      request(children.posthog, { type: 'start', api: 'posthog', options }),
      request(children.anthropic, { type: 'start', api: 'anthropic', options }),
      request(children.openai, { type: 'start', api: 'openai', options }),
    ]);
    if (posthog.type !== 'started' || anthropic.type !== 'started' || openai.type !== 'started') throw new Error('an emulator did not start');
    return {
      env: { INVITECTL_POSTHOG_URL: posthog.url, INVITECTL_ANTHROPIC_URL: anthropic.url, INVITECTL_OPENAI_URL: openai.url, ...posthog.env, ...anthropic.env, ...openai.env },
      snapshot: async () => {
        const [p, a, o] = await Promise.all([children.posthog, children.anthropic, children.openai].map((child) => request(child, { type: 'snapshot' })));
        if (p?.type !== 'snapshot' || a?.type !== 'snapshot' || o?.type !== 'snapshot') throw new Error('unexpected reply to snapshot');
        return { posthog: p, anthropic: a, openai: o };
      },
      resetLog: async () => void (await Promise.all(all.map((child) => request(child, { type: 'reset' })))),
      close: () => closeAll(all),
    };
  } catch (error) {
    for (const child of all) kill(child);
    throw error;
  }
}

/** Asks each emulator to close, and kills any that has not exited within 10 s. */
async function closeAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => kill(child), 10_000);
      try {
        await Promise.race([request(child, { type: 'close' }).then(() => exited), exited]);
      } catch {
        kill(child);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

function request(child: ChildProcess, message: ChildRequest): Promise<ChildReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`an emulator process exited (${code}) before answering ${message.type}`));
    child.once('exit', onExit);
    child.once('message', (reply: ChildReply) => {
      child.off('exit', onExit);
      if (reply.type === 'error') reject(new Error(`emulator process: ${reply.message}`));
      else resolve(reply);
    });
    child.send(message);
  });
}
