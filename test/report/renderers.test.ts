// The review's CSV, JSON and markdown: hostile values stay data, redaction reaches every format.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/commands/report.ts';
import { csvField, CSV_COLUMNS } from '../../src/report/csv.ts';
import { prepareReview } from '../../src/report/prepare.ts';
import { buildAccessReview, type AccessReview } from '../../src/report/rows.ts';
import { desiredOrg, member, NOW, pending, want } from '../helpers/states.ts';
import { parseCsv } from './csv-parse.ts';

const FORMULA = '=hyperlink("http://x","y")@acme.com';
const COMMA = 'o"brien,jr@acme.com';
const ESCAPE = 'esc\u001b[31m@acme.com';
const ORG = 'ops <b>|team|</b>';

/** A review whose emails, org name and roles are what a hostile config or API could hold. */
function hostileReview(): AccessReview {
  const org = desiredOrg({ name: ORG, invites: [want(FORMULA, 'admin'), want('+1@acme.com', 'member')] });
  const current = { orgs: { [ORG]: { invites: [pending('i1', COMMA, '-member\r\nx')], members: [member(ESCAPE, '@owner'), member(FORMULA, 'admin')] } } };
  return buildAccessReview({ orgs: [org] }, current, NOW);
}

describe('report --format csv', () => {
  it('parses back as RFC 4180: a header row, one record per row, values intact but formulas defused', () => {
    const review = prepareReview(hostileReview(), { redactEmails: false });
    const text = renderReport('csv', review, false);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(review.rows.length);
    const byEmail = new Map(records.map((record) => [record[0]!, Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, record[i]]))]));
    expect(byEmail.get(`'${FORMULA}`)).toMatchObject({ org: ORG, state: 'member', member: 'admin', listed: 'admin' });
    expect(byEmail.get(`'+1@acme.com`)).toMatchObject({ state: 'wanted', listed: 'member' });
    // Control characters are stripped and line breaks flattened; the comma and quote survive through quoting.
    expect(byEmail.get('esc[31m@acme.com')).toMatchObject({ state: 'not-wanted', access: "'@owner" });
    expect(byEmail.get(COMMA)).toMatchObject({ state: 'not-wanted', pending: "'-member x" });
  });

  it.each([
    ['plain', 'plain'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@sum', "'@sum"],
    ['\tx', "'\tx"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=a,b', `"'=a,b"`],
    ['line\nbreak', '"line\nbreak"'],
  ])('csvField(%j) is %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('report --format json', () => {
  it('has the documented, versioned shape', () => {
    const review = prepareReview(hostileReview(), { redactEmails: false });
    const json = JSON.parse(renderReport('json', review, false));
    expect(Object.keys(json)).toEqual(['report_version', 'read_at', 'redacted_emails', 'states', 'orgs', 'totals', 'rows']);
    expect(json).toMatchObject({ report_version: 1, read_at: NOW.toISOString(), redacted_emails: false, states: ['member', 'pending', 'expired', 'wanted', 'not-wanted'], orgs: [{ name: ORG, provider: 'posthog', access_field: 'level' }] });
    expect(json.totals).toEqual({ people: 4, orgs: 1, rows: 4, states: { member: 1, pending: 0, expired: 0, wanted: 1, 'not-wanted': 2 }, by_org: [{ org: ORG, member: 1, pending: 0, expired: 0, wanted: 1, 'not-wanted': 2 }] });
    expect(json.rows).toContainEqual({ email: FORMULA, org: ORG, provider: 'posthog', state: 'member', member: 'admin', pending: null, expired: null, listed: { access: 'admin', until: null, ended: false }, ignored: false });
    expect(json.rows.map((row: { email: string }) => row.email)).toContain('esc[31m@acme.com');
  });
});

describe('report --format markdown', () => {
  it('escapes table pipes and markup from names and roles, and shows totals', () => {
    const text = renderReport('markdown', prepareReview(hostileReview(), { redactEmails: false }), false);
    expect(text).toContain('ops \\<b\\>\\|team\\|\\</b\\>');
    expect(text).not.toMatch(/<b>|\u001b/);
    expect(text).toMatch(/^\| \*\*all\*\* \| 4 \| \*\*4\*\* \|$/m);
    // Every table line has the same number of unescaped pipes as the header: no value split a cell.
    const matrix = text.slice(text.indexOf('## People')).split('\n').filter((line) => line.startsWith('|'));
    const pipes = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(new Set(matrix.map(pipes)).size).toBe(1);
  });
});

describe('--redact-emails', () => {
  it.each(['csv', 'json', 'markdown', 'html'] as const)('leaves no address in %s', (format) => {
    const text = renderReport(format, prepareReview(hostileReview(), { redactEmails: true }), true);
    for (const local of ['hyperlink', 'o"brien', 'o&quot;brien', 'o\\"brien', 'esc[31m', '+1@', '1@acme']) expect(text).not.toContain(local);
    expect(text.replace(/\\/g, '')).toMatch(/[=+o]\*\*\*@acme\.com#[0-9a-f]{6}/);
  });
});
