// OpenAI end to end through main() against the sandbox: create, revoke, re-invites (role, expired), then nothing to do; faults converge.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultOpenAISeed } from '../../src/emulators/openai/index.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const DAY_MS = 86_400_000;

/** One OpenAI org at the sandbox, with these invite lines. */
const config = (invites: string) => `version: 1
orgs:
  gpt:
    provider: openai
    base_url: \${INVITECTL_OPENAI_URL}
    invites:${invites}
`;

const seeded = (invites: Array<{ email: string; role: 'reader' | 'owner'; age_days: number }>, faults?: SandboxOptions['faults']) =>
  startSandbox({ seed: { openai: { ...defaultOpenAISeed(), invites } }, ...(faults ? { faults } : {}) });

const pending = () =>
  sandbox!.openai.api
    .invites()
    .filter((invite) => invite.status === 'pending')
    .map((invite) => `${invite.email} ${invite.role}`)
    .sort();

describe('openai end to end through main()', () => {
  it('creates, revokes, re-invites for a role and for expiry, then plan --detailed-exitcode exits 0', { timeout: 30_000 }, async () => {
    sandbox = await seeded([
      { email: 'kim@acme.com', role: 'reader', age_days: 1 },
      { email: 'old@acme.com', role: 'reader', age_days: 1 },
      { email: 'lee@acme.com', role: 'reader', age_days: 9 },
    ]);
    const dir = await configDir(config(`
      - email: kim@acme.com
        role: owner
      - email: lee@acme.com
      - email: new@acme.com
      - email: grace@acme.com`));
    const apply = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(apply.stderr.split('\n').filter(Boolean).sort()).toEqual(['✓ gpt: invite new@acme.com', '✓ gpt: re-invite kim@acme.com', '✓ gpt: re-invite lee@acme.com', '✓ gpt: revoke old@acme.com']);
    expect(apply.code).toBe(0);
    expect(pending()).toEqual(['kim@acme.com owner', 'lee@acme.com reader', 'new@acme.com reader']);
    // The member (grace) and the service account are left alone; each invitee got one email.
    expect(['kim@acme.com', 'lee@acme.com', 'new@acme.com'].map((email) => sandbox!.openai.api.emailsSent(email))).toEqual([1, 1, 1]);
    expect(sandbox.openai.api.emailsSent('grace@acme.com')).toBe(0);
    expect(sandbox.openai.log.filter((entry) => entry.method === 'DELETE').length).toBeGreaterThanOrEqual(2);
    expect((await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);

    // A week later every pending invite has expired: each is re-sent once, and the plan is empty again.
    sandbox.clock.advance(8 * DAY_MS);
    const replan = await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(replan.code).toBe(2);
    expect(replan.stdout).toMatch(/expired/);
    expect((await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir })).code).toBe(0);
    expect(pending()).toEqual(['kim@acme.com owner', 'lee@acme.com reader', 'new@acme.com reader']);
    expect(['kim@acme.com', 'lee@acme.com', 'new@acme.com'].map((email) => sandbox!.openai.api.emailsSent(email))).toEqual([2, 2, 2]);
    expect((await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });

  it('sends project grants, re-invites when only they change, and a saved plan with string project ids applies', { timeout: 30_000 }, async () => {
    sandbox = await seeded([]);
    const grants = (role: string) => `
      - email: kim@acme.com
        projects:
          - { id: proj_a, role: ${role} }`;
    const dir = await configDir(config(grants('member')));
    expect((await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir })).code).toBe(0);
    const projectsOf = () => sandbox!.openai.api.invites().filter((invite) => invite.status === 'pending').map((invite) => invite.projects);
    expect(projectsOf()).toEqual([[{ id: 'proj_a', role: 'member' }]]);
    await writeFile(join(dir, 'invites.yaml'), config(grants('owner')));
    const plan = await runAgainst(sandbox, ['plan', '--out', 'plan.json'], { cwd: dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/reader, projects: proj_a:member → proj_a:owner/);
    const apply = await runAgainst(sandbox, ['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(apply.stderr).toBe('✓ gpt: re-invite kim@acme.com\n');
    expect(projectsOf()).toEqual([[{ id: 'proj_a', role: 'owner' }]]);
    expect((await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });

  it('converges under 20 % injected faults with one email per invitee', { timeout: 60_000 }, async () => {
    const RATES = { '429': 0.03, '500': 0.04, '503': 0.03, '529': 0.02, reset: 0.04, lost: 0.04 };
    sandbox = await seeded(
      Array.from({ length: 4 }, (_, i) => ({ email: `old${i}@acme.com`, role: 'reader' as const, age_days: 1 })),
      { seed: 42, rates: RATES, readLagMs: 20 },
    );
    const emails = Array.from({ length: 40 }, (_, i) => `new${i}@acme.com`);
    const dir = await configDir(config(emails.map((email, i) => `\n      - email: ${email}${i % 4 === 0 ? '\n        role: owner' : ''}`).join('')));
    // One apply converges: every change applied or confirmed, nothing reported failed.
    const run = await runAgainst(sandbox, ['apply', '--yes', '--concurrency', '4'], { cwd: dir });
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('✓'))).toEqual([]);
    expect(run.code).toBe(0);
    // The faults really hit writes, and some create answers were lost after the invite was made.
    expect(sandbox.openai.log.filter((entry) => entry.fault === 'lost' && entry.method === 'POST').length).toBeGreaterThan(0);
    sandbox.openai.setFaults();
    expect(pending()).toEqual(emails.map((email, i) => `${email} ${i % 4 === 0 ? 'owner' : 'reader'}`).sort());
    expect(emails.filter((email) => sandbox!.openai.api.emailsSent(email) !== 1)).toEqual([]);
    expect((await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });
});
