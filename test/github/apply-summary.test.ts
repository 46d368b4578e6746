import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatApplySummary, reportApplyToActions } from '../../src/github/apply-summary.ts';
import { escapeInline } from '../../src/render/markdown-escape.ts';
import { redactEmail } from '../../src/render/redact-email.ts';
import type { ApplyReport, Change, ChangeResult } from '../../src/model.ts';
import { runnerEnv } from '../helpers/github-files.ts';
// The registry adds the APIs' key shapes as it loads, as it does in every command that applies.
import '../../src/providers/registry.ts';

const create = (email: string, org = 'acme'): Change => ({ org, action: 'create', email, to: 'member' });

function report(): ApplyReport {
  return {
    results: [
      { change: create('alice@acme.com'), outcome: 'applied', requestId: 'req_alice' },
      { change: { org: 'acme', action: 'delete', email: 'eve@acme.com', from: 'member', inviteId: 'i1', inviteStatus: 'pending' }, outcome: 'confirmed', requestId: 'req_eve' },
      {
        change: create('bob@acme.com', 'claude'),
        outcome: 'failed',
        failure: { message: 'bob@acme.com is not allowed | key sk-ant-admin01-abcdefghijklmnop leaked?', status: 400, code: 'email_domain_not_allowed', requestId: 'req_bob' },
      },
      { change: create('carol@acme.com', 'claude'), outcome: 'skipped', failure: { message: 'stopped: interrupted' } },
    ],
  };
}

describe('apply results as a job summary table', () => {
  it('lists every change, failures first, with the API status, code, message and request id', () => {
    const markdown = formatApplySummary(report(), { redactEmails: false, maxLength: 100_000 });
    expect(markdown).toBe(
      [
        '## invitectl apply',
        '',
        '**❌ Some changes failed**: 1 failed, 1 skipped, 1 confirmed, 1 applied.',
        '',
        '| Outcome | Org | Action | Email | API response | Request id |',
        '| --- | --- | --- | --- | --- | --- |',
        '| ❌ failed | claude | create | `bob@acme.com` | 400 `email_domain_not_allowed` bob\\@acme.com is not allowed \\| key sk-ant-… leaked? | req\\_bob |',
        '| ⏭️ skipped | claude | create | `carol@acme.com` | stopped: interrupted |  |',
        '| ✅ confirmed | acme | delete | `eve@acme.com` |  | req\\_eve |',
        '| ✅ applied | acme | create | `alice@acme.com` |  | req\\_alice |',
        '',
      ].join('\n'),
    );
  });

  it('redacts emails in the email column and inside API messages', () => {
    const markdown = formatApplySummary(report(), { redactEmails: true, maxLength: 100_000 });
    expect(markdown).not.toMatch(/(alice|bob|carol|eve)@acme\.com/);
    const bob = redactEmail('bob@acme.com');
    expect(markdown).toContain(`| \`${bob}\` | 400 \`email_domain_not_allowed\` ${escapeInline(bob)} is not allowed`);
  });

  it('says so when there was nothing to apply', () => {
    expect(formatApplySummary({ results: [] }, { redactEmails: false, maxLength: 10_000 })).toBe('## invitectl apply\n\n**Nothing to apply.**\n');
  });

  it('cuts rows past maxLength, keeping every failure in view and counting the rest', () => {
    const many: ChangeResult[] = Array.from({ length: 5_000 }, (_, i) => ({ change: create(`user${i}@acme.com`), outcome: 'applied' as const }));
    const failed: ChangeResult = { change: create('last@acme.com'), outcome: 'failed', failure: { message: 'boom', status: 500 } };
    const markdown = formatApplySummary({ results: [...many, failed] }, { redactEmails: false, maxLength: 20_000 });
    expect(markdown.length).toBeLessThanOrEqual(20_000);
    expect(markdown).toContain('| ❌ failed | acme | create | `last@acme.com` | 500 boom |  |');
    const shown = markdown.split('\n').filter((line) => line.startsWith('| ✅ applied')).length;
    expect(shown).toBeGreaterThan(100);
    expect(markdown).toContain(`> ${(5_000 - shown).toLocaleString('en-US')} more changes are not shown: see the audit log or the step's log.`);
  });

  it('appends the table to $GITHUB_STEP_SUMMARY in GitHub Actions only', async () => {
    const env = runnerEnv();
    let stderr = '';
    const io = { env, stderr: { write: (text: string) => (stderr += text) } };
    await reportApplyToActions(io, report(), { redactEmails: false });
    expect(readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8')).toBe(`${formatApplySummary(report(), { redactEmails: false, maxLength: 100_000 })}\n`);
    const outside = runnerEnv({ GITHUB_ACTIONS: 'false' });
    await reportApplyToActions({ ...io, env: outside }, report(), { redactEmails: false });
    expect(readFileSync(outside['GITHUB_STEP_SUMMARY']!, 'utf8')).toBe('');
    expect(stderr).toBe('');
  });
});
