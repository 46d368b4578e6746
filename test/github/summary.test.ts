import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendSummary, SUMMARY_LIMIT_BYTES } from '../../src/github/summary.ts';
import { runnerEnv } from '../helpers/github-files.ts';

describe('appendSummary', () => {
  it('renders again, shorter, when multi-byte text makes the first rendering too many bytes', async () => {
    const file = runnerEnv()['GITHUB_STEP_SUMMARY']!;
    const asked: number[] = [];
    const result = await appendSummary(file, (maxLength) => (asked.push(maxLength), 'é'.repeat(maxLength)), 100);
    expect(result.written).toBe(true);
    expect(asked).toHaveLength(2);
    expect(asked[1]!).toBeLessThan(asked[0]! / 2 + 1);
    const size = statSync(file).size;
    expect(size).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(size).toBeGreaterThan(SUMMARY_LIMIT_BYTES * 0.95);
  });

  it('does not stall one byte over when a shorter limit gives back the same text (#18.10, 25,006 changes)', async () => {
    const file = runnerEnv()['GITHUB_STEP_SUMMARY']!;
    // Like the plan's markdown: whole 41-character rows under a head with multi-byte marks (10 extra bytes).
    const render = (maxLength: number): string => `✅✅✅✅✅${'x'.repeat(40).concat('\n').repeat(Math.floor((maxLength - 5) / 41))}`;
    // Earlier content chosen so that the first rendering is exactly 1 byte over the room left.
    const used = (SUMMARY_LIMIT_BYTES - 1024 - 14) % 41 || 41;
    writeFileSync(file, 'y'.repeat(used));
    const room = SUMMARY_LIMIT_BYTES - 1024 - used;
    expect(Buffer.byteLength(render(room))).toBe(room + 1);
    const result = await appendSummary(file, render, 100);
    expect(result).toEqual({ written: true, bytes: expect.any(Number) });
    expect(statSync(file).size).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(statSync(file).size).toBeGreaterThan(SUMMARY_LIMIT_BYTES - 1024 - 100);
  });

  it('skips rather than cut markdown when nothing short enough comes back', async () => {
    const file = runnerEnv()['GITHUB_STEP_SUMMARY']!;
    writeFileSync(file, 'before\n');
    const result = await appendSummary(file, () => 'x'.repeat(SUMMARY_LIMIT_BYTES), 100);
    expect(result).toEqual({ written: false, reason: expect.stringMatching(/does not fit/) });
    expect(readFileSync(file, 'utf8')).toBe('before\n');
  });

  it('creates the file when the runner has not', async () => {
    const file = `${runnerEnv()['RUNNER_TEMP']}/new-summary.md`;
    expect(await appendSummary(file, () => '## hello', 10)).toEqual({ written: true, bytes: 8 });
    expect(readFileSync(file, 'utf8')).toBe('## hello\n');
  });
});
