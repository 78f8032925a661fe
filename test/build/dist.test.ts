// The built dist/ as a user gets it: scripts run through the loader in dist/cli.js with a code cache
// per command, which must change nothing but speed — same output from source, from cache, from a
// damaged cache and with the cache off — and the big dependencies load from their own scripts.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cliPath, ensureBuilt, runCli} from '../helpers/cli.js';

const fixture = new URL('../fixtures/kubeconfigs/kind.yaml', import.meta.url).pathname;

function scratch(t: {after(fn: () => void): void}): string {
	const dir = mkdtempSync(join(tmpdir(), 'prg-dist-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

test('dist/cli.js is an executable script entry in a CommonJS package directory', () => {
	ensureBuilt();
	accessSync(cliPath, constants.X_OK);
	assert.match(readFileSync(cliPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
	assert.deepEqual(JSON.parse(readFileSync(join(cliPath, '..', 'package.json'), 'utf8')), {type: 'commonjs'});
	// The app's ES modules stay strict code: nothing may come before esbuild's directive.
	const chunks = join(cliPath, '..', 'chunks');
	const app = readdirSync(chunks).filter((name) => /^app-[A-Z0-9]+\.cjs$/.test(name)).map((name) => join(chunks, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
	assert.match(readFileSync(app, 'utf8').slice(0, 20), /^"use strict";/);
});

test('the code cache changes nothing but speed: first run, cached run, damaged cache, cache off', async (t) => {
	const cacheHome = scratch(t);
	const dir = join(cacheHome, 'prg-doctor', 'v8');
	const args = ['contexts', '--no-check', '-o', 'json', '--kubeconfig', fixture];
	const run = async (env: NodeJS.ProcessEnv = {}) => {
		const result = await runCli(args, {env: {XDG_CACHE_HOME: cacheHome, ...env}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stderr, '');
		return result.stdout;
	};
	const first = await run();
	assert.equal(JSON.parse(first).contexts[0].name, 'kind-kind');
	const caches = readdirSync(dir).filter((name) => /^app-[A-Z0-9]+\.cjs\.contexts\./.test(name));
	assert.equal(caches.length, 1, readdirSync(dir).join(', '));
	const cache = join(dir, caches[0]!);
	assert.equal(statSync(cache).mode & 0o777, 0o600);
	const size = statSync(cache).size;

	assert.equal(await run(), first);
	assert.equal(statSync(cache).size, size, 'a cache V8 accepted is not written again');

	writeFileSync(cache, Buffer.alloc(size, 0x42), {mode: 0o600});
	assert.equal(await run(), first);
	assert.notDeepEqual(readFileSync(cache), Buffer.alloc(size, 0x42), 'the damaged cache was replaced');

	const off = scratch(t);
	assert.equal(await run({XDG_CACHE_HOME: off, PRG_DOCTOR_NO_COMPILE_CACHE: '1'}), first);
	assert.equal(existsSync(join(off, 'prg-doctor')), false);
});

test('a context that needs client-node (basic auth) loads it from its own script', async (t) => {
	const dir = scratch(t);
	const kubeconfig = join(dir, 'config');
	writeFileSync(kubeconfig, ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: c', '  cluster: {server: "https://127.0.0.1:9"}', 'users:', '- name: u', '  user: {username: admin, password: secret}', 'contexts:', '- name: basic', '  context: {cluster: c, user: u}', 'current-context: basic', ''].join('\n'));
	const result = await runCli(['contexts', '-o', 'json', '--kubeconfig', kubeconfig], {env: {XDG_CACHE_HOME: dir}});
	assert.doesNotMatch(result.stderr, /internal error/);
	const [context] = JSON.parse(result.stdout).contexts;
	assert.equal(context.reachable, false);
	assert.match(context.error, /refused/i);
	assert.ok(readdirSync(join(dir, 'prg-doctor', 'v8')).some((name) => name.startsWith('vendor-client-node-')), 'client-node ran from its script, with a cache');
});

test('an install missing its app script says so in one line and exits 2, no stack trace', (t) => {
	ensureBuilt();
	const dir = scratch(t);
	cpSync(join(cliPath, '..'), join(dir, 'dist'), {recursive: true});
	for (const name of readdirSync(join(dir, 'dist', 'chunks'))) if (name.startsWith('app-')) rmSync(join(dir, 'dist', 'chunks', name));
	const result = spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), '--version'], {encoding: 'utf8'});
	assert.equal(result.status, 2);
	assert.match(result.stderr, /^prg-doctor: this install is incomplete: .*app-[A-Z0-9]+\.cjs is missing\n {2}next: reinstall prg-doctor/);
	assert.doesNotMatch(result.stderr, /\bat /);
});
