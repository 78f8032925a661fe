import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {Explorer} from '../../source/ui/explorer.js';
import {initialState} from '../../source/ui/state.js';
import {Tasks} from '../../source/ui/tasks.js';
import {keys, press, waitForFrame} from '../helpers/ink.js';
import {catalog, contexts, largeView} from './fixtures.js';
import {fakeServices} from './fake-services.js';

const large = {...contexts[0]!, name: 'sim-large', cluster: 'sim-large', current: false};

test('5,000 nodes: only the visible rows render, and a key press reaches the frame fast', async (t) => {
	const services = fakeServices({'sim-large': largeView(5000)});
	const instance = render(
		<Explorer initial={initialState({contexts: [large], readOnly: false, context: 'sim-large', check: false})} services={services} catalog={catalog} tasks={new Tasks(new AbortController().signal)} isColor banner={null} onExit={() => {}} />,
	);
	t.after(() => instance.unmount());
	await waitForFrame(instance, '5000 nodes in 1 pool ');
	let frame = await press(instance, keys.enter, 'large-node-00000');
	assert.ok(frame.split('\n').length <= 24);
	const shown = frame.match(/large-node-/g)?.length ?? 0;
	assert.ok(shown > 10 && shown < 24, `a window of rows, not 5,000 (${shown})`);
	// CPU time per key (not wall time: the machine may be busy with other work), from the key to
	// the frame Ink writes. Drawing all 5,000 rows would cost seconds; a window costs milliseconds.
	const write = instance.stdout.write;
	let written = false;
	instance.stdout.write = (frame: string) => {
		written = true;
		write(frame);
	};
	const cpu: number[] = [];
	for (let index = 1; index <= 30; index++) {
		written = false;
		const before = process.cpuUsage();
		instance.stdin.write('j');
		while (!written) await new Promise((resolve) => setImmediate(resolve));
		const used = process.cpuUsage(before);
		cpu.push((used.user + used.system) / 1000);
		await waitForFrame(instance, `› large-node-${String(index).padStart(5, '0')}`);
	}
	instance.stdout.write = write;
	cpu.sort((a, b) => a - b);
	const median = cpu[Math.floor(cpu.length / 2)]!;
	t.diagnostic(`median CPU per key → frame ${median.toFixed(1)} ms over 5,000 nodes`);
	assert.ok(median < 100, `median CPU per key ${median.toFixed(1)} ms`);
	frame = await press(instance, 'G', '› large-node-04999');
	assert.match(frame, /\d+–5000 of 5000/);
	await press(instance, '/', 'matches');
	frame = await press(instance, '04321', '1 match');
	await press(instance, keys.enter, '› large-node-04321');
	await press(instance, 'p', 'Probing 1 node (run r1x2y3)');
	services.runs[0]!.release();
	await waitForFrame(instance, /large-node-04321\s+✓ ok/);
});
