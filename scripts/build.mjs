// Builds dist/: the whole app (our code, Ink, React, meow, js-yaml) as one CommonJS script, and
// the two big dependencies it needs only sometimes (client-node, the simulator's certificate
// library) as scripts of their own. dist/cli.js runs them through source/boot/compile-cache.ts,
// which keeps a V8 code cache per command: Node 20 caches no module's compiled code, and compiling
// from source was a third of the explorer's first frame. Code the first frame does not need stays
// unevaluated until first use: esbuild wraps each dynamically imported module (commands, screens,
// the simulator) in a lazy initialiser. Figures for every choice: README "Performance".
import {build} from 'esbuild';
import {createHash} from 'node:crypto';
import {chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import {inkWithoutTopLevelAwait, meowLean, stringWidthLazyEmoji, vendorRefs, yogaSync} from './build-plugins.mjs';

const root = new URL('..', import.meta.url).pathname;
const {version} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist', import.meta.url).pathname;
// Built under .tmp/ (ignored), then moved in file by file, so a command or test running while
// someone rebuilds never finds dist/ half written or gone (see install below).
const scratch = new URL('../.tmp/', import.meta.url).pathname;
const stagingDir = `${scratch}dist-building-${process.pid}`;

const vendors = ['@kubernetes/client-node', 'selfsigned'];

const script = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	write: false,
	// Whitespace too: client-node's script shrinks from 13.7 to 5.2 MB, which V8 must still scan
	// on a first run. Identifiers stay, so a bug's stack reads.
	minifySyntax: true,
	minifyWhitespace: true,
	legalComments: 'none',
	logLevel: 'warning',
	// ES modules ask import.meta where they are: the loader passes it in, as it passes __filename (a
	// banner would come before esbuild's "use strict" and turn the whole script sloppy).
	define: {'process.env.NODE_ENV': '"production"', 'import.meta.url': '__prgImportMeta.url', 'import.meta': '__prgImportMeta'},
};

const hashOf = (bytes) => createHash('sha256').update(bytes).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase();

/** Writes one built script under chunks/, named by its content, and returns that name. */
async function emit(prefix, result) {
	const [output] = result.outputFiles;
	// esbuild escapes non-ASCII (charset ascii), so the loader may read a script as latin1: a one-byte
	// string, decoded ten times faster than UTF-8. Make sure it stays so.
	const wide = output.contents.findIndex((byte) => byte > 0x7f);
	if (wide >= 0) throw new Error(`${prefix}: a non-ASCII byte at offset ${wide}; the loader reads scripts as latin1`);
	const name = `${prefix}-${hashOf(output.contents)}.cjs`;
	await writeFile(`${stagingDir}/chunks/${name}`, output.contents);
	return name;
}

/**
 * A script run through vm.Script has no loader for import(): a dynamic import esbuild leaves in
 * (of a Node builtin, say) would fail at run time. Import those statically. Checked for every script.
 */
function refuseDynamicImports(result) {
	const left = Object.entries(result.metafile.inputs).flatMap(([file, input]) => input.imports.filter((entry) => entry.kind === 'dynamic-import' && entry.external).map((entry) => `${file}: import('${entry.path}')`));
	if (left.length > 0) throw new Error(`dynamic imports the app script cannot run:\n  ${left.join('\n  ')}`);
	return result;
}

/** A package as a script of its own; its module.exports is what require() of the package gives. */
async function buildVendor(pkg) {
	const result = refuseDynamicImports(await build({...script, metafile: true, stdin: {contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, loader: 'js', sourcefile: `vendor-${pkg}.js`}}));
	return [pkg, await emit(`vendor-${pkg.replace(/^@[^/]+\//, '')}`, result)];
}

/**
 * Scripts are named by their content hash, so a new build's can sit beside the old ones: a process
 * started before the rebuild still finds the scripts it loads later (client-node). Each file lands
 * by rename (atomic); cli.js last; files no build has produced for ten minutes are pruned.
 */
async function install(from, to) {
	await mkdir(`${to}/chunks`, {recursive: true});
	const fresh = new Set(await readdir(`${from}/chunks`));
	for (const name of fresh) await rename(`${from}/chunks/${name}`, `${to}/chunks/${name}`);
	await rename(`${from}/package.json`, `${to}/package.json`);
	await rename(`${from}/cli.js`, `${to}/cli.js`);
	const staleBefore = Date.now() - 10 * 60_000;
	for (const name of await readdir(`${to}/chunks`)) {
		if (fresh.has(name)) continue;
		const path = `${to}/chunks/${name}`;
		if ((await stat(path)).mtimeMs < staleBefore) await rm(path, {force: true});
	}
}

await rm(stagingDir, {recursive: true, force: true});
try {
	await mkdir(`${stagingDir}/chunks`, {recursive: true});
	const vendorFiles = new Map(await Promise.all(vendors.map(buildVendor)));
	const app = await emit(
		'app',
		await build({
			...script,
			entryPoints: [new URL('../cli.tsx', import.meta.url).pathname],
			jsx: 'automatic',
			define: {...script.define, __PRG_DOCTOR_VERSION__: JSON.stringify(version)},
			plugins: [vendorRefs(vendorFiles), yogaSync, inkWithoutTopLevelAwait, meowLean, stringWidthLazyEmoji],
			metafile: true,
		}).then(refuseDynamicImports),
	);
	const entry = await build({
		...script,
		entryPoints: [new URL('../source/boot/main.ts', import.meta.url).pathname],
		define: {__PRG_DOCTOR_APP__: JSON.stringify(app)},
		banner: {js: '#!/usr/bin/env node'},
	});
	await writeFile(`${stagingDir}/cli.js`, entry.outputFiles[0].contents);
	await chmod(`${stagingDir}/cli.js`, 0o755);
	// The package is ESM ("type": "module"); dist/ holds scripts.
	await writeFile(`${stagingDir}/package.json`, `${JSON.stringify({type: 'commonjs'})}\n`);
	await install(stagingDir, outdir);
	await rm(stagingDir, {recursive: true, force: true});
} catch (error) {
	await rm(stagingDir, {recursive: true, force: true});
	throw error;
}
