// The sim API server as a client meets it first: authentication, /version, discovery, OpenAPI v3,
// lists (resourceVersion, selectors, limit/continue) and server-side Tables.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {nodeNames, useFixtureSim} from '../fixture-profile.js';

describe('sim API server', () => {
	const fixture = useFixtureSim();

	it('answers 401 Unauthorized without a valid token', async () => {
		for (const token of [null, 'not-a-token']) {
			const answer = await fixture.api.as(token).send('GET', '/api/v1/nodes');
			assert.equal(answer.status, 401);
			assert.deepEqual(answer.json, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401});
		}
	});

	it('serves /version and discovery with the profile version', async () => {
		const version = await fixture.api.send('GET', '/version');
		assert.equal(version.json.gitVersion, 'v1.31.2-eks-7f9249a');
		const core = await fixture.api.send('GET', '/api/v1');
		assert.equal(core.json.kind, 'APIResourceList');
		const pods = core.json.resources.find((resource: {name: string}) => resource.name === 'pods');
		assert.deepEqual(pods.shortNames, ['po']);
		assert.ok(pods.verbs.includes('watch') && pods.verbs.includes('deletecollection'));
		const groups = await fixture.api.send('GET', '/apis');
		assert.equal(groups.json.groups[0].name, 'authorization.k8s.io');
	});

	it('publishes OpenAPI v3 with fieldValidation on the pod PATCH operation', async () => {
		const root = await fixture.api.send('GET', '/openapi/v3');
		const url: string = root.json.paths['api/v1'].serverRelativeURL;
		assert.match(url, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
		const document = (await fixture.api.send('GET', url)).json;
		const patch = document.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
		assert.deepEqual(patch['x-kubernetes-group-version-kind'], {group: '', kind: 'Pod', version: 'v1'});
		assert.ok(patch.parameters.some((parameter: {name: string; in: string}) => parameter.name === 'fieldValidation' && parameter.in === 'query'));
		assert.deepEqual(document.components.schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [{group: '', kind: 'Pod', version: 'v1'}]);
	});

	it('lists nodes with a resourceVersion, label selectors and limit/continue', async () => {
		const list = await fixture.api.send('GET', '/api/v1/nodes');
		assert.equal(list.json.kind, 'NodeList');
		assert.match(list.json.metadata.resourceVersion, /^\d+$/);
		assert.equal(list.json.items.length, 4);
		const gpu = await fixture.api.send('GET', `/api/v1/nodes?labelSelector=${encodeURIComponent('eks.amazonaws.com/nodegroup=gpu')}`);
		assert.deepEqual(gpu.json.items.map((node: any) => node.metadata.name), [nodeNames.tainted]);
		const notGpu = await fixture.api.send('GET', `/api/v1/nodes?labelSelector=${encodeURIComponent('eks.amazonaws.com/nodegroup notin (gpu)')}`);
		assert.equal(notGpu.json.items.length, 3);
		const first = await fixture.api.send('GET', '/api/v1/nodes?limit=3');
		assert.equal(first.json.items.length, 3);
		assert.equal(first.json.metadata.remainingItemCount, 1);
		const rest = await fixture.api.send('GET', `/api/v1/nodes?limit=3&continue=${first.json.metadata.continue}`);
		assert.equal(rest.json.items.length, 1);
		assert.equal(rest.json.metadata.continue, undefined);
	});

	it('serves Tables when asked the way kubectl asks', async () => {
		const table = await fixture.api.send('GET', '/api/v1/nodes', undefined, {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'});
		assert.equal(table.json.kind, 'Table');
		assert.deepEqual(table.json.columnDefinitions.filter((column: any) => column.priority === 0).map((column: any) => column.name), ['Name', 'Status', 'Roles', 'Age', 'Version']);
		const row = table.json.rows.find((entry: any) => entry.cells[0] === nodeNames.notReady);
		assert.equal(row.cells[1], 'NotReady');
		assert.equal(row.object.kind, 'PartialObjectMetadata');
	});

	it('refuses bad selectors with 400 BadRequest', async () => {
		const field = await fixture.api.send('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.color%3Dred');
		assert.equal(field.status, 400);
		assert.equal(field.json.reason, 'BadRequest');
		assert.equal(field.json.message, 'field label not supported: spec.color');
	});
});
