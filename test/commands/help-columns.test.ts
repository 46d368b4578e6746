// Each verb's help lines its option descriptions up in one column, the time flags included.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe.each(['plan', 'apply', 'import', 'validate', 'fmt'])('invitectl %s --help', (verb) => {
  it('starts every option description in the same column', async () => {
    const { stdout } = await runCli([verb, '--help']);
    const options = stdout.slice(stdout.indexOf('Options:'));
    const columns = options
      .split('\n')
      .filter((line) => /^ {2}-/.test(line) && / {2,}\S/.test(line.trimStart()))
      .map((line) => line.length - line.slice(2).replace(/^\S.*?\S {2,}(?=\S)/, '').length);
    expect(columns.length).toBeGreaterThan(1);
    expect(new Set(columns).size, options).toBe(1);
  });
});
