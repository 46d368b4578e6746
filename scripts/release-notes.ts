// Prints one version's section of CHANGELOG.md (Keep a Changelog), the body of that version's GitHub release.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The largest CHANGELOG.md read: a changelog is text a person writes, not data. */
const MAX_CHANGELOG_BYTES = 1024 * 1024;

/** A changelog without a section for the version asked for, or with an empty one. */
export class ReleaseNotesError extends Error {
  override name = 'ReleaseNotesError';
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The body of `## [version]` in a Keep a Changelog file: the lines up to the next `## ` heading or
 * the link references at the end, trimmed. `version` may carry the tag's `v`.
 */
export function extractReleaseNotes(changelog: string, version: string): string {
  const bare = version.replace(/^v/, '');
  const lines = changelog.replace(/\r\n?/g, '\n').split('\n');
  const heading = new RegExp(`^## \\[${escapeRegExp(bare)}\\](?:\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) throw new ReleaseNotesError(`CHANGELOG.md has no "## [${bare}]" section: rename [Unreleased] to [${bare}] - YYYY-MM-DD before tagging`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /.test(line) || /^\[[^\]]+\]:\s/.test(line));
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  if (body === '') throw new ReleaseNotesError(`CHANGELOG.md's "## [${bare}]" section is empty`);
  return body;
}

/** `node scripts/release-notes.ts v1.2.3 [CHANGELOG.md]`: the notes on stdout, or one line on stderr and exit 1. */
async function main(argv: string[]): Promise<number> {
  const [version, file = 'CHANGELOG.md'] = argv;
  if (version === undefined || !/^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) {
    process.stderr.write('release-notes: usage: node scripts/release-notes.ts vX.Y.Z [CHANGELOG.md]\n');
    return 1;
  }
  try {
    const text = await readFile(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_CHANGELOG_BYTES) throw new ReleaseNotesError(`${file} is larger than 1 MiB`);
    process.stdout.write(`${extractReleaseNotes(text, version)}\n`);
    return 0;
  } catch (error) {
    const reason = error instanceof ReleaseNotesError ? error.message : `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    process.stderr.write(`release-notes: ${reason}\n`);
    return 1;
  }
}

// Run as a script (import.meta.main is Node 24 only; the CI matrix has 22), not when a test imports it.
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
