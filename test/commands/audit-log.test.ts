// A failed audit write is an error: apply starts no new change and exits 3 (#11.13).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

const EXAMPLE = join(import.meta.dirname, '../../invites.example.yaml');

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox.close();
});

const writes = () => sandbox.servers.flatMap((server) => server.log).filter((entry) => entry.method !== 'GET');

describe('apply --audit-log', () => {
  it('on a full disk (/dev/full) stops starting changes, says so, and exits 3', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const run = await runAgainst(sandbox, ['apply', '-c', EXAMPLE, '--yes', '--concurrency', '1', '--audit-log', '/dev/full']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: \/dev\/full: cannot write the audit log \(ENOSPC\); apply started no change after that \([1-9]\d* skipped\)/m);
    const summary = /^Apply: (\d+) applied, (\d+) confirmed, (\d+) failed, (\d+) skipped\.$/m.exec(run.stdout);
    expect(summary).not.toBeNull();
    const [applied, , , skipped] = summary!.slice(1).map(Number);
    // The demo plan has 12 changes; at --concurrency 1 at most one write per key (three keys) was in
    // flight when the first line failed, and nothing queued behind a gate may be sent after it.
    expect(skipped).toBeGreaterThan(0);
    expect(applied! + skipped!).toBe(12);
    expect(writes().length).toBeLessThanOrEqual(3);
  });

  it('writes every line as its change settles: a full run leaves one line per change', async () => {
    sandbox = await startSandbox({ seed: demoSeed() });
    const dir = await configDir(await readFile(EXAMPLE, 'utf8'));
    const run = await runAgainst(sandbox, ['apply', '--yes', '--audit-log', 'audit.jsonl'], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).outcome)).toEqual(Array(12).fill('applied'));
  });
});
