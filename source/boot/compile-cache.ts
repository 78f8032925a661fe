// Runs the bundle's CommonJS scripts (the app, and client-node and the simulator's certificate
// library when they are needed: see scripts/build.mjs) with a V8 code cache. Node 20 has no
// compile cache for modules (module.enableCompileCache is 22+), and compiling Ink, React and our
// code from source, then each function again on its first call, is a large part of every start. A
// script compiled through vm.Script can take the bytecode V8 produced on an earlier run instead.
//
// One cache per script and *role* (the command: the explorer and `contexts` run different code),
// written once by the first run of that role after an install or upgrade: when the app says its
// start is done (the explorer's first frame, see checkpoint.ts), else at exit. Per user (XDG cache
// dir), 0600 in a 0700 directory, and only read back when this user owns it and nobody else can
// write it. V8 rejects a cache made for other source, another V8 or other flags; a fresh one is then
// written. PRG_DOCTOR_NO_COMPILE_CACHE=1 turns it all off.
import {closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import vm from 'node:vm';

/** A script run in this process whose cache is still owed (there was none, or V8 rejected it). */
type Owed = {readonly script: vm.Script; readonly file: string; readonly stale: readonly string[]};

export type CacheOptions = {readonly role?: string; readonly env?: NodeJS.ProcessEnv};

/** How each script of this run was compiled: from its cache, or from source and why. */
export type CacheUse = {readonly path: string; readonly role: string; readonly cache: 'used' | 'none' | 'rejected' | 'off'};

const exportsOf = new Map<string, unknown>();
const uses: CacheUse[] = [];
const owed: Owed[] = [];
let exitHooked = false;

/** Where the caches live, or null when caching is off. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
	const off = env.PRG_DOCTOR_NO_COMPILE_CACHE ?? '';
	if (off !== '' && off !== '0') return null;
	const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), '.cache');
	return join(base, 'prg-doctor', 'v8');
}

/**
 * One script's cache for one role, on this V8 and CPU. The script's name carries its content hash,
 * and that is what keeps a cache with its source: V8 checks only the source's length.
 */
export function cacheFileName(scriptPath: string, role: string): string {
	return `${basename(scriptPath)}.${role.replace(/[^a-z0-9-]/gi, '_')}.${process.versions.v8}.${process.arch}.cache`;
}

/** The cache's bytes, if this user wrote it and no one else can have changed it since. */
function readTrusted(file: string): Buffer | undefined {
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch {
		return undefined;
	}
	try {
		const stat = fstatSync(fd);
		const uid = process.getuid?.();
		if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
		return readFileSync(fd);
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/** A cache nobody rewrote for this long belongs to a build or a Node no longer used (or is rewritten once). */
const unusedAfterMs = 30 * 24 * 3600_000;

/**
 * Caches of an earlier build of the same script, and any cache not written for a month (a script
 * renamed by an upgrade, another Node): deleted once the new one lands, so the directory stays small.
 */
function staleCaches(dir: string, scriptPath: string): string[] {
	const name = basename(scriptPath);
	const family = name.replace(/-[A-Z0-9]+\.cjs$/, '-');
	const before = Date.now() - unusedAfterMs;
	try {
		return readdirSync(dir)
			.filter((entry) => entry.endsWith('.cache') && !entry.startsWith(`${name}.`))
			.filter((entry) => entry.startsWith(family) || isOlder(join(dir, entry), before))
			.map((entry) => join(dir, entry));
	} catch {
		return [];
	}
}

function isOlder(path: string, before: number): boolean {
	try {
		return statSync(path).mtimeMs < before;
	} catch {
		return false;
	}
}

/**
 * Writes the caches still owed. The bytecode V8 serialises is what this run has compiled so far,
 * so the earlier the start is done, the closer the cache fits the next start. Never throws: a
 * cache is an optimisation, not a duty.
 */
export function flushCompileCaches(): void {
	for (const {script, file, stale} of owed.splice(0)) {
		try {
			const data = script.createCachedData();
			mkdirSync(dirname(file), {recursive: true, mode: 0o700});
			const temporary = `${file}.${process.pid}.tmp`;
			writeFileSync(temporary, data, {mode: 0o600});
			renameSync(temporary, file);
			for (const old of stale) rmSync(old, {force: true});
		} catch {
			// A read-only home, a full disk: the next run compiles from source, as without a cache.
		}
	}
}

export function cacheUses(): readonly CacheUse[] {
	return [...uses];
}

/** What checkpoint.ts calls when the app's start is done, however many copies of this module run. */
const checkpointKey = Symbol.for('prg-doctor.compile-cache.checkpoint');
(globalThis as Record<symbol, unknown>)[checkpointKey] = flushCompileCaches;

/**
 * Runs a bundled CommonJS script once per process and returns its `module.exports`. Besides what
 * Node's own wrapper gives a module, the script gets `__prgLoad(name)`: the same for a sibling
 * script (how the app reaches client-node's bundle).
 */
export function loadScript(path: string, {role = 'default', env = process.env}: CacheOptions = {}): unknown {
	if (exportsOf.has(path)) return exportsOf.get(path);
	const source = readFileSync(path, 'utf8');
	const dir = compileCacheDir(env);
	const file = dir === null ? null : join(dir, cacheFileName(path, role));
	const cachedData = file === null ? undefined : readTrusted(file);
	const wrapper = `(function (exports, require, module, __filename, __dirname, __prgLoad) {${source}\n})`;
	const script = new vm.Script(wrapper, {filename: path, cachedData});
	const rejected = cachedData !== undefined && script.cachedDataRejected === true;
	uses.push({path, role, cache: file === null ? 'off' : cachedData === undefined ? 'none' : rejected ? 'rejected' : 'used'});
	if (file !== null && dir !== null && (cachedData === undefined || rejected)) {
		owed.push({script, file, stale: staleCaches(dir, path)});
		if (!exitHooked) process.once('exit', flushCompileCaches);
		exitHooked = true;
	}
	const module = {exports: {} as unknown};
	const load = (name: string) => loadScript(join(dirname(path), name), {env});
	// Recorded before it runs, as Node's loader does, so a script that loads itself gets its exports.
	exportsOf.set(path, module.exports);
	(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(path), module, path, dirname(path), load);
	exportsOf.set(path, module.exports);
	return module.exports;
}
