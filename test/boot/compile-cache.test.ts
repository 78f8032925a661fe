// The code cache the bundle's loader keeps (source/boot/compile-cache.ts), each case in a fresh
// Node process as a real start is: written once, used by the next start, rejected and rewritten
// when damaged, ignored when someone else could have written it, and never in the way of the run.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const loader = new URL('../../source/boot/compile-cache.ts', import.meta.url).pathname;
const checkpoint = new URL('../../source/boot/checkpoint.ts', import.meta.url).pathname;

function setUp(t: {after(fn: () => void): void}) {
	const root = mkdtempSync(join(tmpdir(), 'prg-compile-cache-'));
	t.after(() => rmSync(root, {recursive: true, force: true}));
	const scripts = join(root, 'dist');
	const cache = join(root, 'cache');
	mkdirSync(scripts, {recursive: true});
	// Enough code that V8 has functions to cache; __prgLoad reaches a sibling script.
	writeFileSync(join(scripts, 'app-AAAA1111.cjs'), `const parts = [];\nfor (let i = 0; i < 50; i++) parts.push(((n) => n * 2)(i));\nmodule.exports = {sum: parts.reduce((a, b) => a + b, 0), dir: __dirname, sibling: __prgLoad('vendor-lib-BBBB2222.cjs').name};\n`);
	writeFileSync(join(scripts, 'vendor-lib-BBBB2222.cjs'), "module.exports = {name: 'lib'};\n");
	const harness = join(root, 'harness.mts');
	writeFileSync(
		harness,
		[
			`import {loadScript, cacheUses} from ${JSON.stringify(loader)};`,
			`import {startupDone} from ${JSON.stringify(checkpoint)};`,
			`const exports = loadScript(${JSON.stringify(join(scripts, 'app-AAAA1111.cjs'))}, {role: process.env.ROLE ?? 'contexts'});`,
			"import {readdirSync} from 'node:fs';",
			"if (process.env.CHECKPOINT) { startupDone(); await new Promise((resolve) => setTimeout(resolve, 100)); console.error('before exit: ' + readdirSync(process.env.XDG_CACHE_HOME + '/prg-doctor/v8').length); }",
			'console.log(JSON.stringify({exports, uses: cacheUses().map(({path, cache}) => [path.split("/").pop(), cache])}));',
		].join('\n'),
	);
	const run = (env: NodeJS.ProcessEnv = {}) => {
		const result = spawnSync(process.execPath, ['--import', 'tsx', harness], {encoding: 'utf8', env: {...process.env, XDG_CACHE_HOME: cache, PRG_DOCTOR_NO_COMPILE_CACHE: '', ...env}});
		assert.equal(result.status, 0, result.stderr);
		return {...(JSON.parse(result.stdout) as {exports: {sum: number; dir: string; sibling: string}; uses: [string, string][]}), stderr: result.stderr};
	};
	const cacheDir = join(cache, 'prg-doctor', 'v8');
	const cacheFiles = () => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);
	return {root, scripts, cache, cacheDir, cacheFiles, run};
}

test('the first run writes a private cache per script and role; the next run compiles from it', (t) => {
	const {scripts, cacheDir, cacheFiles, run} = setUp(t);
	const first = run();
	assert.deepEqual(first.exports, {sum: 2450, dir: scripts, sibling: 'lib'});
	assert.deepEqual(first.uses, [['app-AAAA1111.cjs', 'none'], ['vendor-lib-BBBB2222.cjs', 'none']]);
	const files = cacheFiles();
	assert.equal(files.length, 2);
	// The script's name, the role, its size and time (an edit in place keeps the length), Node and its flags.
	assert.match(files[0]!, /^app-AAAA1111\.cjs\.contexts\.[0-9a-z]+-[0-9a-z]+\.[0-9a-z]+\.cache$/);
	assert.match(files[1]!, /^vendor-lib-BBBB2222\.cjs\.default\./);
	assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
	for (const file of files) assert.equal(statSync(join(cacheDir, file)).mode & 0o777, 0o600);

	const second = run();
	assert.deepEqual(second.exports, first.exports);
	assert.deepEqual(second.uses, [['app-AAAA1111.cjs', 'used'], ['vendor-lib-BBBB2222.cjs', 'used']]);
	// Another role of the same script keeps a cache of its own, beside the first.
	assert.deepEqual(run({ROLE: 'explorer'}).uses[0], ['app-AAAA1111.cjs', 'none']);
	assert.equal(cacheFiles().length, 3);
});

test('runs with other Node flags keep a cache of their own instead of replacing each other\'s', (t) => {
	const {cacheFiles, run} = setUp(t);
	run();
	assert.deepEqual(run({NODE_OPTIONS: '--max-old-space-size=300'}).uses[0], ['app-AAAA1111.cjs', 'none']);
	assert.deepEqual(run().uses[0], ['app-AAAA1111.cjs', 'used'], 'the plain run still has its cache');
	assert.deepEqual(run({NODE_OPTIONS: '--max-old-space-size=300'}).uses[0], ['app-AAAA1111.cjs', 'used']);
	assert.equal(cacheFiles().filter((name) => name.startsWith('app-')).length, 2);
});

test('a damaged cache is rejected by V8, the run goes on, and a good one replaces it', (t) => {
	const {cacheDir, cacheFiles, run} = setUp(t);
	run();
	const app = join(cacheDir, cacheFiles()[0]!);
	writeFileSync(app, Buffer.alloc(2048, 0x5a), {mode: 0o600});
	const damaged = run();
	assert.equal(damaged.exports.sum, 2450);
	assert.deepEqual(damaged.uses[0], ['app-AAAA1111.cjs', 'rejected']);
	assert.deepEqual(run().uses[0], ['app-AAAA1111.cjs', 'used']);
});

test('a cache others could have written is not read, and is replaced by a private one', (t) => {
	const {cacheDir, cacheFiles, run} = setUp(t);
	run();
	const app = join(cacheDir, cacheFiles()[0]!);
	chmodSync(app, 0o666);
	assert.deepEqual(run().uses[0], ['app-AAAA1111.cjs', 'none']);
	assert.equal(statSync(app).mode & 0o777, 0o600);
	assert.deepEqual(run().uses[0], ['app-AAAA1111.cjs', 'used']);
});

test('caches of an older build go after a day unused, any cache after two weeks; recent ones stay', (t) => {
	const {cacheDir, cacheFiles, run} = setUp(t);
	mkdirSync(cacheDir, {recursive: true, mode: 0o700});
	const at = (days: number) => (Date.now() - days * 24 * 3600_000) / 1000;
	const plant = (name: string, days: number) => {
		const path = join(cacheDir, name);
		writeFileSync(path, 'old', {mode: 0o600});
		utimesSync(path, at(days), at(days));
		return path;
	};
	const olderBuild = [plant('app-OLD00000.cjs.contexts.x-y.z.cache', 2), plant('app-OLD00000.cjs.explorer.x-y.z.cache', 2)];
	// Another install of another build, used an hour ago: two installs must not delete each other's.
	const otherInstall = plant('app-OTHER000.cjs.contexts.x-y.z.cache', 1 / 24);
	const gone = plant('vendor-gone-ZZZZ0000.cjs.default.x-y.z.cache', 20);
	const recent = plant('vendor-other-YYYY0000.cjs.default.x-y.z.cache', 3);
	run();
	for (const path of [...olderBuild, gone]) assert.equal(existsSync(path), false, path);
	for (const path of [otherInstall, recent]) assert.equal(existsSync(path), true, path);
	assert.equal(cacheFiles().filter((name) => name.startsWith('app-AAAA1111')).length, 1);
});

test('an edit in place that keeps the length gets its own cache, never the old bytecode', (t) => {
	const {scripts, run} = setUp(t);
	run();
	const path = join(scripts, 'app-AAAA1111.cjs');
	const source = readFileSync(path, 'utf8');
	writeFileSync(path, source.replace('n * 2', 'n * 3'));
	utimesSync(path, new Date(), new Date(Date.now() + 5000));
	const edited = run();
	assert.equal(edited.exports.sum, 3675, 'the edited code ran');
	assert.deepEqual(edited.uses[0], ['app-AAAA1111.cjs', 'none']);
});

test('a symlink planted where the cache goes is neither read nor written through', (t) => {
	const {cacheDir, cacheFiles, run} = setUp(t);
	run();
	const cacheFile = join(cacheDir, cacheFiles().find((name) => name.startsWith('app-'))!);
	const victim = join(cacheDir, '..', 'victim.txt');
	writeFileSync(victim, 'precious');
	rmSync(cacheFile);
	symlinkSync(victim, cacheFile);
	const result = run();
	assert.deepEqual(result.uses[0], ['app-AAAA1111.cjs', 'none'], 'a symlink is not read as a cache');
	assert.equal(readFileSync(victim, 'utf8'), 'precious', 'nothing was written through the symlink');
	assert.equal(lstatSync(cacheFile).isSymbolicLink(), false, 'a real cache replaced the link');
});

test('a cache directory others can write to is not used at all', (t) => {
	const {cacheDir, run} = setUp(t);
	run();
	chmodSync(cacheDir, 0o777);
	assert.deepEqual(run().uses[0], ['app-AAAA1111.cjs', 'none']);
});

const canDropToStranger = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

test('no HOME and a uid with no passwd entry (a container run with --user): the script runs, uncached', {skip: !canDropToStranger && 'needs root and setpriv to run as a uid with no passwd entry'}, async (t) => {
	const {root} = setUp(t);
	// The stranger cannot be expected to reach this checkout (or its node_modules): the harness goes
	// to it as one bundled file, beside the scripts, all readable by anyone.
	const {build} = await import('esbuild');
	await build({entryPoints: [join(root, 'harness.mts')], bundle: true, platform: 'node', format: 'esm', outfile: join(root, 'harness.mjs'), logLevel: 'silent'});
	for (const path of [root, join(root, 'dist')]) chmodSync(path, 0o755);
	for (const name of ['harness.mjs', 'dist/app-AAAA1111.cjs', 'dist/vendor-lib-BBBB2222.cjs']) chmodSync(join(root, name), 0o644);
	const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, PRG_DOCTOR_NO_COMPILE_CACHE: ''};
	const result = spawnSync('setpriv', ['--reuid=54321', '--regid=54321', '--clear-groups', process.execPath, join(root, 'harness.mjs')], {encoding: 'utf8', env});
	assert.equal(result.status, 0, result.stderr);
	const {exports, uses} = JSON.parse(result.stdout) as {exports: {sum: number}; uses: [string, string][]};
	assert.equal(exports.sum, 2450);
	assert.deepEqual(uses[0], ['app-AAAA1111.cjs', 'off']);
});

test('the start-done checkpoint writes the cache at once, not at exit', (t) => {
	const {run} = setUp(t);
	const result = run({CHECKPOINT: '1'});
	assert.match(result.stderr, /before exit: 2/);
});

test('PRG_DOCTOR_NO_COMPILE_CACHE=1 turns the cache off; an unusable cache directory never fails the run', (t) => {
	const {cacheFiles, run} = setUp(t);
	const off = run({PRG_DOCTOR_NO_COMPILE_CACHE: '1'});
	assert.deepEqual(off.uses, [['app-AAAA1111.cjs', 'off'], ['vendor-lib-BBBB2222.cjs', 'off']]);
	assert.deepEqual(cacheFiles(), []);
	const blocked = mkdtempSync(join(tmpdir(), 'prg-compile-cache-file-'));
	t.after(() => rmSync(blocked, {recursive: true, force: true}));
	writeFileSync(join(blocked, 'not-a-dir'), '');
	// Even root cannot make a directory under a regular file.
	const result = run({XDG_CACHE_HOME: join(blocked, 'not-a-dir')});
	assert.equal(result.exports.sum, 2450);
	assert.deepEqual(result.uses[0], ['app-AAAA1111.cjs', 'none']);
});
