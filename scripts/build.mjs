// Bundles cli.tsx into dist/cli.js. A bundle starts about twice as fast as unbundled ESM because
// Ink's import graph is large; @kubernetes/client-node is split into its own chunk (dynamic import)
// so the first frame never waits for it.
import {build} from 'esbuild';
import {chmod, readFile, rm} from 'node:fs/promises';

const {version} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist/', import.meta.url).pathname;
await rm(outdir, {recursive: true, force: true});
await build({
	entryPoints: {cli: new URL('../cli.tsx', import.meta.url).pathname},
	outdir,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	logLevel: 'warning',
	chunkNames: 'chunks/[name]-[hash]',
	// Ink imports react-devtools-core only when DEV is set; stub it so the bundle stays lean.
	alias: {'react-devtools-core': new URL('./devtools-stub.mjs', import.meta.url).pathname},
	define: {'process.env.NODE_ENV': '"production"', __PRG_DOCTOR_VERSION__: JSON.stringify(version)},
	banner: {
		js: [
			'#!/usr/bin/env node',
			// Bundled CommonJS dependencies still call require(); give them one.
			"import {createRequire as __prgCreateRequire} from 'node:module';",
			'const require = __prgCreateRequire(import.meta.url);',
		].join('\n'),
	},
});
await chmod(new URL('../dist/cli.js', import.meta.url), 0o755);
