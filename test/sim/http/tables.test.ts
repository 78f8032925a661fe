import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {humanDuration, podStatusText, tableFor, wantsTable} from '../../../source/sim/http/tables.js';

describe('tables', () => {
	it('formats ages like apimachinery HumanDuration', () => {
		const s = 1000;
		const cases: [number, string][] = [[5 * s, '5s'], [119 * s, '119s'], [150 * s, '2m30s'], [600 * s, '10m'], [3 * 3600 * s + 60 * s, '3h1m'], [30 * 3600 * s, '30h'], [3 * 86400 * s + 3600 * s, '3d1h'], [40 * 86400 * s, '40d'], [800 * 86400 * s, '2y70d']];
		for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, text);
	});

	it('prints a pod STATUS the way kubectl does', () => {
		assert.equal(podStatusText({metadata: {name: 'p'}, status: {phase: 'Pending', containerStatuses: [{state: {waiting: {reason: 'ImagePullBackOff'}}}]}} as never), 'ImagePullBackOff');
		assert.equal(podStatusText({metadata: {name: 'p'}, status: {phase: 'Succeeded', containerStatuses: [{state: {terminated: {exitCode: 0, reason: 'Completed'}}}]}} as never), 'Completed');
		assert.equal(podStatusText({metadata: {name: 'p'}, status: {phase: 'Failed', reason: 'DeadlineExceeded'}} as never), 'DeadlineExceeded');
		assert.equal(podStatusText({metadata: {name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z'}, status: {phase: 'Running'}} as never), 'Terminating');
	});

	it('builds node rows with roles and SchedulingDisabled', () => {
		const node = {metadata: {name: 'cp-1', labels: {'node-role.kubernetes.io/control-plane': ''}, creationTimestamp: new Date(Date.now() - 3600_000).toISOString()}, spec: {unschedulable: true}, status: {conditions: [{type: 'Ready', status: 'True'}], nodeInfo: {kubeletVersion: 'v1.32.0'}}};
		const table = JSON.parse(tableFor('nodes', [node as never], {resourceVersion: '5'}, 'Metadata'));
		assert.deepEqual(table.rows[0].cells.slice(0, 5), ['cp-1', 'Ready,SchedulingDisabled', 'control-plane', '60m', 'v1.32.0']);
		assert.equal(table.metadata.resourceVersion, '5');
	});

	it('recognises the Accept header kubectl sends', () => {
		assert.equal(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'), true);
		assert.equal(wantsTable('application/json'), false);
		assert.equal(wantsTable(undefined), false);
	});
});
