import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, parseYaml } from '../../src/yaml.ts';
import { runCli } from '../helpers/cli.ts';

describe('YAML hardening', () => {
  it('refuses an oversize file before parsing it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invitectl-'));
    await writeFile(join(dir, 'oversize.yaml'), `version: 1\n# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    const run = await runCli(['validate', '-c', 'oversize.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('oversize.yaml:1:1: file is larger than 67108864 bytes, the limit\n');
  });

  it('stops reading at the limit where a stat cannot tell the size (/dev/zero)', async () => {
    const before = process.memoryUsage().rss;
    const run = await runCli(['validate', '-c', '/dev/zero']);
    expect(run).toEqual({ code: 1, stdout: '', stderr: '/dev/zero:1:1: file is larger than 67108864 bytes, the limit\n' });
    // Bounded by the limit (plus one chunk), not by what the device would give.
    expect(process.memoryUsage().rss - before).toBeLessThan(4 * MAX_FILE_BYTES);
  });

  it('refuses 2,000 levels of block mappings with a position, not a stack overflow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'invitectl-'));
    const levels = Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth + 2)}k${depth}:`).join('\n');
    await writeFile(join(dir, 'deep.yaml'), `version: 1\norgs:\n${levels}\n`);
    const run = await runCli(['validate', '-c', 'deep.yaml'], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'deep.yaml:66:66: nested deeper than 64 levels\n' });
  });

  it('a __proto__ key is refused however it is spelled, since a plain object would drop it', () => {
    for (const text of ['a:\n  __proto__: 1\n', '"\\x5f_proto__": 1\n', "{'__proto__': 1}\n", 'a: &p __proto__\n*p : 1\n']) {
      expect(parseYaml(text).problems.map((p) => p.message), text).toEqual(['"__proto__" cannot be a key (JavaScript objects reserve it)']);
    }
  });

  it('allows a reasonable number of aliases', () => {
    const result = parseYaml('base: &b {prune: false}\na: *b\nb: *b\n');
    expect(result.problems).toEqual([]);
    expect(result.file?.value).toEqual({ base: { prune: false }, a: { prune: false }, b: { prune: false } });
  });

  it('points a path at its key or its value', () => {
    const { file } = parseYaml('orgs:\n  acme:\n    prune: yes\n');
    expect(file?.positionOf(['orgs', 'acme', 'prune'], 'key')).toEqual({ line: 3, col: 5 });
    expect(file?.positionOf(['orgs', 'acme', 'prune'])).toEqual({ line: 3, col: 12 });
    // A missing key points at the nearest parent that exists.
    expect(file?.positionOf(['orgs', 'acme', 'host'])).toEqual({ line: 3, col: 5 });
  });
});
