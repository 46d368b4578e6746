// `invitectl who EMAIL`: where one person has access, invites, and where the config wants them, per org.
import { parseTimeLimits, TIME_FLAGS, timeFlagsHelp } from '../deadline.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';
import { normalizeEmail } from '../model.ts';
import { planFromApis } from '../reconcile.ts';
import { redactEmail } from '../render/redact-email.ts';
import { jsonRow } from '../report/json.ts';
import { cleanOrg, prepareRow } from '../report/prepare.ts';
import { reportOrg, whoRows, type WhoRow } from '../report/rows.ts';
import { cleanText, escapeJsonOutput, excerpt } from '../sanitize.ts';
import { parseVerbArgs } from './args.ts';

/** The version of `who --format json`. */
export const WHO_VERSION = 1;

/** The longest address accepted (RFC 5321's path limit). */
const MAX_EMAIL = 320;

/** `invitectl who EMAIL`: one person's access, invites and listings in every org. */
export const whoCommand: Command = {
  name: 'who',
  help: `Usage: invitectl who EMAIL [-c FILE] [--org NAME]... [--format text|json] [--redact-emails]

Reads every org once (read-only) and shows, per org, whether EMAIL is a member (with the
role), their pending and expired invites, and what the config lists for them (access,
until). EMAIL is compared as plan compares it: case and surrounding spaces ignored, and
folded as the org's API folds addresses (Anthropic ignores +tags).

Options:
  -c, --config FILE     config file, or a directory of them (default: invites.yaml)
  --org NAME            only this org (repeatable)
  --format FORMAT       text (default) or json (who_version 1)
  --redact-emails       show emails as a***@acme.com#1a2b3c
${timeFlagsHelp(24)}
  -h, --help            show this help
`,
  async run(argv, io) {
    const { values, positionals } = parseVerbArgs(
      'who',
      argv,
      {
        config: { type: 'string', short: 'c', default: 'invites.yaml' },
        ...TIME_FLAGS,
        org: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'text' },
        'redact-emails': { type: 'boolean', default: false },
      },
      true,
    );
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    const email = parseEmail(positionals);
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`invitectl who: --format must be one of text, json, not ${excerpt(values.format)}`);
    const run = await planFromApis(io, { configFile: values.config, orgNames: values.org, readOnly: true, limits: parseTimeLimits('who', values) });
    const options = { redactEmails: values['redact-emails'] };
    const rows = whoRows({ orgs: run.orgs }, run.current, run.now, email).map((row) => prepareRow(row, options));
    const shown = options.redactEmails ? redactEmail(email) : cleanText(email);
    if (values.format === 'json') {
      const orgs = run.orgs.map((org) => cleanOrg(reportOrg(org)));
      const json = { who_version: WHO_VERSION, email: shown, read_at: run.now.toISOString(), redacted_emails: options.redactEmails, orgs: rows.map((row, index) => ({ ...jsonRow(row), access_field: orgs[index]!.accessField })) };
      io.stdout.write(escapeJsonOutput(`${JSON.stringify(json, null, 2)}\n`));
      return 0;
    }
    io.stdout.write(renderWho(shown, rows));
    return 0;
  },
};

/** The text view: a one-line summary, then one table row per org. */
export function renderWho(email: string, rows: readonly WhoRow[]): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const members = rows.filter((row) => row.member !== undefined).length;
  const pending = rows.filter((row) => row.pending).length;
  const listed = rows.filter((row) => row.listed && !row.listed.ended).length;
  const summary = `${email}: member of ${count(members, 'org')}, ${count(pending, 'pending invite')}, listed in ${listed} of ${count(rows.length, 'org')}`;
  const table = [
    ['ORG', 'PROVIDER', 'STATE', 'MEMBER', 'INVITE', 'CONFIG'],
    ...rows.map((row) => [row.org, row.provider, row.state ?? '—', row.member ?? '—', inviteText(row), listingText(row)]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => Array.from(cells[column]!).length)));
  const lines = table.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - Array.from(cell).length))).join('  '));
  return `${summary}\n\n${lines.join('\n')}\n`;
}

function inviteText(row: WhoRow): string {
  const parts: string[] = [];
  if (row.pending) parts.push(`pending ${row.pending.access}${row.pending.expiresAt ? `, expires ${row.pending.expiresAt}` : ''}`);
  if (row.expired) parts.push(`expired ${row.expired.access}${row.expired.expiresAt ? ` (${row.expired.expiresAt})` : ''}`);
  return parts.length > 0 ? parts.join('; ') : '—';
}

function listingText(row: WhoRow): string {
  const listed = row.listed;
  const ignored = row.ignored ? ' (ignored)' : '';
  if (!listed) return `not listed${ignored}`;
  if (listed.ended) return `listed ${listed.access}, ended ${listed.until}${ignored}`;
  return `listed ${listed.access}${listed.until ? ` until ${listed.until}` : ''}${ignored}`;
}

function parseEmail(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`invitectl who: give exactly one EMAIL${positionals.length > 1 ? `, not ${positionals.length}` : ''} (see invitectl who --help)`);
  const email = normalizeEmail(positionals[0]!);
  if (email.length > MAX_EMAIL || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError(`invitectl who: ${excerpt(positionals[0]!)} is not an email address`);
  return email;
}
