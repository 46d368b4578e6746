// The build: `npx invitectl` runs dist/invitectl.js directly, so every build leaves it executable.
import { execFile } from 'node:child_process';
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.ts';
import { ROOT } from '../helpers/spawn-cli.ts';

const run = promisify(execFile);
const BUILT = join(ROOT, 'dist/invitectl.js');

describe('npm run build', () => {
  it('leaves dist/invitectl.js executable, every time, and it runs as a program', async () => {
    const build = () => run(process.execPath, ['scripts/build.ts'], { cwd: ROOT });
    await build();
    // A file left without the bit (an older build, a checkout): the next build must set it again.
    await chmod(BUILT, 0o644);
    await build();
    expect((await stat(BUILT)).mode & 0o111).toBe(0o111);
    const env = { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env['PATH'] ?? ''}` };
    const { stdout } = await run(BUILT, ['--version'], { env });
    expect(stdout.trim()).toBe(VERSION);
  }, 120_000);
});
