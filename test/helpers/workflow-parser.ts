import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

type WorkflowParser = typeof import('@actions/workflow-parser');
type ActionParser = typeof import('@actions/workflow-parser/actions/action-parser');

/** GitHub's own workflow and action parsers (actions/languageservices), with their schemas. */
export interface GitHubParsers {
  parseWorkflow: WorkflowParser['parseWorkflow'];
  convertWorkflowTemplate: WorkflowParser['convertWorkflowTemplate'];
  NoOperationTraceWriter: WorkflowParser['NoOperationTraceWriter'];
  parseAction: ActionParser['parseAction'];
}

let loaded: Promise<GitHubParsers> | undefined;

/**
 * Loads @actions/workflow-parser through an esbuild bundle: its dist imports its JSON schemas
 * without `with { type: 'json' }`, which Node's ESM loader refuses.
 */
export function loadGitHubParsers(): Promise<GitHubParsers> {
  loaded ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'invitectl-parser-')), 'parser.mjs');
    await build({
      stdin: {
        contents: "export * from '@actions/workflow-parser'; export { parseAction } from '@actions/workflow-parser/actions/action-parser';",
        resolveDir: process.cwd(),
        loader: 'js',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: 'error',
    });
    return (await import(pathToFileURL(outfile).href)) as GitHubParsers;
  })();
  return loaded;
}
