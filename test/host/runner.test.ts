import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
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

	it('lastErrorLine quotes the last stderr line, else stdout', () => {
		assert.equal(lastErrorLine({exitCode: 1, stdout: 'x\n', stderr: 'first\nsecond\n\n', failure: null, error: null}), 'second');
		assert.equal(lastErrorLine({exitCode: 1, stdout: 'only out\n', stderr: '', failure: null, error: null}), 'only out');
	});
});
