// The published package as a consumer gets it: npm pack, install the tarball offline into an empty dir on Node 24 and 20, run it.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { installInto, invitectl, pack, type Packed, runtimes, stageRepository, startSandbox } from './consumer.ts';

const RUNTIMES = runtimes();
const STAGED = stageRepository();
let packed: Packed;

beforeAll(() => {
  packed = pack(RUNTIMES[0]!, STAGED);
}, 120_000);

afterAll(() => {
  rmSync(STAGED, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the license, the README, the example config the README tells users to copy, the schema and the bundle', () => {
    for (const file of ['LICENSE', 'README.md', 'invites.example.yaml', 'schemas/invites.schema.json', 'dist/invitectl.js', 'package.json']) expect(packed.files).toContain(file);
    // Only what runs or what the README points at: no sources, tests or tooling.
    expect(packed.files.filter((file) => !/^(dist\/|schemas\/|LICENSE$|README\.md$|invites\.example\.yaml$|package\.json$)/.test(file))).toEqual([]);
  });

  it('holds a bundle that loads nothing but Node built-ins and its own chunks', () => {
    const dist = join(STAGED, 'dist');
    const sources = [join(dist, 'invitectl.js'), ...readdirSync(join(dist, 'chunks')).map((name) => join(dist, 'chunks', name))];
    // A specifier has no spaces: prose such as "a plan file from `invitectl plan --out`" is not an import.
    const specifiers = sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["'`]([^"'`\s]+)["'`]/g)].map((match) => match[1]!));
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('./') && !specifier.startsWith('../'))).toEqual([]);
  });
});

describe('the package', () => {
  it('names its repository once: npm derives homepage and bugs from it at publish, so a fork changes one line', () => {
    expect(packageJson.repository.url).toMatch(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
    expect(packageJson).not.toHaveProperty('homepage');
    expect(packageJson).not.toHaveProperty('bugs');
  });

  it('has no runtime dependencies and no script a consumer install would run or flag', () => {
    expect(packageJson).not.toHaveProperty('dependencies');
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(packageJson.scripts).not.toHaveProperty(script);
  });

  it('is installed on Node 24 and on an older Node (20 on this machine): both run in these tests', () => {
    expect(RUNTIMES.map((runtime) => runtime.major)).toContain(24);
    expect(RUNTIMES.some((runtime) => runtime.major < 22)).toBe(true);
  });
});

describe.each(RUNTIMES)('installed from the tarball with Node $major', (runtime) => {
  let dir: string;
  let installLog: string;

  beforeAll(() => {
    const install = installInto(runtime, packed.tarball);
    dir = install.dir;
    installLog = `${install.run.stdout}${install.run.stderr}`;
    if (install.run.status !== 0) throw new Error(`npm install failed: ${installLog}`);
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs offline with an empty cache (nothing to download), printing no warning about its scripts or engines', () => {
    expect(installLog).not.toMatch(/install-scripts|allowScripts|EBADENGINE|prepare|invitectl@/);
    expect(installLog).toMatch(/added 1 package/);
  });

  it('holds no package the bundle does not load', () => {
    expect(readdirSync(join(dir, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['invitectl']);
  });

  it('prints its version', () => {
    const run = invitectl(runtime, dir, ['--version']);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('validates the example config it ships', () => {
    const run = invitectl(runtime, dir, ['validate', '--config', 'node_modules/invitectl/invites.example.yaml']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/: valid — 3 orgs/);
  });

  it('plans the example config against its own sandbox', async () => {
    const sandbox = await startSandbox(runtime, dir);
    try {
      const run = invitectl(runtime, dir, ['plan', '--config', 'node_modules/invitectl/invites.example.yaml', '--detailed-exitcode'], sandbox.env);
      expect(run.stderr).toBe('');
      // --detailed-exitcode: 2 is "the plan has changes", which the demo state guarantees.
      expect(run.status).toBe(2);
      expect(run.stdout).toMatch(/^Fingerprint: sha256:[0-9a-f]{64}$/m);
      expect(run.stdout).toMatch(/^Plan: \d+ to invite, \d+ to re-invite, \d+ to revoke\.$/m);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});
