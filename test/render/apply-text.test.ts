// The closing apply report: identical reasons grouped, the table wrapped to the terminal, honest re-run advice.
import { describe, expect, it } from 'vitest';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox } from '../../src/emulators/sandbox.ts';
import type { ChangeResult } from '../../src/model.ts';
import { renderApplyReport } from '../../src/render/apply-text.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

const create = (org: string, i: number) => ({ org, action: 'create' as const, email: `person${i}@acme.com`, to: 'member' });
const skipped = (org: string, i: number): ChangeResult => ({ change: create(org, i), outcome: 'skipped', failure: { message: 'not attempted: apply was interrupted' } });
const failed = (i: number, status: number, message: string): ChangeResult => ({ change: create('acme', i), outcome: 'failed', failure: { status, message }, requestId: `req_${i}` });

describe('renderApplyReport', () => {
  it('groups a reason shared by hundreds of changes into one line with its count per org', () => {
    const results = [...Array.from({ length: 300 }, (_, i) => skipped('acme', i)), ...Array.from({ length: 112 }, (_, i) => skipped('beta', i)), failed(1, 500, 'Internal error')];
    const text = renderApplyReport({ results });
    expect(text).toContain('  412 skipped: not attempted: apply was interrupted (acme 300, beta 112)\n');
    expect(text).toContain('person1@acme.com  failed   500: Internal error  req_1');
    expect(text.split('\n').length).toBeLessThan(12);
  });

  it('keeps a row per change for reasons shared by a few', () => {
    const text = renderApplyReport({ results: [skipped('acme', 1), skipped('acme', 2)] });
    expect(text).toContain('person1@acme.com');
    expect(text).toContain('person2@acme.com');
  });

  it('wraps to the terminal width, the error column continuing under itself', () => {
    const long = 'The email domain of this address is not in the list of domains your organization allows; ask an admin to add it';
    const text = renderApplyReport({ results: [failed(1, 400, long), failed(2, 503, 'Overloaded'), ...Array.from({ length: 9 }, (_, i) => skipped('acme', i))] }, { width: 80 });
    for (const line of text.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const errorColumn = text.indexOf('400:') - text.lastIndexOf('\n', text.indexOf('400:')) - 1;
    expect(text).toMatch(new RegExp(`\\n {${errorColumn}}\\S`));
    expect(text.replace(/req_\d+/g, '').replace(/\s+/g, ' ')).toContain(long);
  });

  it('promises convergence only when re-running can help', () => {
    expect(renderApplyReport({ results: [failed(1, 503, 'Overloaded'), skipped('acme', 2), failed(3, 429, 'Slow down')] })).toContain('Re-running apply converges');
    const refused = renderApplyReport({ results: [failed(1, 400, 'Email domain not allowed'), failed(2, 403, 'Forbidden')] });
    expect(refused).not.toContain('converges');
    expect(refused).toContain('2 changes were refused for the request itself (HTTP 400, 403): re-running apply fails the same way');
    const mixed = renderApplyReport({ results: [failed(1, 403, 'Forbidden'), skipped('acme', 2)] });
    expect(mixed).toContain('For the other 1, re-running apply plans again');
  });
});

describe('apply after a refusal that will repeat', () => {
  it('does not print "Re-running apply converges" after a 400 about the address', async () => {
    const seed = defaultAnthropicSeed();
    const sandbox = await startSandbox({ seed: { anthropic: { ...seed, organization: { ...seed.organization, allowed_email_domains: ['acme.com'] } } } });
    try {
      const config = `version: 1\norgs:\n  claude:\n    provider: anthropic\n    base_url: \${INVITECTL_ANTHROPIC_URL}\n    prune: false\n    invites: [{ email: outsider@elsewhere.example }]\n`;
      const run = await runAgainst(sandbox, ['apply', '--yes'], { cwd: await configDir(config) });
      expect(run.code).toBe(3);
      expect(run.stdout).toContain('1 change was refused for the request itself (HTTP 400)');
      expect(run.stdout).not.toContain('converges');
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
