// apply PLAN.json trusts nothing in the file: its config binding, its fingerprint and its version are checked (#11.3).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst, sandboxConfig } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

const writes = () => [...sandbox.posthog.log, ...sandbox.anthropic.log].filter((entry) => entry.method !== 'GET');
const invited = () => sandbox.posthog.api.invitesOf(DEFAULT_ORGANIZATION_ID).map((invite) => invite.target_email);
const GOOD = sandboxConfig('\n      - email: alice@acme.com', '\n      - email: eve@acme.com\n        role: developer');
const EVIL = sandboxConfig('\n      - email: attacker@evil.com\n        level: owner', '\n      - email: eve@acme.com\n        role: developer');

async function planFileIn(dir: string, argv: string[] = []): Promise<Record<string, any>> {
  const run = await runAgainst(sandbox, ['plan', '--out', 'plan.json', ...argv], { cwd: dir });
  expect(run.code).toBe(0);
  return JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
}

describe('apply PLAN.json', () => {
  it('plans from its own -c, never from a config the plan file names: a file pointing at another config is refused', async () => {
    const dir = await configDir(GOOD);
    await writeFile(join(dir, 'evil.yaml'), EVIL);
    // A whole, self-consistent plan file made from another config, dropped next to the real one.
    await planFileIn(dir, ['-c', 'evil.yaml']);
    const run = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'refusing to apply plan.json: it was made from the config "evil.yaml" (relative to the plan file), but this apply uses "invites.yaml"; pass that config with -c, or plan again. Nothing was written.\n',
    );
    expect(writes()).toEqual([]);
    expect(invited()).not.toContain('attacker@evil.com');
  });

  it('refuses a plan file whose changes were edited after plan wrote it, naming the fingerprint', async () => {
    const dir = await configDir(GOOD);
    const file = await planFileIn(dir);
    // What the reviewer reads is not what apply would do.
    file.orgs[0].changes[0].email = 'someone-else@acme.com';
    await writeFile(join(dir, 'plan.json'), JSON.stringify(file));
    const run = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^plan\.json: its changes do not hash to its fingerprint \(the file says sha256:[0-9a-f]{64}, its changes give sha256:[0-9a-f]{64}\)/);
    expect(writes()).toEqual([]);
  });

  it('refuses when the config changed since the plan (same path, other bytes), naming the config hash', async () => {
    const dir = await configDir(GOOD);
    await planFileIn(dir);
    await writeFile(join(dir, 'invites.yaml'), `# edited after review\n${GOOD}`);
    const run = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^refusing to apply plan\.json: the config invites\.yaml has changed since the plan was made \(config sha256 [0-9a-f]{12}… in the plan file, [0-9a-f]{12}… now\)/);
    expect(writes()).toEqual([]);
  });

  it('refuses a plan file written with --redact-emails, saying why and what to do instead', async () => {
    const dir = await configDir(GOOD);
    const file = await planFileIn(dir, ['--redact-emails']);
    expect(file['apply'].redacted_emails).toBe(true);
    const run = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`plan.json: written with --redact-emails, so its changes cannot be checked against the plan; apply refuses it. Write the plan file without --redact-emails, or apply with --expect-fingerprint ${file['fingerprint']}\n`);
    expect(writes()).toEqual([]);
  });

  it('refuses a plan file of an older version clearly', async () => {
    const dir = await configDir(GOOD);
    const file = await planFileIn(dir);
    file['apply'] = { plan_file_version: 1, config: 'invites.yaml', orgs: ['analytics', 'claude'], planned_at: file['apply'].planned_at };
    await writeFile(join(dir, 'plan.json'), JSON.stringify(file));
    const run = await runAgainst(sandbox, ['apply', 'plan.json'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stderr: 'plan.json: plan file version 1 is not supported (this invitectl reads version 2); write a new one with invitectl plan --out\n' });
    expect(writes()).toEqual([]);
  });

  it('binds the config by its path from the plan file, so a plan file in another directory applies with the same -c', async () => {
    const dir = await configDir(GOOD);
    await mkdir(join(dir, 'plans'));
    const run = await runAgainst(sandbox, ['plan', '--out', 'plans/p.json'], { cwd: dir });
    expect(run.code).toBe(0);
    const file = JSON.parse(await readFile(join(dir, 'plans/p.json'), 'utf8'));
    expect(file.apply).toMatchObject({ plan_file_version: 2, config: '../invites.yaml', config_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), redacted_emails: false });
    const applied = await runAgainst(sandbox, ['apply', 'plans/p.json'], { cwd: join(dir) });
    expect(applied.code).toBe(0);
    expect(invited()).toContain('alice@acme.com');
  });

  it('never echoes a file that is not a plan file', async () => {
    const dir = await configDir(GOOD);
    await writeFile(join(dir, 'plan.json'), 'root:x:0:0:root:/root:/bin/bash\nAPI_KEY=hunter2hunter2\n');
    for (const file of ['plan.json', '/etc/passwd']) {
      const run = await runAgainst(sandbox, ['apply', file], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`${file}: not a plan file (not JSON); write one with invitectl plan --out ${file}\n`);
    }
    expect(writes()).toEqual([]);
  });
});
