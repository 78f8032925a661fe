// Namespaces: create, label, delete with their pods; default is protected.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {nodeNames, useFixtureSim} from '../fixture-profile.js';
import {probePod} from './pod-helpers.js';

describe('sim namespaces', () => {
	const fixture = useFixtureSim();

	it('creates, labels and deletes a namespace (with its pods); refuses to delete default', async () => {
		const created = await fixture.api.send('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prg-privileged', labels: {'pod-security.kubernetes.io/enforce': 'privileged'}}});
		assert.equal(created.status, 201);
		assert.equal(created.json.metadata.labels['kubernetes.io/metadata.name'], 'prg-privileged');
		const again = await fixture.api.send('POST', '/api/v1/namespaces', {metadata: {name: 'prg-privileged'}});
		assert.equal(again.status, 409);
		assert.equal(again.json.message, 'namespaces "prg-privileged" already exists');
		const patched = await fixture.api.send('PATCH', '/api/v1/namespaces/prg-privileged', {metadata: {labels: {team: 'platform'}}}, {'Content-Type': 'application/merge-patch+json'});
		assert.equal(patched.status, 200);
		assert.equal(patched.json.metadata.labels.team, 'platform');
		assert.equal(patched.json.metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
		const listed = await fixture.api.send('GET', '/api/v1/namespaces?labelSelector=team%3Dplatform');
		assert.deepEqual(listed.json.items.map((ns: any) => ns.metadata.name), ['prg-privileged']);
		await fixture.api.send('POST', '/api/v1/namespaces/prg-privileged/pods', probePod('inside', {nodeName: nodeNames.notReady}));
		const deleted = await fixture.api.send('DELETE', '/api/v1/namespaces/prg-privileged');
		assert.equal(deleted.status, 200);
		assert.equal(deleted.json.status.phase, 'Terminating');
		assert.equal((await fixture.api.send('GET', '/api/v1/namespaces/prg-privileged')).status, 404);
		assert.equal((await fixture.api.send('GET', '/api/v1/namespaces/prg-privileged/pods/inside')).status, 404);
		const keep = await fixture.api.send('DELETE', '/api/v1/namespaces/default');
		assert.equal(keep.status, 403);
		assert.equal(keep.json.message, 'namespaces "default" is forbidden: this namespace may not be deleted');
	});
});
