// Bundles the CLI for a fast cold start (measured by bench/cold-start.ts, `npm run bench`).
import { chmod, rm } from 'node:fs/promises';
import { build, type Plugin } from 'esbuild';

/**
 * The entry turns on Node's on-disk compile cache, so later starts skip compiling, then runs the
 * CLI; each verb is a chunk of its own that loads only when that verb runs (src/cli.ts).
 */
const ENTRY = `
(await import('node:module')).enableCompileCache?.();
await import('./src/bin.ts');
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
  target: 'node20',
  // Some dependencies ship CommonJS that requires Node built-ins; give each ESM chunk a require.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
// esbuild writes plain files; `bin` in package.json runs this one directly, so it must be executable.
await chmod('dist/invitectl.js', 0o755);
