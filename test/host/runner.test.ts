import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it, type TestContext} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {lastErrorLine, runProcess} from '../../source/host/runner.js';

describe('runProcess', () => {
	it('runs argv without a shell and collects both streams', async () => {
		const outcome = await runProcess({argv: ['sh', '-c', 'echo out; echo err >&2; exit 4', 'ignored $HOME'], timeoutMs: 5000, signal: new AbortController().signal});
		assert.deepEqual(outcome, {exitCode: 4, stdout: 'out\n', stderr: 'err\n', failure: null, error: null});
	});

	it('passes arguments through verbatim: no globbing, no expansion', async () => {
		const outcome = await runProcess({argv: ['printf', '%s|', '*', '$HOME', '`id`'], timeoutMs: 5000, signal: new AbortController().signal});
		assert.equal(outcome.stdout, '*|$HOME|`id`|');
	});

	it('runs in the C locale, so the errors we parse are English', async () => {
		const outcome = await runProcess({argv: ['sh', '-c', 'echo "$LC_ALL"'], timeoutMs: 5000, signal: new AbortController().signal});
		assert.equal(outcome.stdout, 'C\n');
	});

	it('feeds stdin when given', async () => {
		const outcome = await runProcess({argv: ['cat'], timeoutMs: 5000, signal: new AbortController().signal, stdin: 'fed\n'});
		assert.equal(outcome.stdout, 'fed\n');
	});

	it('reports a missing binary as not-found, not an exception', async () => {
		const outcome = await runProcess({argv: ['prg-no-such-binary'], timeoutMs: 5000, signal: new AbortController().signal});
		assert.equal(outcome.failure, 'not-found');
		assert.equal(outcome.exitCode, null);
		assert.equal(outcome.error, 'prg-no-such-binary is not installed (not on PATH)');
	});

	it('kills a command that outlives its timeout', async () => {
		const started = Date.now();
		const outcome = await runProcess({argv: ['sleep', '30'], timeoutMs: 200, signal: new AbortController().signal});
		assert.equal(outcome.failure, 'timeout');
		assert.ok(Date.now() - started < 5000);
		assert.equal(outcome.error, 'sleep did not answer within 200 ms');
	});

	it('stops a command when the check is interrupted', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const outcome = await runProcess({argv: ['sleep', '30'], timeoutMs: 10_000, signal: controller.signal});
		assert.equal(outcome.failure, 'aborted');
	});

	it('on timeout kills what a wrapper script started too, and returns within the timeout', async (t) => {
		// A `docker` that is a shell script running `sleep` (not exec'd): the sleep holds our pipes.
		const seconds = uniqueSeconds();
		const docker = script(t, 'docker', `#!/bin/sh\necho starting\nsleep ${seconds}\necho never\n`);
		const started = Date.now();
		const outcome = await runProcess({argv: [docker, 'info'], timeoutMs: 300, signal: new AbortController().signal});
		const took = Date.now() - started;
		assert.equal(outcome.failure, 'timeout');
		assert.equal(outcome.stdout, 'starting\n');
		assert.ok(took < 2000, `took ${took} ms for a 300 ms timeout`);
		assert.deepEqual(await survivors(seconds), [], 'the grandchild sleep outlived the timeout');
	});

	it('on abort kills the whole process group', async (t) => {
		const seconds = uniqueSeconds();
		const kind = script(t, 'kind', `#!/bin/sh\nsleep ${seconds}\n`);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const started = Date.now();
		const outcome = await runProcess({argv: [kind, 'get', 'clusters'], timeoutMs: 10_000, signal: controller.signal});
		assert.equal(outcome.failure, 'aborted');
		assert.ok(Date.now() - started < 2000);
		assert.deepEqual(await survivors(seconds), []);
	});

	it('does not wait on pipes a background child keeps open after the command exits', async (t) => {
		const seconds = uniqueSeconds();
		const minikube = script(t, 'minikube', `#!/bin/sh\nsleep ${seconds} &\necho '{"valid":[]}'\n`);
		t.after(async () => {
			for (const pid of await survivors(seconds, 0)) process.kill(pid, 'SIGKILL');
		});
		const started = Date.now();
		const outcome = await runProcess({argv: [minikube, 'profile', 'list'], timeoutMs: 10_000, signal: new AbortController().signal});
		assert.ok(Date.now() - started < 3000, 'waited for the background sleep');
		assert.deepEqual(outcome, {exitCode: 0, stdout: '{"valid":[]}\n', stderr: '', failure: null, error: null});
	});

	it('lastErrorLine quotes the last stderr line, else stdout', () => {
		assert.equal(lastErrorLine({exitCode: 1, stdout: 'x\n', stderr: 'first\nsecond\n\n', failure: null, error: null}), 'second');
		assert.equal(lastErrorLine({exitCode: 1, stdout: 'only out\n', stderr: '', failure: null, error: null}), 'only out');
	});
});

function script(t: TestContext, name: string, text: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'prg-runner-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const path = join(dir, name);
	writeFileSync(path, text);
	chmodSync(path, 0o755);
	return path;
}

/** A sleep length no other process on the machine is running, to find our grandchild by. */
function uniqueSeconds(): string {
	return `${100 + Math.floor(Math.random() * 800)}.${process.pid}${Math.floor(Math.random() * 1000)}`;
}

/** Pids of `sleep <seconds>` still alive after up to `waitMs` (SIGKILL lands asynchronously). */
async function survivors(seconds: string, waitMs = 1000): Promise<number[]> {
	for (let waited = 0; ; waited += 50) {
		const found = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
			try {
				const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
				const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
				return argv[0]?.endsWith('sleep') === true && argv[1] === seconds && state !== 'Z';
			} catch {
				return false;
			}
		});
		if (found.length === 0 || waited >= waitMs) return found.map(Number);
		await sleep(50);
	}
}
