import {test} from 'node:test';
import assert from 'node:assert/strict';
import {gateCell} from '../../../source/ui/screens/nodes-screen.js';
import type {NodeProbe} from '../../../source/ui/model.js';
import type {ProbeResult} from '../../../source/domain/types.js';
import {eksView, failedResult, okResult} from '../fixtures.js';

const node = eksView.pools[0]!.nodes[0]!;
const done = (result: ProbeResult): NodeProbe => ({status: result.status, startedAt: 1, finishedAt: 2, result});
// Reasons as probe-slot.ts words them for these outcomes.
const without = (status: ProbeResult['status'], reason: string): ProbeResult => ({...failedResult(node.name), status, gate: null, fix: null, reason, output: null});

test('the gate column shows the gate id, never a word of the reason', () => {
	assert.deepEqual(gateCell(node, done(failedResult(node.name))), {text: 'userns-limit', tone: 'bad', bold: true});
	assert.deepEqual(gateCell(node, done(okResult(node.name))), {text: 'none', tone: 'good'});
	for (const result of [
		without('skipped', 'the run was stopped before this node was probed'),
		without('error', 'the node is NotReady, so no pod can run there; probe it again once it is Ready'),
		without('timeout', 'image-pull: Back-off pulling image "alpine:3.19"'),
	]) {
		assert.deepEqual(gateCell(node, done(result)), {text: '—', tone: 'muted'}, result.status);
	}
});

test('before a result the gate is the prediction, marked as one', () => {
	assert.deepEqual(gateCell(node, null), {text: '~userns-limit (predicted)', tone: 'muted'});
	assert.deepEqual(gateCell(node, {status: 'running', startedAt: 1, finishedAt: null, result: null}), {text: '~userns-limit (predicted)', tone: 'muted'});
	assert.deepEqual(gateCell(eksView.pools[1]!.nodes[0]!, null), {text: '~none (predicted)', tone: 'muted'});
});
