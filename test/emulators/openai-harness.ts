// Starts the OpenAI emulator for a test: a fixed clock, a seed built from the default, direct HTTP helpers.
import { createClock } from '../../src/emulators/clock.ts';
import { OpenAIEmulator, defaultOpenAISeed, type OpenAISeed } from '../../src/emulators/openai/index.ts';
import { startServer, type EmulatorServer } from '../../src/emulators/server.ts';
import type { Clock } from '../../src/emulators/types.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The emulator's clock starts here, so timestamps are exact. */
export const START = new Date('2026-03-01T12:00:00Z');

/** A running emulator, its admin and project keys, and a fetch that sends the admin key. */
export interface OpenAIHarness {
  server: EmulatorServer<OpenAIEmulator>;
  clock: Clock;
  key: string;
  projectKey: string;
  call(method: string, path: string, options?: { body?: unknown; key?: string | null; rawBody?: string }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** The default seed with some sections replaced. */
export function seedWith(overrides: Partial<OpenAISeed>): OpenAISeed {
  return { ...defaultOpenAISeed(), ...overrides };
}

/** Starts the emulator on 127.0.0.1:0 with `seed` (default: the sandbox's default organization). */
export async function startOpenAI(seed: OpenAISeed = defaultOpenAISeed()): Promise<OpenAIHarness> {
  const clock = createClock(START);
  const server = await startServer(new OpenAIEmulator({ clock, seed }));
  const key = seed.api_keys.find((k) => (k.kind ?? 'admin') === 'admin')!.key;
  const projectKey = seed.api_keys.find((k) => k.kind === 'project')?.key ?? '';
  return {
    server,
    clock,
    key,
    projectKey,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      const sent = options.key === undefined ? key : options.key;
      if (sent !== null) headers.authorization = `Bearer ${sent}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.body);
      }
      const response = await fetch(server.url + path, { method, headers, ...(body !== undefined && { body }) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
    close: () => server.close(),
  };
}
