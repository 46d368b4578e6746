// Groups (issue #17): a group granted to an org expands into its desired people, conflicts resolve by a documented rule, and the plan says via which group.
import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../../src/config/load.ts';
import type { CurrentOrg, DesiredOrg } from '../../src/model.ts';
import { planChanges } from '../../src/plan.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { renderText } from '../../src/render/text.ts';
import { checkSafety } from '../../src/safety.ts';
import { firstDesiredOrg } from '../helpers/config-text.ts';

const NOW = new Date('2026-01-15T12:00:00Z');

/** A PostHog org `acme` with the given org lines (grants, invites, members), after top-level lines (groups). */
const config = (top: string, org: string) =>
  `version: 1\n${top}orgs:\n  acme:\n    provider: posthog\n    host: https://us.posthog.com\n    organization_id: "@current"\n${org}`;

const GROUPS = 'groups:\n  data:\n    emails: [Alice@acme.com, bob@acme.com]\n  ops:\n    emails: [bob@acme.com, carol@acme.com]\n';

const desiredAcme = firstDesiredOrg;

function problemsOf(text: string): string[] {
  const checked = checkConfigText(text, 'invites.yaml');
  return checked.ok ? [] : checked.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}`);
}

const byEmail = (org: DesiredOrg) => Object.fromEntries(org.invites.map((invite) => [invite.email, invite]));

describe('groups: resolution (highest access wins, latest until, via)', () => {
  it.each([
    ['one group grants its people, via the group', '    grants:\n      - group: data\n        level: admin\n', { 'alice@acme.com': { access: 'admin', via: ['data'] }, 'bob@acme.com': { access: 'admin', via: ['data'] } }],
    ['the grant access defaults as on an invite', '    grants:\n      - group: data\n', { 'alice@acme.com': { access: 'member', via: ['data'] } }],
    ['two groups: highest level wins, both named', '    grants:\n      - group: data\n        level: member\n      - group: ops\n        level: admin\n', { 'bob@acme.com': { access: 'admin', via: ['data', 'ops'] }, 'carol@acme.com': { access: 'admin', via: ['ops'] } }],
    ['listed and granted: the direct entry keeps its extras, access rises', '    grants:\n      - group: data\n        level: admin\n    invites:\n      - email: alice@acme.com\n        first_name: Al\n', { 'alice@acme.com': { access: 'admin', firstName: 'Al', via: ['direct', 'data'] } }],
    ['listed higher than the group: the listing wins', '    grants:\n      - group: data\n    invites:\n      - email: alice@acme.com\n        level: owner\n', { 'alice@acme.com': { access: 'owner', via: ['direct', 'data'] } }],
    ['the latest until wins; none is no end', '    grants:\n      - group: data\n        until: 2026-03-01\n      - group: ops\n        until: 2026-06-30\n', { 'bob@acme.com': { access: 'member', until: '2026-06-30', via: ['data', 'ops'] }, 'carol@acme.com': { until: '2026-06-30' } }],
    ['a grant without until outlasts a listing with one', '    grants:\n      - group: data\n    invites:\n      - email: alice@acme.com\n        until: 2026-02-01\n', { 'alice@acme.com': { access: 'member', via: ['direct', 'data'] } }],
  ])('%s', (_name, org, expected) => {
    const invites = byEmail(desiredAcme(config(GROUPS, org)));
    for (const [email, fields] of Object.entries(expected)) expect(invites[email], email).toMatchObject(fields);
    if (org.includes('without until')) expect(invites['alice@acme.com']!.until).toBeUndefined();
  });

  it('a config without grants maps exactly as before: no via anywhere', () => {
    const org = desiredAcme(config(GROUPS, '    invites:\n      - email: alice@acme.com\n'));
    expect(org.invites).toStrictEqual([{ email: 'alice@acme.com', access: 'member' }]);
  });

  it('a person only listed directly in an org with grants gets no via', () => {
    expect(byEmail(desiredAcme(config(GROUPS, '    grants:\n      - group: ops\n    invites:\n      - email: alice@acme.com\n')))['alice@acme.com']).toStrictEqual({ email: 'alice@acme.com', access: 'member' });
  });
});

describe('groups: errors at file:line:col', () => {
  it.each([
    ['unknown group, with a suggestion', GROUPS, '    grants:\n      - group: dta\n', 'invites.yaml:13:16: orgs.acme.grants[0].group: unknown group "dta" (did you mean "data"?)'],
    ['unknown group, no groups at all', '', '    grants:\n      - group: data\n', 'invites.yaml:8:16: orgs.acme.grants[0].group: unknown group "data" (define it under groups: at the top level)'],
    ['empty group', 'groups:\n  data:\n    emails: []\n', '    grants:\n      - group: data\n', 'invites.yaml:4:13: groups.data.emails: a group needs at least one email'],
    ['invalid email in a group', 'groups:\n  data:\n    emails: [alice@acme.com, not-an-email]\n', '', 'invites.yaml:4:30: groups.data.emails[1]: not a valid email address'],
    ['email twice in a group', 'groups:\n  data:\n    emails: [alice@acme.com, ALICE@acme.com]\n', '', 'invites.yaml:4:30: groups.data.emails[1]: duplicate email alice@acme.com (already listed at emails[0])'],
    ['a group granted twice', GROUPS, '    grants:\n      - group: data\n      - group: data\n        level: admin\n', 'invites.yaml:14:16: orgs.acme.grants[1].group: group data is already granted at grants[0]'],
    ['the grant takes the provider\'s access words', GROUPS, '    grants:\n      - group: data\n        role: admin\n', 'invites.yaml:14:9: orgs.acme.grants[0].role: role is an Anthropic and OpenAI setting; PostHog invites take level (member, admin, owner)'],
    [
      'a higher access that ends before a lower one cannot step down',
      GROUPS,
      '    grants:\n      - group: data\n        level: admin\n        until: 2026-06-30\n    invites:\n      - email: alice@acme.com\n',
      'invites.yaml:13:16: orgs.acme.grants[0].group: alice@acme.com gets admin via group data until 2026-06-30 but member listed directly: one invite cannot step down on a date; end the member one no later, or give the admin one the same end',
    ],
  ])('%s', (_name, top, org, expected) => {
    expect(problemsOf(config(top, org))).toContain(expected);
  });

  it('Anthropic roles of one tier (neither includes the other) are refused, not guessed', () => {
    const text = `version: 1\n${GROUPS}orgs:\n  claude:\n    provider: anthropic\n    grants:\n      - group: data\n        role: billing\n    invites:\n      - email: alice@acme.com\n        role: developer\n`;
    expect(problemsOf(text)).toEqual([
      'invites.yaml:11:16: orgs.claude.grants[0].group: alice@acme.com gets billing via group data and developer listed directly; neither role includes the other, so give both the same role',
    ]);
  });
});

describe('groups in the plan: via on creates, re-invites and role changes, members too', () => {
  const current: CurrentOrg = {
    invites: [{ id: 'i1', email: 'bob@acme.com', access: 'member', status: 'pending', createdAt: '2026-01-10T00:00:00Z', expiresAt: '2026-01-20T00:00:00Z' }],
    members: [
      { email: 'owner@acme.com', access: 'owner', id: 'u0' },
      { email: 'carol@acme.com', access: 'member', id: 'u1' },
    ],
  };
  const text = config(GROUPS, '    members: manage\n    grants:\n      - group: data\n        level: admin\n      - group: ops\n        level: admin\n    invites:\n      - email: owner@acme.com\n        level: owner\n      - email: alice@acme.com\n');
  const plan = () => planChanges({ orgs: [desiredAcme(text)] }, { orgs: { acme: current } }, NOW);

  it('creates, re-invites and role changes carry via; the text, markdown and JSON show it', () => {
    const changes = plan().orgs[0]!.changes;
    expect(changes.map((change) => [change.action, change.email, change.to, change.via])).toEqual([
      ['replace', 'bob@acme.com', 'admin', ['data', 'ops']],
      ['create', 'alice@acme.com', 'admin', ['direct', 'data']],
      ['change-role', 'carol@acme.com', 'admin', ['ops']],
    ]);
    const planned = plan();
    const input = { plan: planned, safety: checkSafety(planned, { acme: desiredAcme(text).safety }), fingerprint: 'sha256:x' };
    const lines = renderText(input, { color: false, redactEmails: false }).split('\n');
    expect(lines.find((line) => line.includes('alice@acme.com'))).toMatch(/^\s+\+\s+invite\s+alice@acme\.com\s+level: admin {2}via direct, group data$/);
    expect(lines.find((line) => line.includes('carol@acme.com'))).toMatch(/change role\s+carol@acme\.com\s+level: member → admin {2}via group ops$/);
    const json = JSON.parse(renderJson(input, { color: false, redactEmails: false }));
    expect(json.orgs[0].changes.find((change: { email: string }) => change.email === 'bob@acme.com').via).toEqual(['data', 'ops']);
    const markdown = renderMarkdown(input, { color: false, redactEmails: false }).split('\n');
    expect(markdown.find((line) => line.startsWith('+') && line.includes('alice@acme.com'))).toMatch(/^\+ alice@acme\.com\s+level: admin\s+\(via direct, group data\)$/);
    expect(markdown.find((line) => line.startsWith('+') && line.includes('carol@acme.com'))).toMatch(/^\+ carol@acme\.com\s+level: admin\s+\(member, role change; via group ops\)$/);
  });

  it('a member removed because their group is no longer granted is an ordinary removal (no via)', () => {
    const without = config(GROUPS, '    members: manage\n    grants:\n      - group: data\n    invites:\n      - email: owner@acme.com\n        level: owner\n');
    const changes = planChanges({ orgs: [desiredAcme(without)] }, { orgs: { acme: current } }, NOW).orgs[0]!.changes;
    expect(changes.find((change) => change.email === 'carol@acme.com')).toMatchObject({ action: 'remove-member', reason: 'unlisted' });
    expect(changes.find((change) => change.email === 'carol@acme.com')!.via).toBeUndefined();
  });
});
