// invitectl fmt through main(): canonical order, every comment kept, idempotent, --check, directories, syntax errors refused.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commentsOf } from '../../src/config/comments.ts';
import { runCli, STACK_FRAME } from '../helpers/cli.ts';

const UNORDERED = `# header: who may join our orgs
orgs:   # every org
  acme:
    invites:
      - level: admin            # an admin
        first_name: Ann
        email: ann@acme.com     # Ann
      - email: bob@acme.com
    prune: false
    # the key's variable
    api_key_env: PH_KEY
    custom_thing: 1
    provider: posthog
    members: report
    host: https://us.posthog.com
    organization_id: "@current"
  claude:
    api_key_env: A_KEY
    edition: console
    base_url: https://api.anthropic.com
    provider: anthropic
groups:
  team:
    emails: [ann@acme.com]
safety:
    max_delete_ratio: 0.5     # half
    max_deletes: 3
version: 1
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitectl-fmt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fmt = (...args: string[]) => runCli(['fmt', ...args], { cwd: dir });
const keysAt = (value: unknown): string[] => Object.keys(value as object);

describe('invitectl fmt', () => {
  it('reorders keys canonically: top level, org (provider, connection, common, invites), invite (email, access, rest); unknown keys last', async () => {
    await writeFile(join(dir, 'invites.yaml'), UNORDERED);
    const run = await fmt();
    expect(run.stdout).toBe('formatted invites.yaml\n');
    expect(run.code).toBe(0);
    const data = parse(await readFile(join(dir, 'invites.yaml'), 'utf8'));
    expect(keysAt(data)).toEqual(['version', 'safety', 'groups', 'orgs']);
    expect(keysAt(data.orgs)).toEqual(['acme', 'claude']);
    expect(keysAt(data.orgs.acme)).toEqual(['provider', 'host', 'organization_id', 'api_key_env', 'members', 'prune', 'invites', 'custom_thing']);
    expect(keysAt(data.orgs.claude)).toEqual(['provider', 'base_url', 'edition', 'api_key_env']);
    expect(keysAt(data.orgs.acme.invites[0])).toEqual(['email', 'level', 'first_name']);
    expect(keysAt(data.safety)).toEqual(['max_deletes', 'max_delete_ratio']);
    expect(data).toEqual(parse(UNORDERED));
  });

  it('keeps every comment, trailing ones on their own line, and the header on top', async () => {
    await writeFile(join(dir, 'invites.yaml'), UNORDERED);
    await fmt();
    const text = await readFile(join(dir, 'invites.yaml'), 'utf8');
    expect(commentsOf(text).sort()).toEqual(commentsOf(UNORDERED).sort());
    expect(commentsOf(UNORDERED)).toHaveLength(6);
    expect(text.startsWith('# header: who may join our orgs\nversion: 1\n')).toBe(true);
    expect(text).toContain('\norgs:   # every org\n');
    expect(text).toContain('\n      - email: ann@acme.com     # Ann\n        level: admin            # an admin\n');
    expect(text).toContain('    # the key\'s variable\n    api_key_env: PH_KEY\n');
  });

  it('is idempotent: a second run changes nothing and --check passes', async () => {
    await writeFile(join(dir, 'invites.yaml'), UNORDERED);
    await fmt();
    const once = await readFile(join(dir, 'invites.yaml'), 'utf8');
    expect((await fmt()).stdout).toBe('');
    expect(await readFile(join(dir, 'invites.yaml'), 'utf8')).toBe(once);
    expect((await fmt('--check')).code).toBe(0);
  });

  it('--check fails on a non-canonical file, names it (and annotates it in GitHub Actions), and writes nothing', async () => {
    await writeFile(join(dir, 'invites.yaml'), UNORDERED);
    const run = await runCli(['fmt', '--check'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invites.yaml: not formatted (run invitectl fmt)\n');
    expect(run.stderr).toContain('::error file=invites.yaml,line=1,col=1,title=invitectl::not formatted (run invitectl fmt)');
    expect(await readFile(join(dir, 'invites.yaml'), 'utf8')).toBe(UNORDERED);
  });

  it('--check passes on the shipped example, and formatting leaves its data unchanged', async () => {
    const example = resolve('invites.example.yaml');
    const run = await runCli(['fmt', '--check', '-c', example]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await writeFile(join(dir, 'invites.yaml'), await readFile(example, 'utf8'));
    expect((await fmt()).stdout).toBe('');
    expect(parse(await readFile(join(dir, 'invites.yaml'), 'utf8'))).toEqual(parse(await readFile(example, 'utf8')));
  });

  it('formats every *.yaml and *.yml of a directory, only those that change', async () => {
    await writeFile(join(dir, 'a.yaml'), 'orgs:\n  x:\n    host: https://us.posthog.com\n    provider: posthog\n');
    await writeFile(join(dir, 'b.yml'), 'groups:\n  team:\n    emails: [a@b.co]\n');
    await writeFile(join(dir, 'notes.txt'), 'z: 1\ny: 2\n');
    const run = await runCli(['fmt', '-c', '.'], { cwd: dir });
    expect(run.stdout).toBe('formatted a.yaml\n');
    expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe('orgs:\n  x:\n    provider: posthog\n    host: https://us.posthog.com\n');
    expect((await runCli(['fmt', '--check', '-c', '.'], { cwd: dir })).code).toBe(0);
  });

  it('refuses a YAML syntax error with one positioned line and touches no file', async () => {
    const broken = 'version: 1\norgs:\n  acme: [unclosed\n';
    await writeFile(join(dir, 'a.yaml'), 'orgs: {}\nversion: 1\n');
    await writeFile(join(dir, 'b.yaml'), broken);
    const run = await runCli(['fmt', '-c', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^b\.yaml:\d+:\d+: .+\n$/);
    // The same line validate gives for the file.
    expect(run.stderr).toBe((await runCli(['validate', '-c', 'b.yaml'], { cwd: dir })).stderr);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(await readFile(join(dir, 'b.yaml'), 'utf8')).toBe(broken);
    expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe('orgs: {}\nversion: 1\n');
  });

  it('refuses to write when reordering would change the data (an alias before its anchor)', async () => {
    const text = 'orgs:\n  a:\n    ignore: *globs\n    safety: {}\n    prune: &globs false\n';
    await writeFile(join(dir, 'invites.yaml'), text.replace('*globs', '&globs ["*@x.co"]').replace('&globs false', '*globs'));
    const before = await readFile(join(dir, 'invites.yaml'), 'utf8');
    const run = await fmt();
    expect(run.stderr).toContain('formatting would change the data');
    expect(run.code).toBe(1);
    expect(await readFile(join(dir, 'invites.yaml'), 'utf8')).toBe(before);
  });
});
