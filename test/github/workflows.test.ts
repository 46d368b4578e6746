import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/yaml.ts';
import { loadGitHubParsers } from '../helpers/workflow-parser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKFLOWS = [
  ...readdirSync(`${ROOT}.github/workflows`).map((name) => `.github/workflows/${name}`),
  ...readdirSync(`${ROOT}examples/workflows`).map((name) => `examples/workflows/${name}`),
];

const read = (file: string): string => readFileSync(`${ROOT}${file}`, 'utf8');

/** Errors GitHub's own parser finds in a workflow: schema, expressions, then the conversion's checks (needs, cron…). */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await loadGitHubParsers();
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value !== undefined) await convertWorkflowTemplate(result.context, result.value);
  return result.context.errors.getErrors().map((error) => error.message);
}

/** Errors GitHub's parser finds in an action.yml, against the strict action schema. */
async function actionErrors(content: string): Promise<string[]> {
  const { parseAction, NoOperationTraceWriter } = await loadGitHubParsers();
  return parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter()).context.errors.getErrors().map((error) => error.message);
}

type Mapping = Record<string, unknown>;
const yaml = (file: string): Mapping => parseYaml(read(file)).file?.value as Mapping;

describe("workflows and the action against GitHub's schema (@actions/workflow-parser)", () => {
  it('finds the workflows: the project CI and release, and the three for users', () => {
    expect(WORKFLOWS.sort()).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yml', 'examples/workflows/invitectl-apply.yml', 'examples/workflows/invitectl-drift.yml', 'examples/workflows/invitectl-plan.yml']);
  });

  it.each(WORKFLOWS)('%s is a valid workflow', async (file) => {
    expect(await workflowErrors(file, read(file))).toEqual([]);
    // The parser would notice: a misspelt key in the same file is an error.
    expect(await workflowErrors(file, read(file).replace('runs-on:', 'runs_on:'))).not.toEqual([]);
  });

  it('action.yml is a valid action', async () => {
    expect(await actionErrors(read('action.yml'))).toEqual([]);
    // A composite run step without a shell is one of the mistakes the strict schema catches.
    expect(await actionErrors(read('action.yml').replace(/^ {6}shell: bash\n/gm, ''))).toContainEqual(expect.stringMatching(/Required property is missing: shell/));
  });
});

describe('the action', () => {
  const action = yaml('action.yml');
  const steps = (action['runs'] as { steps: Mapping[] }).steps;

  it('has the kebab-case inputs and outputs users rely on', () => {
    expect(Object.keys(action['inputs'] as Mapping)).toEqual(['command', 'config', 'args', 'comment', 'comment-mode', 'redact-emails', 'github-token']);
    expect((action['inputs'] as Record<string, Mapping>)['github-token']?.['default']).toBe('${{ github.token }}');
    expect(action['outputs']).toMatchObject({
      'has-changes': { value: '${{ steps.invitectl.outputs.has_changes }}' },
      create: { value: '${{ steps.invitectl.outputs.create }}' },
      replace: { value: '${{ steps.invitectl.outputs.replace }}' },
      delete: { value: '${{ steps.invitectl.outputs.delete }}' },
      fingerprint: { value: '${{ steps.invitectl.outputs.fingerprint }}' },
      'markdown-file': { value: '${{ steps.invitectl.outputs.markdown_file }}' },
      applied: { value: '${{ steps.invitectl.outputs.applied }}' },
      failed: { value: '${{ steps.invitectl.outputs.failed }}' },
      skipped: { value: '${{ steps.invitectl.outputs.skipped }}' },
      'failure-reason': { value: '${{ steps.invitectl.outputs.failure_reason }}' },
    });
  });

  it('never splices an input into a script: inputs reach the shell as environment variables', () => {
    for (const step of steps) expect(String(step['run'] ?? '')).not.toMatch(/\$\{\{/);
  });
});

describe('the workflows for users keep their security properties', () => {
  it('plan: pull_request (never pull_request_target), read-only token scopes plus PR comments, read keys', () => {
    const plan = yaml('examples/workflows/invitectl-plan.yml');
    expect(Object.keys(plan['on'] as Mapping)).toEqual(['pull_request']);
    expect(plan['permissions']).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(read('examples/workflows/invitectl-plan.yml')).not.toMatch(/WRITE_KEY/);
    expect(read('examples/workflows/invitectl-plan.yml')).toMatch(/comment: true/);
  });

  it('apply: push to main, protected environment, one concurrency group that never cancels, fingerprint guard', () => {
    const apply = yaml('examples/workflows/invitectl-apply.yml');
    expect((apply['on'] as Mapping)['push']).toMatchObject({ branches: ['main'] });
    expect(apply['concurrency']).toEqual({ group: 'invitectl-apply', 'cancel-in-progress': false });
    const job = (apply['jobs'] as Record<string, Mapping>)['apply']!;
    expect(job['environment']).toBe('invites-production');
    expect(apply['permissions']).toEqual({ contents: 'read', 'pull-requests': 'read' });
    expect(read('examples/workflows/invitectl-apply.yml')).toMatch(/--expect-fingerprint/);
  });

  it('apply: a mass delete is approved by a PR label or a workflow_dispatch input, and the outcome step reads the new outputs (#18.11, #18.13)', () => {
    const apply = yaml('examples/workflows/invitectl-apply.yml');
    const dispatch = (apply['on'] as Record<string, Mapping>)['workflow_dispatch']!;
    expect((dispatch['inputs'] as Record<string, Mapping>)['allow-mass-delete']).toMatchObject({ type: 'boolean', default: false });
    const text = read('examples/workflows/invitectl-apply.yml');
    expect(text).toContain("grep -qx 'invitectl-allow-mass-delete'");
    expect(text).toContain('args="--allow-mass-delete"');
    expect(text).toContain('args: ${{ steps.guard.outputs.args }}');
    for (const output of ['applied', 'failed', 'skipped', 'failure-reason']) expect(text).toContain(`steps.apply.outputs.${output}`);
    // The only --allow-mass-delete is the one the guard adds on approval: never a fixed argument.
    expect(text).not.toMatch(/^\s*args:.*--allow-mass-delete/m);
  });

  it('drift: scheduled, --detailed-exitcode, one issue labelled invitectl-drift opened, updated and closed', () => {
    const drift = yaml('examples/workflows/invitectl-drift.yml');
    expect(Object.keys(drift['on'] as Mapping)).toEqual(['schedule', 'workflow_dispatch']);
    expect(drift['permissions']).toEqual({ contents: 'read', issues: 'write' });
    const text = read('examples/workflows/invitectl-drift.yml');
    for (const expected of ['--detailed-exitcode', 'gh issue list --label invitectl-drift', 'gh issue create', 'gh issue edit', 'gh issue close']) expect(text).toContain(expected);
  });
});
