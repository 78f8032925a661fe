// Bundles cli.tsx into dist/cli.js. A bundle starts about twice as fast as unbundled ESM because
// Ink's import graph is large; @kubernetes/client-node is split into its own chunk (dynamic import)
// so the first frame never waits for it. Figures for every choice below: README "Performance".
import {build} from 'esbuild';
import {chmod, mkdir, readdir, readFile, rename, rm, stat} from 'node:fs/promises';
import {createRequire} from 'node:module';

const {version} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist', import.meta.url).pathname;
// Built under .tmp/ (ignored), then moved in file by file, so a command or test running while
// someone rebuilds never finds dist/ half written or gone (see install below).
const scratch = new URL('../.tmp/', import.meta.url).pathname;
const stagingDir = `${scratch}dist-building-${process.pid}`;

// yoga-layout (Ink's layout engine) ships its wasm as a base64 data: URL and loads it with
// fetch(), which pulls in undici and decodes the URL in JavaScript: ~20 ms of every Ink start.
// Handing Emscripten the bytes (`wasmBinary`, decoded natively by Buffer) skips all of it.
const yogaWasm = {
	name: 'yoga-wasm-binary',
	setup(plugin) {
		let base64 = null;
		const dataUrl = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;
		plugin.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			const match = dataUrl.exec(source);
			if (!match) throw new Error('yoga-layout: the embedded wasm moved; update scripts/build.mjs');
			base64 = match[1];
			return {contents: source.replace(dataUrl, '"data:application/octet-stream;base64,"'), loader: 'js'};
		});
		plugin.onLoad({filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/}, async ({path}) => {
			const binaries = new URL('../binaries/yoga-wasm-base64-esm.js', `file://${path}`);
			base64 ??= dataUrl.exec(await readFile(binaries, 'utf8'))?.[1] ?? null;
			if (base64 === null) throw new Error('yoga-layout: the embedded wasm moved; update scripts/build.mjs');
			return {
				contents: [
					"import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
					"import wrapAssembly from './wrapAssembly.js';",
					`const Yoga = wrapAssembly(await loadYoga({wasmBinary: Buffer.from(${JSON.stringify(base64)}, 'base64')}));`,
					'export default Yoga;',
					"export * from './generated/YGEnums.js';",
				].join('\n'),
				loader: 'js',
				resolveDir: new URL('.', `file://${path}`).pathname,
			};
		});
	},
};

/**
 * Chunks are named by their content hash, so a new build's chunks can sit beside the old ones: a
 * process started before the rebuild still finds the chunks it imports lazily (the explorer's
 * screens, client-node). Each file lands by rename (atomic); cli.js last; chunks no build has
 * produced for ten minutes are pruned.
 */
async function install(from, to) {
	await mkdir(`${to}/chunks`, {recursive: true});
	const fresh = new Set(await readdir(`${from}/chunks`));
	for (const name of fresh) await rename(`${from}/chunks/${name}`, `${to}/chunks/${name}`);
	await rename(`${from}/cli.js`, `${to}/cli.js`);
	const staleBefore = Date.now() - 10 * 60_000;
	for (const name of await readdir(`${to}/chunks`)) {
		if (fresh.has(name)) continue;
		const path = `${to}/chunks/${name}`;
		if ((await stat(path)).mtimeMs < staleBefore) await rm(path, {force: true});
	}
}

// meow's bundled dependencies build normalize-package-data (and sort the SPDX license list) when
// the module loads, though meow calls it only to read a package.json: ~10 ms of every command.
// Build it on first use instead.
const lazyMeowNormalize = {
	name: 'meow-lazy-normalize',
	setup(plugin) {
		const eager = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
		plugin.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			if (!source.includes(eager)) throw new Error('meow: dependencies.js changed; update the meow-lazy-normalize plugin in scripts/build.mjs');
			return {contents: source.replace(eager, 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);'), loader: 'js'};
		});
	},
};

// `await import('react')` gives Node's namespace of a CommonJS module: `default` plus the named
// exports Node detects (createElement, …). esbuild's split chunk for it exports only `default`, so
// the bundle would differ from the source the tests run. Name the exports, as Node does.
const cjsNamespaces = {
	name: 'cjs-dynamic-import-namespace',
	setup(plugin) {
		const packages = ['react'];
		const require = createRequire(import.meta.url);
		plugin.onResolve({filter: new RegExp(`^(${packages.join('|')})$`)}, (args) => {
			if (args.kind !== 'dynamic-import' || args.namespace === 'cjs-namespace') return undefined;
			return {path: args.path, namespace: 'cjs-namespace'};
		});
		plugin.onLoad({filter: /.*/, namespace: 'cjs-namespace'}, ({path}) => {
			const names = Object.keys(require(path)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
			return {contents: `import cjs from '${path}';\nexport default cjs;\nexport const {${names.join(', ')}} = cjs;\n`, loader: 'js', resolveDir: new URL('..', import.meta.url).pathname};
		});
	},
};

await rm(stagingDir, {recursive: true, force: true});
try {
	await build({
		entryPoints: {cli: new URL('../cli.tsx', import.meta.url).pathname},
		outdir: stagingDir,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		// Whitespace too: client-node's chunk shrinks from 13.7 to 5.2 MB, which V8 must still scan
		// (`nodes -o json`, 1,000 nodes: 600 → 500 ms CPU). Identifiers stay, so a bug's stack reads.
		minifySyntax: true,
		minifyWhitespace: true,
		legalComments: 'none',
		logLevel: 'warning',
		chunkNames: 'chunks/[name]-[hash]',
		plugins: [yogaWasm, cjsNamespaces, lazyMeowNormalize],
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
	await chmod(`${stagingDir}/cli.js`, 0o755);
	await install(stagingDir, outdir);
	await rm(stagingDir, {recursive: true, force: true});
} catch (error) {
	await rm(stagingDir, {recursive: true, force: true});
	throw error;
}
