// The README's sandbox seed example is a seed the sandbox accepts, and starts with the odd data it promises.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { checkSeedText } from '../../src/emulators/seed.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** The YAML block that follows the README's "Seeding the sandbox" heading. */
async function readmeSeed(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Seeding the sandbox'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('no yaml block under "Seeding the sandbox"');
  return block[1]!;
}

describe('README: Seeding the sandbox', () => {
  it('is a valid seed that starts a sandbox with a link invite, hidden members and an Enterprise org', async () => {
    const checked = checkSeedText(await readmeSeed(), 'README.md');
    if (!checked.ok) expect.fail(checked.problems.map((problem) => problem.message).join('\n'));
    sandbox = await startSandbox({ seed: checked.seed });
    const posthogEmails = sandbox.posthog.api.invitesOf('0190a4f2-7c11-7000-8000-2f4c1d0a5e33').map((invite) => invite.target_email);
    expect(posthogEmails).toContain(null);
    expect(checked.seed.anthropic.organization.edition).toBe('enterprise');
  });
});
