// esbuild plugins for scripts/build.mjs. Each one that rewrites a dependency's text checks that
// the text it expects is still there, so an upgrade that moves it fails the build instead of
// quietly shipping the unpatched code.
import {readFile} from 'node:fs/promises';

function replaceExactly(source, what, by, who) {
	if (!source.includes(what)) throw new Error(`${who} changed; update scripts/build-plugins.mjs (expected: ${what.slice(0, 60)}…)`);
	return source.replace(what, () => by);
}

/**
 * yoga-layout (Ink's layout engine) ships its wasm as a base64 data: URL, fetches it (undici, a
 * JavaScript base64 decode) and instantiates it asynchronously behind a top-level await, which a
 * CommonJS script cannot have. Here the bytes are decoded natively by Buffer and compiled and
 * instantiated synchronously through Emscripten's `instantiateWasm` hook; Emscripten then fills in
 * the module object it was given before the factory returns.
 */
export const yogaSync = {
	name: 'yoga-sync',
	setup(plugin) {
		const dataUrl = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;
		let base64 = null;
		const wasmOf = async (binaries) => {
			const match = dataUrl.exec(await readFile(binaries, 'utf8'));
			if (!match) throw new Error('yoga-layout: the embedded wasm moved; update scripts/build-plugins.mjs');
			return match[1];
		};
		plugin.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async ({path}) => {
			base64 ??= await wasmOf(path);
			const source = replaceExactly(await readFile(path, 'utf8'), 'var _scriptDir = import.meta.url;', 'var _scriptDir = __filename;', 'yoga-layout');
			return {contents: source.replace(dataUrl, '"data:application/octet-stream;base64,"'), loader: 'js'};
		});
		plugin.onLoad({filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/}, async ({path}) => {
			base64 ??= await wasmOf(new URL('../binaries/yoga-wasm-base64-esm.js', `file://${path}`).pathname);
			return {
				contents: [
					"import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
					"import wrapAssembly from './wrapAssembly.js';",
					`const wasm = new WebAssembly.Module(Buffer.from(${JSON.stringify(base64)}, 'base64'));`,
					'const runtime = {instantiateWasm(imports, receive) { const instance = new WebAssembly.Instance(wasm, imports); receive(instance, wasm); return instance.exports; }};',
					'loadYoga(runtime);',
					"if (typeof runtime._malloc !== 'function') throw new Error('yoga-layout did not initialise synchronously');",
					'const Yoga = wrapAssembly(runtime);',
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
 * Ink awaits at its top level only when DEV=true (React DevTools, its package.json); a CommonJS
 * script cannot. With DEV=true Ink now says the devtools are missing (its own warning) instead of
 * loading them; its package.json is read at build time.
 */
export const inkWithoutTopLevelAwait = {
	name: 'ink-without-top-level-await',
	setup(plugin) {
		plugin.onLoad({filter: /ink[\\/]build[\\/]reconciler\.js$/}, async ({path}) => {
			const {version} = JSON.parse(await readFile(new URL('../package.json', `file://${path}`), 'utf8'));
			let source = await readFile(path, 'utf8');
			// Ink's own answer when the devtools are missing: a warning on how to get them.
			source = replaceExactly(source, "await import('./devtools.js');", "throw Object.assign(new Error('React DevTools are not bundled with prg-doctor'), {code: 'ERR_MODULE_NOT_FOUND'});", 'ink/build/reconciler.js');
			source = replaceExactly(source, 'await loadPackageJson()', JSON.stringify({name: 'ink', version}), 'ink/build/reconciler.js');
			source = replaceExactly(source, "const fs = await import('node:fs');", "const fs = require('node:fs');", 'ink/build/reconciler.js');
			return {contents: source, loader: 'js'};
		});
	},
};

/**
 * meow's bundled dependencies do work at load that meow never needs to parse flags: they build
 * normalize-package-data (and sort the SPDX license list), used only to read a package.json (~10
 * ms), and keep a dead `promisify(execFile)` whose import loads child_process, net, dgram and the
 * stream stack (~6 ms). The first is built on first use instead; the dead call and import go.
 */
export const meowLean = {
	name: 'meow-lean',
	setup(plugin) {
		const who = 'meow/build/dependencies.js';
		plugin.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, async ({path}) => {
			let source = await readFile(path, 'utf8');
			source = replaceExactly(source, 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);', 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);', who);
			source = replaceExactly(source, "import { execFile } from 'node:child_process';\n", '', who);
			source = replaceExactly(source, '\npromisify(execFile);\n', '\n', who);
			if (/\bexecFile\b/.test(source)) throw new Error(`${who} uses execFile after all; update the meow-lean plugin in scripts/build-plugins.mjs`);
			return {contents: source, loader: 'js'};
		});
	},
};

/**
 * The app reaches the big dependencies it needs only sometimes (client-node for some kubeconfig
 * auth, the simulator's certificate library) through their own scripts, loaded on first import by
 * source/boot/compile-cache.ts with their own code cache. `vendors` maps a package to its file.
 */
export function vendorRefs(vendors) {
	const escaped = [...vendors.keys()].map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
	return {
		name: 'vendor-refs',
		setup(plugin) {
			plugin.onResolve({filter: new RegExp(`^(${escaped.join('|')})$`)}, (args) => (args.importer.includes('/node_modules/') ? undefined : {path: args.path, namespace: 'vendor-ref'}));
			plugin.onLoad({filter: /.*/, namespace: 'vendor-ref'}, ({path}) => ({contents: `module.exports = __prgLoad(${JSON.stringify(vendors.get(path))});`, loader: 'js'}));
		},
	};
}

/**
 * string-width builds `/^\p{RGI_Emoji}$/v` when it loads and tests every non-ASCII grapheme
 * against it: V8 needs ~20 ms to construct that regex and ~20 ms more to compile it on its first
 * test, in every run that draws a `›` or a `✓`. Every RGI emoji contains an Extended_Pictographic
 * or Emoji_Presentation code point or the keycap mark U+20E3 (test/build/string-width-patch.test.ts
 * checks every code point, keycap, flag, tag and modifier sequence; a ZWJ sequence joins such
 * emoji by definition, UTS #51), so a grapheme without one cannot match and skips the test; the big
 * regex is built the first time a grapheme could be an emoji. Same widths, without the cost when
 * none is. (wrap-ansi's own string-width 7 tests with emoji-regex instead: not patched.)
 */
export const stringWidthLazyEmoji = {
	name: 'string-width-lazy-emoji',
	setup(plugin) {
		plugin.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path}) => {
			const {version} = JSON.parse(await readFile(new URL('package.json', `file://${path}`), 'utf8'));
			if (!version.startsWith('8.')) return undefined;
			let source = await readFile(path, 'utf8');
			source = replaceExactly(source, 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', stringWidthEmojiTest, `string-width ${version}`);
			source = replaceExactly(source, 'if (rgiEmojiRegex.test(segment) ||', 'if (isRgiEmoji(segment) ||', `string-width ${version}`);
			return {contents: source, loader: 'js'};
		});
	},
};

/** The replacement, exported for the test that proves it equivalent. */
export const stringWidthEmojiTest = [
	'const mayBeEmojiRegex = /[\\p{Extended_Pictographic}\\p{Emoji_Presentation}\\u20E3]/u;',
	'let rgiEmojiRegex;',
	'const isRgiEmoji = (segment) => mayBeEmojiRegex.test(segment) && (rgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(segment);',
].join('\n');
