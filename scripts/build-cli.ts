// Bundles the `tally` command once, at build time (the prepare script, after build:templates), into
// dist/cli/tally.mjs: one ESM file with its packages inlined, so a start parses one file instead of tsx compiling
// every TypeScript module (about 3.3 s of CPU per start down to about 0.8 s for `npm start`; with packages left
// external the start costs ~0.25 s more, resolving and loading node_modules). bin/tally.js runs it when present and
// not older than the sources. The folder depth matters: functions/cli/runtime.ts finds the repository's
// tally.config.json two folders above its own module, which holds for dist/cli/ as for functions/cli/.
// mjml is compile-time only (scripts/build-templates.ts); the build fails if it ever reaches the bundle.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'cli', 'tally.mjs');

// esbuild is a devDependency: an install without dev packages keeps the tsx fallback instead of failing.
let esbuild: typeof import('esbuild');
try {
  esbuild = await import('esbuild');
} catch {
  console.log('cli: esbuild is not installed; not bundled (bin/tally.js runs the sources with tsx)');
  process.exit(0);
}

const result = await esbuild.build({
  entryPoints: [join(root, 'functions', 'cli', 'entry.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  // CommonJS packages inlined into an ESM file still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __tallyRequire } from 'node:module'; const require = __tallyRequire(import.meta.url);",
  },
});

const inputs = Object.keys(result.metafile.inputs);
const mjml = inputs.filter((path) => /(^|\/)node_modules\/mjml[^/]*\//.test(path));
if (mjml.length > 0) {
  throw new Error(`build:cli: mjml must not be in the CLI bundle, but it pulls in ${mjml[0]}`);
}
if (!inputs.some((path) => path.includes('templates/compiled/templates.js'))) {
  throw new Error('build:cli: templates/compiled/templates.js is missing; run npm run build:templates first');
}
const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs)[0] ?? '']?.bytes ?? 0;
console.log(`cli: bundled ${inputs.length} modules → dist/cli/tally.mjs (${(bytes / 1e6).toFixed(1)} MB)`);
