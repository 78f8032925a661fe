// Runs the bundle's CommonJS scripts (the app, and client-node and the simulator's certificate
// library when they are needed: see scripts/build.mjs) with a V8 code cache. Node 20 has no
// compile cache for modules (module.enableCompileCache is 22+), and compiling Ink, React and our
// code from source, then each function again on its first call, is a large part of every start. A
// script compiled through vm.Script can take the bytecode V8 produced on an earlier run instead.
//
// One cache per script and *role* (the command: the explorer and `contexts` run different code),
// written once by the first run of that role after an install or upgrade: when the app says its
// start is done (the explorer's first frame, see checkpoint.ts), else at exit. Per user (XDG cache
// dir), 0600 in a 0700 directory this user owns, never through a symlink, and only read back when
// this user owns it and nobody else can write it. V8 rejects a cache made for other source (it
// checks only the length: the file name carries the script's identity), another V8 or other flags;
// a fresh one is then written. A cache is an optimisation: nothing here may stop the app.
// PRG_DOCTOR_NO_COMPILE_CACHE=1 turns it all off.
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync} from 'node:fs';
import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import {pathToFileURL} from 'node:url';
import vm from 'node:vm';

/** A script run in this process whose cache is still owed (there was none, or V8 rejected it). */
type Owed = {readonly script: vm.Script; readonly file: string; readonly stale: readonly string[]};

/** `role` null: run without a cache of its own (--help, --version: a start that says nothing of later ones). */
export type CacheOptions = {readonly role?: string | null; readonly env?: NodeJS.ProcessEnv};

/** How each script of this run was compiled: from its cache, or from source and why. */
export type CacheUse = {readonly path: string; readonly role: string | null; readonly cache: 'used' | 'none' | 'rejected' | 'off'};

const exportsOf = new Map<string, unknown>();
const uses: CacheUse[] = [];
const owed: Owed[] = [];
let exitHooked = false;

/** Unused this long, a cache goes when another is written: of another build, other Node flags. */
const unusedAfterMs = 14 * 24 * 3600_000;
/** A cache of an earlier build of the same script goes sooner: a checkout is rebuilt many times a day. */
const olderBuildAfterMs = 24 * 3600_000;

/** Where the caches live, or null when caching is off (or there is no home to keep them in). */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
	const off = env.PRG_DOCTOR_NO_COMPILE_CACHE ?? '';
	if (off !== '' && off !== '0') return null;
	if (env.XDG_CACHE_HOME?.startsWith('/')) return join(env.XDG_CACHE_HOME, 'prg-doctor', 'v8');
	let home = env.HOME ?? '';
	try {
		home ||= homedir();
	} catch {
		// A uid with no passwd entry and no HOME (containers run with --user): no cache, the app runs.
		return null;
	}
	return home === '' ? null : join(home, '.cache', 'prg-doctor', 'v8');
}

/** A short stable hash (FNV-1a); node:crypto or node:v8 would cost a start more than all of this. */
function shortHash(text: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
	return hash.toString(36);
}

/**
 * One script's cache for one role. The name carries what V8 does not check: the script's content
 * hash (in its file name), its size and modification time (an edit in place keeps the length), and
 * what V8 checks but would make two runs fight over one file: its version, the CPU and the flags
 * Node was started with (NODE_OPTIONS=--max-old-space-size=…, --stack-size=… on the command line).
 */
export function cacheFileName(scriptPath: string, role: string, stat: {size: number; mtimeMs: number}, env: NodeJS.ProcessEnv = process.env): string {
	const identity = `${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}`;
	const node = shortHash([process.versions.v8, process.arch, ...process.execArgv, env.NODE_OPTIONS ?? ''].join(' '));
	return `${basename(scriptPath)}.${role.replace(/[^a-z0-9-]/gi, '_')}.${identity}.${node}.cache`;
}

/** Owned by this user, and nobody else can write to it. */
function isPrivate(stat: {uid: number; mode: number}): boolean {
	const me = process.getuid?.();
	return (me === undefined || stat.uid === me) && (stat.mode & 0o022) === 0;
}

/** The cache directory, if it is private and not a symlink. */
function ownDirectory(dir: string, create: boolean): boolean {
	try {
		if (create) mkdirSync(dir, {recursive: true, mode: 0o700});
		const stat = lstatSync(dir);
		return stat.isDirectory() && isPrivate(stat);
	} catch {
		return false;
	}
}

/** The cache's bytes, if this user wrote it and no one else can have changed it since. */
function readTrusted(file: string): Buffer | undefined {
	let fd: number;
	try {
		fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
	} catch {
		return undefined;
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile() || !isPrivate(stat)) return undefined;
		return readFileSync(fd);
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/**
 * Caches to delete once a new one lands: another build's of the same script not used for a day,
 * and any not used for two weeks (use refreshes a cache's time).
 */
function staleCaches(dir: string, scriptPath: string): string[] {
	const name = basename(scriptPath);
	const family = name.replace(/-[A-Z0-9]+\.cjs$/, '-');
	const now = Date.now();
	const unusedFor = (path: string): number => {
		try {
			return now - lstatSync(path).mtimeMs;
		} catch {
			return 0;
		}
	};
	try {
		return readdirSync(dir)
			.filter((entry) => entry.endsWith('.cache') && !entry.startsWith(`${name}.`))
			.map((entry) => join(dir, entry))
			.filter((path) => unusedFor(path) > (basename(path).startsWith(family) ? olderBuildAfterMs : unusedAfterMs));
	} catch {
		return [];
	}
}

/** Writes through a new file no one else can have prepared (O_EXCL, no symlink), then renames it in. */
function writeNew(file: string, data: Buffer): void {
	const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
	const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
	try {
		writeSync(fd, data);
	} finally {
		closeSync(fd);
	}
	renameSync(temporary, file);
}

/**
 * Writes the caches still owed. The bytecode V8 serialises is what this run has compiled so far,
 * so the earlier the start is done, the closer the cache fits the next start. Never throws: a
 * cache is an optimisation, not a duty.
 */
export function flushCompileCaches(): void {
	for (const {script, file, stale} of owed.splice(0)) {
		try {
			if (!ownDirectory(dirname(file), true)) continue;
			writeNew(file, script.createCachedData());
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

/** The cache to read and where to write one, or null when caching is off for this script. */
function cacheFor(path: string, role: string | null, env: NodeJS.ProcessEnv): {file: string; dir: string; data: Buffer | undefined} | null {
	if (role === null) return null;
	const dir = compileCacheDir(env);
	if (dir === null) return null;
	const file = join(dir, cacheFileName(path, role, statSync(path), env));
	const data = ownDirectory(dir, false) ? readTrusted(file) : undefined;
	if (data !== undefined) {
		try {
			// Used: not stale. The time a cache was last used is what pruning goes by.
			utimesSync(file, new Date(), new Date());
		} catch {
			// Not ours to touch after all; it stays as it is.
		}
	}
	return {file, dir, data};
}

/**
 * Runs a bundled CommonJS script once per process and returns its `module.exports`. Besides what
 * Node's own wrapper gives a module, the script gets `__prgLoad(name)`: the same for a sibling
 * script (how the app reaches client-node's bundle), and `__prgImportMeta` for its ES modules.
 */
export function loadScript(path: string, {role = 'default', env = process.env}: CacheOptions = {}): unknown {
	if (exportsOf.has(path)) return exportsOf.get(path);
	// ASCII by construction (scripts/build.mjs checks): latin1 makes a one-byte string, fast.
	const source = readFileSync(path, 'latin1');
	let cache: ReturnType<typeof cacheFor> = null;
	try {
		cache = cacheFor(path, role, env);
	} catch {
		cache = null;
	}
	const wrapper = `(function (exports, require, module, __filename, __dirname, __prgLoad, __prgImportMeta) {${source}\n})`;
	const script = new vm.Script(wrapper, {filename: path, cachedData: cache?.data});
	const rejected = cache?.data !== undefined && script.cachedDataRejected === true;
	uses.push({path, role, cache: cache === null ? 'off' : cache.data === undefined ? 'none' : rejected ? 'rejected' : 'used'});
	if (cache !== null && (cache.data === undefined || rejected)) {
		owed.push({script, file: cache.file, stale: staleCaches(cache.dir, path)});
		if (!exitHooked) process.once('exit', flushCompileCaches);
		exitHooked = true;
	}
	const module = {exports: {} as unknown};
	const load = (name: string) => loadScript(join(dirname(path), name), {env});
	// Recorded before it runs, as Node's loader does, so a script that loads itself gets its exports;
	// forgotten if it throws, so a second load fails the same way instead of returning half a module.
	exportsOf.set(path, module.exports);
	try {
		(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(path), module, path, dirname(path), load, {url: pathToFileURL(path).href});
	} catch (error) {
		exportsOf.delete(path);
		throw error;
	}
	exportsOf.set(path, module.exports);
	return module.exports;
}
