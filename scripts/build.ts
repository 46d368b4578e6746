// Bundles the CLI for a fast cold start (measured by bench/cold-start.ts, `npm run bench`).
import { rm } from 'node:fs/promises';
import { build, type Plugin } from 'esbuild';

/**
 * The entry: `--version` alone answers from a few bytes of code; anything else loads the whole
 * CLI (a chunk of its own) with Node's on-disk compile cache on, so later starts skip compiling it.
 */
const ENTRY = `
import { VERSION } from './src/version.ts';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(VERSION + '\\n');
} else {
  (await import('node:module')).enableCompileCache?.();
  await import('./src/bin.ts');
}
`;

/**
 * zod's classic API re-exports every locale (about a third of the bundle), yet only its default,
 * English, is ever used: resolve zod's locale index to English alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: args.importer, namespace: 'zod-locales' } : undefined));
    esbuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.path.replace(/[\\/][^\\/]*$/, ''),
    }));
  },
};

// Chunk names carry a hash: clear the old ones so dist/ holds only this build.
await rm('dist', { recursive: true, force: true });
await build({
  stdin: { contents: ENTRY, resolveDir: '.', sourcefile: 'invitectl-entry.ts', loader: 'ts' },
  outdir: 'dist',
  entryNames: 'invitectl',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  minify: true,
  plugins: [zodEnglishOnly],
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Some dependencies ship CommonJS that requires Node built-ins; give each ESM chunk a require.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
