import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvitectlError } from '../../src/errors.ts';
import { formatOutput, writeOutputs } from '../../src/github/outputs.ts';
import { planOutputs, reportPlanToActions } from '../../src/github/plan-report.ts';
import { SUMMARY_LIMIT_BYTES } from '../../src/github/summary.ts';
import { parseOutputs, runnerEnv } from '../helpers/github-files.ts';
import { FINGERPRINT, emptyPlan, fullPlan, hugePlan, inputOf } from '../render/fixtures.ts';

function io(env: Record<string, string>) {
  let stderr = '';
  return { io: { env, stderr: { write: (text: string) => (stderr += text) } }, stderr: () => stderr };
}

describe('plan in GitHub Actions: job summary and step outputs', () => {
  it('appends the markdown plan to $GITHUB_STEP_SUMMARY and writes the counts and fingerprint to $GITHUB_OUTPUT', async () => {
    const env = runnerEnv();
    writeFileSync(env['GITHUB_STEP_SUMMARY']!, '# earlier step content\n');
    const run = io(env);
    await reportPlanToActions(run.io, inputOf(fullPlan()), { redactEmails: false });
    const summary = readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8');
    expect(summary.startsWith('# earlier step content\n\n## invitectl plan\n')).toBe(true);
    expect(summary).toContain('**2 to invite, 3 to re-invite, 2 to revoke** across 2 orgs');
    expect(summary).toContain(`Fingerprint: \`${FINGERPRINT}\``);
    expect(summary).toContain('alice@acme.com');
    const outputs = parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'));
    expect(outputs).toEqual({ has_changes: 'true', create: '2', replace: '3', delete: '2', fingerprint: FINGERPRINT, markdown_file: expect.any(String) });
    expect(readFileSync(outputs['markdown_file']!, 'utf8')).toBe(summary.slice('# earlier step content\n\n'.length, -1));
    expect(run.stderr()).toBe('');
  });

  it('says has_changes=false and zero counts for a converged plan', async () => {
    const env = runnerEnv();
    await reportPlanToActions(io(env).io, inputOf(emptyPlan()), { redactEmails: false });
    expect(parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))).toMatchObject({ has_changes: 'false', create: '0', replace: '0', delete: '0' });
    expect(readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8')).toContain('**No changes** across 2 orgs');
  });

  it('redacts emails in the summary and the markdown file with --redact-emails', async () => {
    const env = runnerEnv();
    await reportPlanToActions(io(env).io, inputOf(fullPlan()), { redactEmails: true });
    const summary = readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8');
    const file = readFileSync(parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))['markdown_file']!, 'utf8');
    for (const text of [summary, file]) {
      expect(text).not.toContain('alice@acme.com');
      expect(text).toMatch(/a\*\*\*@acme\.com#[0-9a-f]{6}/);
    }
  });

  it('does nothing outside GitHub Actions, even with the files set', async () => {
    const env: Record<string, string> = { ...runnerEnv(), GITHUB_ACTIONS: '' };
    await reportPlanToActions(io(env).io, inputOf(fullPlan()), { redactEmails: false });
    expect(readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8')).toBe('');
    expect(readFileSync(env['GITHUB_OUTPUT']!, 'utf8')).toBe('');
  });

  it('keeps a 20,000-change plan within the 1 MiB per-step summary, even after earlier content, and says what it cut', async () => {
    const env = runnerEnv();
    const earlier = `${'x'.repeat(300_000)}\n`;
    writeFileSync(env['GITHUB_STEP_SUMMARY']!, earlier);
    await reportPlanToActions(io(env).io, inputOf(hugePlan()), { redactEmails: false });
    const summary = readFileSync(env['GITHUB_STEP_SUMMARY']!);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    // The room was used, not given up: the plan fills most of what was left.
    expect(summary.length).toBeGreaterThan(SUMMARY_LIMIT_BYTES - 60_000);
    expect(summary.toString('utf8')).toContain('This plan is cut to fit');
    expect(parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))['create']).toBe('16000');
  });

  it('warns and skips the summary when the step has already used its 1 MiB, and still writes the outputs', async () => {
    const env = runnerEnv();
    writeFileSync(env['GITHUB_STEP_SUMMARY']!, 'x'.repeat(SUMMARY_LIMIT_BYTES - 100));
    const run = io(env);
    await reportPlanToActions(run.io, inputOf(fullPlan()), { redactEmails: false });
    expect(readFileSync(env['GITHUB_STEP_SUMMARY']!).length).toBe(SUMMARY_LIMIT_BYTES - 100);
    expect(run.stderr()).toMatch(/^warning: plan not added to the job summary: the step summary already has \d+ bytes/);
    expect(parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))['has_changes']).toBe('true');
  });

  it('fails with one line when the outputs file cannot be written', async () => {
    const env = runnerEnv();
    // A directory where the file should be: unwritable even for root.
    env['GITHUB_OUTPUT'] = env['RUNNER_TEMP']!;
    const error = await reportPlanToActions(io(env).io, inputOf(fullPlan()), { redactEmails: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvitectlError);
    expect((error as Error).message).toBe(`cannot write step outputs to $GITHUB_OUTPUT (${env['RUNNER_TEMP']}): EISDIR`);
  });
});

describe('step output syntax', () => {
  it('writes name=value, and a heredoc with a fresh delimiter for a value with line breaks', () => {
    expect(formatOutput('has_changes', 'true')).toBe('has_changes=true\n');
    const block = formatOutput('note', 'one\ntwo');
    expect(block).toMatch(/^note<<(invitectl_[0-9a-f-]{36})\none\ntwo\n\1\n$/);
    expect(parseOutputs(block + formatOutput('x', 'y'))).toEqual({ note: 'one\ntwo', x: 'y' });
    expect(() => formatOutput('bad name', 'x')).toThrow(/invalid step output name/);
  });

  it('appends to what earlier commands wrote', async () => {
    const env = runnerEnv();
    writeFileSync(env['GITHUB_OUTPUT']!, 'earlier=1\n');
    await writeOutputs(env['GITHUB_OUTPUT']!, planOutputs(fullPlan(), FINGERPRINT));
    expect(parseOutputs(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'))).toEqual({ earlier: '1', has_changes: 'true', create: '2', replace: '3', delete: '2', fingerprint: FINGERPRINT });
  });
});
