// The release steps, dry: the workflow's shape, the notes extraction on CHANGELOG.md, and npm publish --dry-run offline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { extractReleaseNotes, ReleaseNotesError } from '../../scripts/release-notes.ts';
import { parseYaml } from '../../src/yaml.ts';
import { npmCli, ROOT, stageRepository } from './consumer.ts';

type Mapping = Record<string, unknown>;
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.1.0] - 2026-12-01

### Added

- Something new.

### Fixed

- A [linked](https://example.com) fix.

## [1.0.0] - 2026-11-01

### Added

- The first release.

[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
`;

describe('release notes from CHANGELOG.md', () => {
  it("takes one version's section, headings and links kept, up to the next version", () => {
    expect(extractReleaseNotes(CHANGELOG, 'v1.1.0')).toBe('### Added\n\n- Something new.\n\n### Fixed\n\n- A [linked](https://example.com) fix.');
  });

  it('stops the last section at the link references, and reads CRLF files', () => {
    expect(extractReleaseNotes(CHANGELOG.replace(/\n/g, '\r\n'), '1.0.0')).toBe('### Added\n\n- The first release.');
  });

  it('refuses a version without a section, or with an empty one, naming what to fix', () => {
    expect(() => extractReleaseNotes(CHANGELOG, 'v1.2.0')).toThrow(new ReleaseNotesError('CHANGELOG.md has no "## [1.2.0]" section: rename [Unreleased] to [1.2.0] - YYYY-MM-DD before tagging'));
    // The version's dots are not wildcards, and 1.1.0 is not 1.1.0-rc.1.
    expect(() => extractReleaseNotes('## [1x1x0]\n- x\n', 'v1.1.0')).toThrow(ReleaseNotesError);
    expect(() => extractReleaseNotes('## [1.1.0-rc.1]\n- x\n', 'v1.1.0')).toThrow(ReleaseNotesError);
    expect(() => extractReleaseNotes('## [2.0.0] - 2026-12-02\n\n## [1.0.0]\n- x\n', 'v2.0.0')).toThrow('section is empty');
  });

  it('the repository CHANGELOG.md has an [Unreleased] section that becomes the next version as the checklist says', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/Keep a Changelog/);
    const next = changelog.replace('## [Unreleased]', `## [Unreleased]\n\n## [${packageJson.version}] - 2026-12-01`);
    expect(extractReleaseNotes(next, `v${packageJson.version}`)).toMatch(/^### Added\n\n- /);
  });

  it('runs as the workflow runs it: notes on stdout, or one line and exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'invitectl-notes-'));
    try {
      writeFileSync(join(dir, 'CHANGELOG.md'), CHANGELOG);
      const ok = spawnSync(process.execPath, [join(ROOT, 'scripts/release-notes.ts'), 'v1.0.0'], { cwd: dir, encoding: 'utf8' });
      expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({ status: 0, stdout: '### Added\n\n- The first release.\n', stderr: '' });
      const missing = spawnSync(process.execPath, [join(ROOT, 'scripts/release-notes.ts'), 'v9.0.0'], { cwd: dir, encoding: 'utf8' });
      expect({ status: missing.status, stdout: missing.stdout }).toEqual({ status: 1, stdout: '' });
      expect(missing.stderr).toMatch(/^release-notes: CHANGELOG.md has no "## \[9.0.0\]" section[^\n]*\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the release workflow', () => {
  const workflow = parseYaml(read('.github/workflows/release.yml')).file?.value as Mapping;
  const jobs = workflow['jobs'] as Record<string, Mapping>;
  const publish = jobs['publish']!;
  const steps = (publish['steps'] as Mapping[]).map((step) => String(step['run'] ?? step['uses']));
  const at = (text: string): number => steps.findIndex((step) => step.includes(text));

  it('runs on a v* tag, publishes only after the suite passed, with provenance (an OIDC token) and a write token for the release', () => {
    expect(workflow['on']).toEqual({ push: { tags: ['v*'] } });
    expect(read('.github/workflows/release.yml')).toMatch(/run: bash \.ci\/run/);
    expect(publish['needs']).toBe('test');
    expect(publish['permissions']).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(steps[at('npm publish')]).toMatch(/npm publish --provenance /);
  });

  it('checks the tag and extracts the notes before publishing, then releases, then moves the major tag', () => {
    const order = [at('TAG !== `v${pkg.version}`'), at('scripts/release-notes.ts'), at('npm publish'), at('gh release create'), at('git push --force origin "refs/tags/$major"')];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('never splices an expression into a script', () => {
    for (const job of Object.values(jobs)) for (const step of job['steps'] as Mapping[]) expect(String(step['run'] ?? '')).not.toMatch(/\$\{\{/);
  });
});

describe('the toolchain', () => {
  // Both typescript packages declare a `tsc` bin and npm links either one into node_modules/.bin, so
  // the scripts name TypeScript 7's own launcher instead of trusting the link.
  it('type-checks with TypeScript 7 whichever tsc npm linked: the scripts call its launcher by path', () => {
    const scripts: Record<string, string> = packageJson.scripts;
    const launcher = 'node node_modules/typescript/bin/tsc ';
    expect(scripts['typecheck']).toContain(launcher);
    expect(scripts['test']).toContain(launcher);
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--version'], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^Version 7\./);
  });
});

describe('npm publish --dry-run', () => {
  it('publishes the tarball the release would, offline (an unreachable registry proves nothing is sent)', () => {
    const staged = stageRepository();
    const run = spawnSync(process.execPath, [npmCli(), 'publish', '--dry-run', '--json', '--offline', '--registry', 'http://127.0.0.1:9/', '--update-notifier=false'], {
      cwd: staged,
      encoding: 'utf8',
      timeout: 120_000,
    });
    rmSync(staged, { recursive: true, force: true });
    expect(run.status).toBe(0);
    const result = (JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as Record<string, { id: string; files: { path: string }[] }>)['invitectl']!;
    expect(result.id).toBe(`invitectl@${packageJson.version}`);
    for (const file of ['LICENSE', 'README.md', 'invites.example.yaml', 'schemas/invites.schema.json', 'dist/invitectl.js']) expect(result.files.map((entry) => entry.path)).toContain(file);
  }, 120_000);
});
