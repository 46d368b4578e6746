// invitectl report through main() against the sandbox's three APIs (the demo seed and the example config).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME } from '../helpers/cli.ts';
import { configDir, demoSandboxPerTest, EXAMPLE_CONFIG, runAgainst } from '../helpers/sandbox-cli.ts';
import { parseCsv } from '../report/csv-parse.ts';
import { DEMO_STATES } from '../report/demo-states.ts';


const demo = demoSandboxPerTest();

const writes = demo.writes;
const reads = (path: RegExp) => demo.sandbox.servers.flatMap((server) => server.log).filter((entry) => entry.method === 'GET' && path.test(entry.path)).length;

describe('invitectl report against the sandbox', () => {
  it('--format csv opens as a spreadsheet: RFC 4180, a header row, one record per person × org', async () => {
    const run = await runAgainst(demo.sandbox, ['report', '-c', EXAMPLE_CONFIG, '--format', 'csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, ...records] = parseCsv(run.stdout);
    expect(header).toEqual(['email', 'org', 'provider', 'state', 'access', 'member', 'pending', 'pending_expires_at', 'expired', 'listed', 'until', 'listing_ended', 'ignored']);
    expect(records.map((record) => [record[0], record[1], record[3], record[4]])).toEqual(DEMO_STATES);
    const bob = records.find((record) => record[0] === 'bob@acme.com')!;
    expect(bob.slice(9, 12)).toEqual(['member', '2027-12-31', 'false']);
    expect(records.find((record) => record[0] === 'zed@contractors.acme.com')![12]).toBe('true');
    expect(writes()).toEqual([]);
  });

  it('reads each org once, every page of invites and members', async () => {
    await runAgainst(demo.sandbox, ['report', '-c', EXAMPLE_CONFIG, '--format', 'json']);
    // One members read per org: PostHog's /members/, Anthropic's /users, OpenAI's /users.
    expect(reads(/\/members\/|\/organizations?\/users/)).toBe(3);
  });

  it('--format json: report_version 1, rows and totals', async () => {
    const run = await runAgainst(demo.sandbox, ['report', '-c', EXAMPLE_CONFIG, '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ report_version: 1, redacted_emails: false, orgs: [{ name: 'acme-analytics', provider: 'posthog', access_field: 'level' }, { name: 'acme-claude', provider: 'anthropic', access_field: 'role' }, { name: 'acme-openai', provider: 'openai', access_field: 'role' }] });
    expect(json.totals).toMatchObject({ people: 17, orgs: 3, rows: 24, states: { member: 3, pending: 4, expired: 3, wanted: 3, 'not-wanted': 11 } });
    expect(json.rows.map((row: { email: string; org: string; state: string }) => [row.email, row.org, row.state])).toEqual(DEMO_STATES.map(([email, org, state]) => [email, org, state]));
  });

  it('--format markdown: totals and the person × org table', async () => {
    const run = await runAgainst(demo.sandbox, ['report', '-c', EXAMPLE_CONFIG, '--format', 'markdown']);
    expect(run.stdout).toMatch(/^\| not-wanted \(member or pending invite, not listed\) \| 4 \| 4 \| 3 \| 11 \|$/m);
    expect(run.stdout).toMatch(/^\| grace\\@acme\.com \| — \| member: developer \| member: reader \|$/m);
  });

  it('--output writes the file, picking the format from its extension; --redact-emails hides every address', async () => {
    const dir = await configDir(await readFile(EXAMPLE_CONFIG, 'utf8'));
    const run = await runAgainst(demo.sandbox, ['report', '--output', 'review.html', '--redact-emails'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^wrote the access review \(html, 24 person × org entries\) to "review.html"\n$/);
    const page = await readFile(join(dir, 'review.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('g***@acme.com#');
    expect(page).not.toMatch(/[a-z]+@acme\.com/);
  });

  it('refuses an unknown format and an unknown org in one line, before reading', async () => {
    const format = await runAgainst(demo.sandbox, ['report', '-c', EXAMPLE_CONFIG, '--format', 'xlsx']);
    expect([format.code, format.stdout, format.stderr]).toEqual([1, '', 'invitectl report: --format must be one of csv, json, markdown, html, not "xlsx"\n']);
    const org = await runAgainst(demo.sandbox, ['report', '-c', EXAMPLE_CONFIG, '--org', 'nope']);
    expect(org.code).toBe(1);
    expect(org.stderr).toMatch(/^unknown org "nope" \(orgs in .*: acme-analytics, acme-claude, acme-openai\)\n$/);
    expect(org.stderr).not.toMatch(STACK_FRAME);
    expect(demo.sandbox.servers.flatMap((server) => server.log)).toEqual([]);
  });
});

describe('invitectl who/report --help', () => {
  it.each(['who', 'report'])('%s is listed at the top level, and its help lines every description up in one column', async (verb) => {
    expect((await runCli(['--help'])).stdout).toMatch(new RegExp(`^  ${verb} +\\S`, 'm'));
    const { code, stdout } = await runCli([verb, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: invitectl ${verb}`));
    const options = stdout.slice(stdout.indexOf('Options:'));
    const columns = options
      .split('\n')
      .filter((line) => /^ {2}-/.test(line) && / {2,}\S/.test(line.trimStart()))
      .map((line) => line.length - line.slice(2).replace(/^\S.*?\S {2,}(?=\S)/, '').length);
    expect(columns.length).toBeGreaterThan(4);
    expect(new Set(columns).size, options).toBe(1);
  });
});
