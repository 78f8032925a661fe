// Namespaces: create, label, delete with their pods; default is protected.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {SimHandle} from '../../../source/sim/launch.js';
import {ApiClient} from '../api-client.js';
import {nodeNames, startFixtureSim, tokens} from '../fixture-profile.js';
import {probePod} from './pod-helpers.js';

describe('sim namespaces', () => {
	let sim: SimHandle;
	let api: ApiClient;
	before(async () => {
		sim = await startFixtureSim();
		api = new ApiClient(sim.contexts[0].server, sim.kubeconfigPath, tokens.admin);
	});
	after(() => sim.stop());

	it('creates, labels and deletes a namespace (with its pods); refuses to delete default', async () => {
		const created = await api.send('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prg-privileged', labels: {'pod-security.kubernetes.io/enforce': 'privileged'}}});
		assert.equal(created.status, 201);
		assert.equal(created.json.metadata.labels['kubernetes.io/metadata.name'], 'prg-privileged');
		const again = await api.send('POST', '/api/v1/namespaces', {metadata: {name: 'prg-privileged'}});
		assert.equal(again.status, 409);
		assert.equal(again.json.message, 'namespaces "prg-privileged" already exists');
		const patched = await api.send('PATCH', '/api/v1/namespaces/prg-privileged', {metadata: {labels: {team: 'platform'}}}, {'Content-Type': 'application/merge-patch+json'});
		assert.equal(patched.status, 200);
		assert.equal(patched.json.metadata.labels.team, 'platform');
		assert.equal(patched.json.metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
		const listed = await api.send('GET', '/api/v1/namespaces?labelSelector=team%3Dplatform');
		assert.deepEqual(listed.json.items.map((ns: any) => ns.metadata.name), ['prg-privileged']);
		await api.send('POST', '/api/v1/namespaces/prg-privileged/pods', probePod('inside', {nodeName: nodeNames.notReady}));
		const deleted = await api.send('DELETE', '/api/v1/namespaces/prg-privileged');
		assert.equal(deleted.status, 200);
		assert.equal(deleted.json.status.phase, 'Terminating');
		assert.equal((await api.send('GET', '/api/v1/namespaces/prg-privileged')).status, 404);
		assert.equal((await api.send('GET', '/api/v1/namespaces/prg-privileged/pods/inside')).status, 404);
		const keep = await api.send('DELETE', '/api/v1/namespaces/default');
		assert.equal(keep.status, 403);
		assert.equal(keep.json.message, 'namespaces "default" is forbidden: this namespace may not be deleted');
	});
});
