// Renderers: PostHog link invites and project grants in text, markdown and JSON.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model.ts';
import { LINK_INVITE_EMAIL } from '../../src/plan.ts';
import { toJsonPlan } from '../../src/render/json.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { renderText } from '../../src/render/text.ts';
import { inputOf } from './fixtures.ts';

const options = { color: false, redactEmails: false };

function plan(): Plan {
  return {
    orgs: [
      {
        name: 'acme-analytics',
        provider: 'posthog',
        changes: [
          { org: 'acme-analytics', action: 'delete', email: LINK_INVITE_EMAIL, from: 'member', inviteId: 'i1', inviteStatus: 'pending' },
          {
            org: 'acme-analytics',
            action: 'replace',
            email: 'x@acme.com',
            reason: 'projects',
            from: 'member',
            to: 'member',
            inviteId: 'i2',
            inviteStatus: 'pending',
            projects: [{ id: 2, level: 'admin' }],
            fromProjects: [{ id: 1, level: 'admin' }],
          },
          { org: 'acme-analytics', action: 'create', email: 'y@acme.com', to: 'admin', projects: [] },
        ],
        kept: [],
        members: 3,
        pending: 2,
        linkInvites: { pending: 1, expired: 2, revoked: true },
      },
    ],
  };
}

describe('render: PostHog link invites and project grants', () => {
  it('text shows the link invites line, the revoke, and projects beside the level', () => {
    const text = renderText(inputOf(plan()), options);
    expect(text).toContain('  3 link invites without an email (1 pending, usable by anyone with the link: revoked (prune is on); 2 expired)\n');
    expect(text).toMatch(/-\s+revoke\s+\(link invite\)\s+level: member/);
    expect(text).toMatch(/re-invite\s+x@acme\.com\s+level: member, projects: 1:admin → 2:admin\s+\(projects\)/);
    expect(text).toMatch(/invite\s+y@acme\.com\s+level: admin, projects: none/);
  });

  it('markdown shows the link invites line and both sides of a projects re-invite', () => {
    const markdown = renderMarkdown(inputOf(plan()), options);
    expect(markdown).toContain('3 link invites without an email');
    expect(markdown).toMatch(/^- x@acme\.com +level: member, projects: 1:admin$/m);
    expect(markdown).toMatch(/^\+ x@acme\.com +level: member, projects: 2:admin$/m);
  });

  it('JSON carries link_invites, projects and from_projects', () => {
    const json = toJsonPlan(inputOf(plan()), options);
    expect(json.orgs[0]?.link_invites).toEqual({ pending: 1, expired: 2, revoked: true });
    expect(json.orgs[0]?.changes[1]).toMatchObject({ reason: 'projects', projects: [{ id: 2, level: 'admin' }], from_projects: [{ id: 1, level: 'admin' }] });
    expect(json.orgs[0]?.changes[2]).toMatchObject({ projects: [] });
  });
});
