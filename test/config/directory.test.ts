// A config directory (-c DIR, issue #17): split files plan as their single-file flattening, and errors name their own file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDigest } from '../../src/commands/plan-file.ts';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/errors.ts';
import { fingerprintPlan } from '../../src/fingerprint.ts';
import type { CurrentState } from '../../src/model.ts';
import { planChanges } from '../../src/plan.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'invitectl-dir-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const TOP = 'version: 1\nsafety:\n  max_deletes: 7\n';
const GROUPS = 'groups:\n  data:\n    emails: [alice@acme.com, bob@acme.com]\n  ops:\n    emails: [bob@acme.com, carol@acme.com]\n  finance:\n    emails: [dave@acme.com]\n';
const ANALYTICS =
  'orgs:\n  analytics:\n    provider: posthog\n    host: https://us.posthog.com\n    organization_id: "@current"\n    members: manage\n    grants:\n      - group: data\n        level: admin\n      - group: ops\n        until: 2027-06-30\n    invites:\n      - email: owner@acme.com\n        level: owner\n';
const CLAUDE = 'orgs:\n  claude:\n    provider: anthropic\n    grants:\n      - group: finance\n        role: billing\n      - group: ops\n    invites:\n      - email: erin@acme.com\n';

const CURRENT: CurrentState = {
  orgs: {
    analytics: {
      invites: [{ id: 'i1', email: 'bob@acme.com', access: 'member', status: 'pending', createdAt: '2026-01-10T00:00:00Z', expiresAt: '2026-02-20T00:00:00Z' }],
      members: [
        { email: 'owner@acme.com', access: 'owner', id: 'u0' },
        { email: 'carol@acme.com', access: 'admin', id: 'u1' },
        { email: 'zed@acme.com', access: 'member', id: 'u2' },
      ],
    },
    claude: { invites: [{ id: 'a1', email: 'old@acme.com', access: 'user', status: 'pending', createdAt: '2026-01-10T00:00:00Z' }], members: [] },
  },
};

const orgsOf = (text: string) => text.slice('orgs:\n'.length);

describe('config directory', () => {
  it('4 files with 3 groups plan with the fingerprint of the same config in one file', async () => {
    const split = await dirWith({ '00-top.yaml': TOP, '10-groups.yml': GROUPS, '20-analytics.yaml': ANALYTICS, '30-claude.yaml': CLAUDE, 'README.md': 'not config' });
    const single = await dirWith({ 'invites.yaml': `${TOP}${GROUPS}orgs:\n${orgsOf(ANALYTICS)}${orgsOf(CLAUDE)}` });
    const now = new Date('2026-01-15T00:00:00Z');
    const fromDir = await loadConfig(split, '/');
    const fromFile = await loadConfig(join(single, 'invites.yaml'), '/');
    expect(fromDir.desired).toStrictEqual(fromFile.desired);
    const planned = planChanges(fromDir.desired, CURRENT, now);
    expect(planned.orgs.flatMap((org) => org.changes).length).toBeGreaterThan(3);
    expect(fingerprintPlan(planned)).toBe(fingerprintPlan(planChanges(fromFile.desired, CURRENT, now)));
    expect(fromDir.desired.orgs[0]!.safety.maxDeletes).toBe(7);
  });

  it('each error names its own file and position; one pass reports every file', async () => {
    const dir = await dirWith({ 'a.yaml': 'version: 1\ngroups:\n  data:\n    emails: [nope]\n', 'b.yaml': 'orgs:\n  x:\n    provider: posthog\n    hots: https://us.posthog.com\n' });
    const problems = await loadConfig(dir, '/').then(
      () => [],
      (error: unknown) => (error as ConfigError).problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
    );
    expect(problems).toContain(`${join(dir, 'a.yaml')}:4:14: not a valid email address`);
    expect(problems.some((line) => line.startsWith(`${join(dir, 'b.yaml')}:4:5: unknown key "hots"`))).toBe(true);
  });

  it('an org or group defined in two files is refused, naming both with line:col', async () => {
    const dir = await dirWith({ 'a.yaml': `${TOP}${GROUPS}`, 'b.yaml': `groups:\n  ops:\n    emails: [x@acme.com]\n${ANALYTICS}`, 'c.yaml': ANALYTICS });
    const problems = await loadConfig(dir, '/').then(
      () => [],
      (error: unknown) => (error as ConfigError).problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
    );
    expect(problems).toEqual([
      `${join(dir, 'b.yaml')}:2:3: group ops is also defined in ${join(dir, 'a.yaml')}:7:3; define it in one file`,
      `${join(dir, 'c.yaml')}:2:3: org analytics is also defined in ${join(dir, 'b.yaml')}:5:3; define it in one file`,
    ]);
  });

  it('a grant of a group from another file resolves; an unknown one points into the org\'s file', async () => {
    const dir = await dirWith({ 'a.yaml': GROUPS, 'b.yaml': CLAUDE.replace('group: finance', 'group: finanse') });
    const problems = await loadConfig(dir, '/').then(
      () => [],
      (error: unknown) => (error as ConfigError).problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
    );
    expect(problems).toEqual([`${join(dir, 'b.yaml')}:5:16: unknown group "finanse" (did you mean "finance"?)`]);
  });

  it('a plan binds to a directory by its file names and their sha256: an edit, a new or a removed file changes the digest', async () => {
    const dir = await dirWith({ 'a.yaml': GROUPS, 'b.yaml': CLAUDE, 'notes.txt': 'x' });
    const first = await configDigest(dir, '/');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    await writeFile(join(dir, 'notes.txt'), 'y');
    expect(await configDigest(dir, '/')).toBe(first);
    await writeFile(join(dir, 'b.yaml'), `${CLAUDE}      - email: new@acme.com\n`);
    const edited = await configDigest(dir, '/');
    expect(edited).not.toBe(first);
    await writeFile(join(dir, 'c.yml'), 'version: 1\n');
    expect(await configDigest(dir, '/')).not.toBe(edited);
  });
});
