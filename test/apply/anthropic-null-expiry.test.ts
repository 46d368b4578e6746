// Anthropic invites whose expires_at is null: read by their status, planned, applied and converged.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox;
afterEach(() => sandbox.close());

const CONFIG = `version: 1
orgs:
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    invites:
      - email: fresh@acme.com
      - email: stale@acme.com
`;

describe('Anthropic invites with expires_at: null', () => {
  it('a pending one is unchanged, an expired one is re-sent once; plan then converges', async () => {
    const base = defaultAnthropicSeed();
    sandbox = await startSandbox({
      seed: {
        anthropic: {
          ...base,
          invites: [
            { email: 'fresh@acme.com', role: 'user', age_days: 2, expires_at: null },
            { email: 'stale@acme.com', role: 'user', age_days: 30, expires_at: null },
          ],
        },
      },
    });
    expect(sandbox.anthropic.api.invites().map((invite) => invite.expires_at)).toEqual([null, null]);
    const dir = await configDir(CONFIG);
    const plan = await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/stale@acme\.com/);
    expect(plan.stdout).not.toMatch(/fresh@acme\.com/);
    const apply = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(apply.code).toBe(0);
    expect((await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
    expect(sandbox.anthropic.api.emailsSent('stale@acme.com')).toBe(1);
    expect(sandbox.anthropic.api.emailsSent('fresh@acme.com')).toBe(0);
  });
});
