import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Tasks} from '../../source/ui/tasks.js';

test('quitting aborts the running work and waits until it has cleaned up', async () => {
	const tasks = new Tasks(new AbortController().signal);
	const steps: string[] = [];
	tasks.start(async (signal) => {
		if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, {once: true}));
		await new Promise((resolve) => setTimeout(resolve, 20));
		steps.push('pods deleted');
	});
	tasks.abortAll();
	await tasks.settled();
	assert.deepEqual(steps, ['pods deleted']);
});

test('an interrupt of the process (Ctrl-C, SIGTERM) aborts every task', async () => {
	const process = new AbortController();
	const tasks = new Tasks(process.signal);
	const {promise} = tasks.start((signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'), {once: true})));
	await new Promise((resolve) => setImmediate(resolve));
	process.abort(new Error('SIGTERM'));
	assert.equal(await promise, 'stopped');
});

test('one task may listen for abort from many requests without a leak warning on screen', async () => {
	const warnings: string[] = [];
	const onWarning = (warning: Error) => warnings.push(warning.name);
	globalThis.process.on('warning', onWarning);
	try {
		const tasks = new Tasks(new AbortController().signal);
		await tasks.start(async (signal) => {
			for (let index = 0; index < 30; index++) signal.addEventListener('abort', () => {});
		}).promise;
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(warnings, []);
	} finally {
		globalThis.process.off('warning', onWarning);
	}
});
