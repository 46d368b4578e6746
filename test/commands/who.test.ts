// invitectl who through main() against the sandbox's three APIs (the demo seed and the example config).
import { describe, expect, it } from 'vitest';
import { STACK_FRAME } from '../helpers/cli.ts';
import { demoSandboxPerTest, EXAMPLE_CONFIG, runAgainst } from '../helpers/sandbox-cli.ts';


const demo = demoSandboxPerTest();

const writes = demo.writes;

describe('invitectl who against the sandbox', () => {
  it('shows, per org, membership, invites and the listing, matching the address as plan does', async () => {
    const run = await runAgainst(demo.sandbox, ['who', '  Carol@ACME.com ', '-c', EXAMPLE_CONFIG]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [summary, blank, header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(summary).toBe('carol@acme.com: member of 0 orgs, 2 pending invites, listed in 2 of 3 orgs');
    expect(blank).toBe('');
    expect(header).toMatch(/^ORG +PROVIDER +STATE +MEMBER +INVITE +CONFIG$/);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^acme-analytics +posthog +— +— +— +not listed$/);
    expect(rows[1]).toMatch(/^acme-claude +anthropic +pending +— +pending user, expires \d{4}-\d\d-\d\dT[\d:.]+Z +listed developer$/);
    expect(rows[2]).toMatch(/^acme-openai +openai +pending +— +pending reader, expires \S+ +listed owner$/);
    // The columns line up: each row's CONFIG starts where the header's does.
    expect(new Set([header, ...rows].map((line) => line!.search(/(CONFIG|not listed|listed \w+)$/))).size).toBe(1);
    expect(writes()).toEqual([]);
  });

  it('shows members with their role, unlisted members, expired invites and ignored addresses', async () => {
    const grace = await runAgainst(demo.sandbox, ['who', 'grace@acme.com', '-c', EXAMPLE_CONFIG]);
    expect(grace.stdout).toMatch(/^acme-claude +anthropic +member +developer +— +listed developer$/m);
    expect(grace.stdout).toMatch(/^acme-openai +openai +member +reader +— +listed reader$/m);
    const olivia = await runAgainst(demo.sandbox, ['who', 'olivia@acme.com', '-c', EXAMPLE_CONFIG]);
    expect(olivia.stdout).toMatch(/^acme-analytics +posthog +not-wanted +owner +— +not listed$/m);
    const henry = await runAgainst(demo.sandbox, ['who', 'henry@acme.com', '-c', EXAMPLE_CONFIG]);
    expect(henry.stdout).toMatch(/^acme-claude +anthropic +expired +— +expired user \(\S+\) +listed user$/m);
    const zed = await runAgainst(demo.sandbox, ['who', 'zed@contractors.acme.com', '-c', EXAMPLE_CONFIG]);
    expect(zed.stdout).toMatch(/^acme-analytics +posthog +not-wanted +— +pending member +not listed \(ignored\)$/m);
  });

  it('finds an Anthropic member under a +tag, as Anthropic folds addresses', async () => {
    const run = await runAgainst(demo.sandbox, ['who', 'grace+claude@acme.com', '-c', EXAMPLE_CONFIG, '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.orgs.map((org: { org: string; state: string | null }) => [org.org, org.state])).toEqual([
      ['acme-analytics', null],
      ['acme-claude', 'member'],
      ['acme-openai', null],
    ]);
  });

  it('--format json: who_version 1, one entry per org with every key', async () => {
    const run = await runAgainst(demo.sandbox, ['who', 'bob@acme.com', '-c', EXAMPLE_CONFIG, '--format', 'json', '--org', 'acme-analytics']);
    expect(JSON.parse(run.stdout)).toEqual({
      who_version: 1,
      email: 'bob@acme.com',
      read_at: expect.stringMatching(/Z$/),
      redacted_emails: false,
      orgs: [{ email: 'bob@acme.com', org: 'acme-analytics', provider: 'posthog', access_field: 'level', state: 'wanted', member: null, pending: null, expired: null, listed: { access: 'member', until: '2027-12-31', ended: false }, ignored: false }],
    });
  });

  it('--redact-emails hides the address in the text and the JSON', async () => {
    for (const format of ['text', 'json']) {
      const run = await runAgainst(demo.sandbox, ['who', 'grace@acme.com', '-c', EXAMPLE_CONFIG, '--format', format, '--redact-emails']);
      expect(run.stdout).toContain('g***@acme.com#');
      expect(run.stdout).not.toContain('grace');
    }
  });

  it.each([
    [[], 'invitectl who: give exactly one EMAIL (see invitectl who --help)'],
    [['a@acme.com', 'b@acme.com'], 'invitectl who: give exactly one EMAIL, not 2 (see invitectl who --help)'],
    [['not-an-email'], 'invitectl who: "not-an-email" is not an email address'],
    [['a@acme.com', '--format', 'csv'], 'invitectl who: --format must be one of text, json, not "csv"'],
  ])('refuses %j in one line, before reading', async (args, message) => {
    const run = await runAgainst(demo.sandbox, ['who', ...args, '-c', EXAMPLE_CONFIG]);
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', `${message}\n`]);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(demo.sandbox.servers.flatMap((server) => server.log)).toEqual([]);
  });
});
