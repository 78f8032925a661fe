// The sim's API over real HTTPS, as a client sees it: authentication, Status bodies with the
// real codes/reasons/messages, lists with resourceVersions, watches (replay from a version,
// ADDED/MODIFIED/DELETED, 410 Expired), logs, SelfSubjectAccessReview and /sim/stats.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {SimHandle} from '../../../source/sim/launch.js';
import {ApiClient} from '../api-client.js';
import {nodeNames, startFixtureSim, tokens} from '../fixture-profile.js';

const probePod = (name: string, extra: Record<string, unknown> = {}) => ({
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name, labels: {'app.kubernetes.io/name': 'prg-probe', run: name} as Record<string, string>},
	spec: {
		restartPolicy: 'Never',
		securityContext: {runAsNonRoot: true, runAsUser: 3377, runAsGroup: 3377},
		containers: [{name: 'probe', image: 'alpine:3.19', command: ['sh', '-c'], args: ['unshare -U echo OK || echo FAILED'], securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: {type: 'Unconfined'}}} as Record<string, unknown>],
		...extra,
	} as Record<string, unknown>,
});

async function waitForPhase(api: ApiClient, name: string, phases: string[], timeoutMs = 5000): Promise<any> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const answer = await api.send('GET', `/api/v1/namespaces/default/pods/${name}`);
		if (phases.includes(answer.json?.status?.phase)) return answer.json;
		if (Date.now() > deadline) assert.fail(`pod ${name} stayed ${answer.json?.status?.phase}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('sim API', () => {
	let sim: SimHandle;
	let api: ApiClient;
	before(async () => {
		sim = await startFixtureSim({historyLimit: 50});
		api = new ApiClient(sim.contexts[0].server, sim.kubeconfigPath, tokens.admin);
	});
	after(() => sim.stop());

	it('answers 401 Unauthorized without a valid token', async () => {
		for (const token of [null, 'not-a-token']) {
			const answer = await api.as(token).send('GET', '/api/v1/nodes');
			assert.equal(answer.status, 401);
			assert.deepEqual(answer.json, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401});
		}
	});

	it('serves /version and discovery with the profile version', async () => {
		const version = await api.send('GET', '/version');
		assert.equal(version.json.gitVersion, 'v1.31.2-eks-7f9249a');
		const core = await api.send('GET', '/api/v1');
		assert.equal(core.json.kind, 'APIResourceList');
		const pods = core.json.resources.find((resource: {name: string}) => resource.name === 'pods');
		assert.deepEqual(pods.shortNames, ['po']);
		assert.ok(pods.verbs.includes('watch') && pods.verbs.includes('deletecollection'));
		const groups = await api.send('GET', '/apis');
		assert.equal(groups.json.groups[0].name, 'authorization.k8s.io');
	});

	it('publishes OpenAPI v3 with fieldValidation on the pod PATCH operation', async () => {
		const root = await api.send('GET', '/openapi/v3');
		const url: string = root.json.paths['api/v1'].serverRelativeURL;
		assert.match(url, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
		const document = (await api.send('GET', url)).json;
		const patch = document.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
		assert.deepEqual(patch['x-kubernetes-group-version-kind'], {group: '', kind: 'Pod', version: 'v1'});
		assert.ok(patch.parameters.some((parameter: {name: string; in: string}) => parameter.name === 'fieldValidation' && parameter.in === 'query'));
		assert.deepEqual(document.components.schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [{group: '', kind: 'Pod', version: 'v1'}]);
	});

	it('lists nodes with a resourceVersion, label selectors and limit/continue', async () => {
		const list = await api.send('GET', '/api/v1/nodes');
		assert.equal(list.json.kind, 'NodeList');
		assert.match(list.json.metadata.resourceVersion, /^\d+$/);
		assert.equal(list.json.items.length, 4);
		const gpu = await api.send('GET', `/api/v1/nodes?labelSelector=${encodeURIComponent('eks.amazonaws.com/nodegroup=gpu')}`);
		assert.deepEqual(gpu.json.items.map((node: any) => node.metadata.name), [nodeNames.tainted]);
		const notGpu = await api.send('GET', `/api/v1/nodes?labelSelector=${encodeURIComponent('eks.amazonaws.com/nodegroup notin (gpu)')}`);
		assert.equal(notGpu.json.items.length, 3);
		const first = await api.send('GET', '/api/v1/nodes?limit=3');
		assert.equal(first.json.items.length, 3);
		assert.equal(first.json.metadata.remainingItemCount, 1);
		const rest = await api.send('GET', `/api/v1/nodes?limit=3&continue=${first.json.metadata.continue}`);
		assert.equal(rest.json.items.length, 1);
		assert.equal(rest.json.metadata.continue, undefined);
	});

	it('serves Tables when asked the way kubectl asks', async () => {
		const table = await api.send('GET', '/api/v1/nodes', undefined, {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'});
		assert.equal(table.json.kind, 'Table');
		assert.deepEqual(table.json.columnDefinitions.filter((column: any) => column.priority === 0).map((column: any) => column.name), ['Name', 'Status', 'Roles', 'Age', 'Version']);
		const row = table.json.rows.find((entry: any) => entry.cells[0] === nodeNames.notReady);
		assert.equal(row.cells[1], 'NotReady');
		assert.equal(row.object.kind, 'PartialObjectMetadata');
	});

	it('refuses bad selectors with 400 BadRequest', async () => {
		const field = await api.send('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.color%3Dred');
		assert.equal(field.status, 400);
		assert.equal(field.json.reason, 'BadRequest');
		assert.equal(field.json.message, 'field label not supported: spec.color');
	});

	it('answers 404 NotFound, 409 AlreadyExists and 422 Invalid as Status bodies', async () => {
		const missing = await api.send('GET', '/api/v1/namespaces/default/pods/nope');
		assert.equal(missing.status, 404);
		assert.deepEqual(missing.json, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: {name: 'nope', kind: 'pods'}, code: 404});

		const created = await api.send('POST', '/api/v1/namespaces/default/pods', probePod('twice', {nodeName: nodeNames.al2023}));
		assert.equal(created.status, 201);
		const again = await api.send('POST', '/api/v1/namespaces/default/pods', probePod('twice', {nodeName: nodeNames.al2023}));
		assert.equal(again.status, 409);
		assert.equal(again.json.reason, 'AlreadyExists');
		assert.equal(again.json.message, 'pods "twice" already exists');

		const bad = probePod('Bad_Name', {restartPolicy: 'Sometimes', activeDeadlineSeconds: 0});
		const invalid = await api.send('POST', '/api/v1/namespaces/default/pods', bad);
		assert.equal(invalid.status, 422);
		assert.equal(invalid.json.reason, 'Invalid');
		assert.equal(invalid.json.details.kind, 'Pod');
		assert.deepEqual(invalid.json.details.causes.map((cause: any) => [cause.reason, cause.field]), [
			['FieldValueInvalid', 'metadata.name'],
			['FieldValueNotSupported', 'spec.restartPolicy'],
			['FieldValueInvalid', 'spec.activeDeadlineSeconds'],
		]);
		assert.match(invalid.json.message, /^Pod "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
		assert.match(invalid.json.message, /spec\.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"/);
	});

	it('decodes strictly when asked, and warns otherwise', async () => {
		const body = probePod('strict');
		(body.spec.containers as Record<string, unknown>[])[0].colour = 'blue';
		const strict = await api.send('POST', '/api/v1/namespaces/default/pods?fieldValidation=Strict', body);
		assert.equal(strict.status, 400);
		assert.equal(strict.json.message, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].colour"');
		const warned = await api.send('POST', '/api/v1/namespaces/default/pods?dryRun=All', body);
		assert.equal(warned.status, 201);
		assert.equal(warned.headers.warning, '299 - "unknown field \\"spec.containers[0].colour\\""');
	});

	it('answers 403 with RBAC wording for a read-only user, and SSAR agrees', async () => {
		const viewer = api.as(tokens.viewer);
		const refused = await viewer.send('POST', '/api/v1/namespaces/default/pods', probePod('ro'));
		assert.equal(refused.status, 403);
		assert.equal(refused.json.reason, 'Forbidden');
		assert.equal(refused.json.message, 'pods is forbidden: User "arn:aws:iam::111122223333:user/viewer" cannot create resource "pods" in API group "" in the namespace "default"');
		assert.deepEqual(refused.json.details, {kind: 'pods'});
		const review = (verb: string, resource: string, subresource?: string) => ({apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {resourceAttributes: {namespace: 'default', verb, resource, ...(subresource ? {subresource} : {})}}});
		const denied = await viewer.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review('create', 'pods'));
		assert.equal(denied.status, 201);
		assert.equal(denied.json.status.allowed, false);
		const logs = await viewer.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review('get', 'pods', 'log'));
		assert.equal(logs.json.status.allowed, true);
		const admin = await api.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review('create', 'pods'));
		assert.equal(admin.json.status.allowed, true);
	});

	it("refuses the probe in a baseline namespace with Pod Security Admission's message", async () => {
		const refused = await api.send('POST', '/api/v1/namespaces/restricted-ns/pods', probePod('psa'));
		assert.equal(refused.status, 403);
		assert.equal(refused.json.reason, 'Forbidden');
		assert.equal(refused.json.message, 'pods "psa" is forbidden: violates PodSecurity "baseline:latest": seccompProfile (container "probe" must not set securityContext.seccompProfile.type to "Unconfined")');
	});

	it('admits under a warn label but says what would violate, as a Warning header', async () => {
		const admitted = await api.send('POST', '/api/v1/namespaces/warned-ns/pods?dryRun=All', probePod('warned'));
		assert.equal(admitted.status, 201);
		assert.equal(admitted.headers.warning, '299 - "would violate PodSecurity \\"baseline:latest\\": seccompProfile (container \\"probe\\" must not set securityContext.seccompProfile.type to \\"Unconfined\\")"');
	});

	it('creates with generateName, runs the pod to Succeeded and serves its log', async () => {
		const body = probePod('');
		body.metadata = {generateName: 'prg-probe-', labels: {'app.kubernetes.io/name': 'prg-probe'}} as never;
		body.spec.nodeName = nodeNames.bottlerocket;
		const created = await api.send('POST', '/api/v1/namespaces/default/pods', body);
		assert.equal(created.status, 201);
		const name: string = created.json.metadata.name;
		assert.match(name, /^prg-probe-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		assert.equal(created.json.status.phase, 'Pending');
		const done = await waitForPhase(api, name, ['Succeeded', 'Failed']);
		assert.equal(done.status.phase, 'Succeeded');
		assert.equal(done.status.containerStatuses[0].state.terminated.reason, 'Completed');
		assert.ok(done.status.startTime);
		const log = await api.send('GET', `/api/v1/namespaces/default/pods/${name}/log`);
		assert.equal(log.text, 'unshare: unshare(0x10000000): No space left on device\nFAILED\n');
		const tail = await api.send('GET', `/api/v1/namespaces/default/pods/${name}/log?tailLines=1&timestamps=true`);
		assert.match(tail.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z FAILED\n$/);
		const previous = await api.send('GET', `/api/v1/namespaces/default/pods/${name}/log?previous=true`);
		assert.equal(previous.status, 400);
		assert.equal(previous.json.message, `previous terminated container "probe" in pod "${name}" not found`);
		const events = await api.send('GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`);
		const reasons = events.json.items.map((event: any) => event.reason);
		for (const reason of ['Pulling', 'Created', 'Started']) assert.ok(reasons.includes(reason), `${reason} in ${reasons}`);
		const stats = await api.as(null).send('GET', '/sim/stats');
		assert.ok(stats.json.requests['get pods/log'] >= 1);
		assert.ok(stats.json.requests['create pods'] >= 1);
		assert.equal(typeof stats.json.probePods, 'number');
	});

	it('follows a log until the container ends', async () => {
		const body = probePod('follow', {nodeName: nodeNames.al2023});
		(body.spec.containers as Record<string, unknown>[])[0].args = ['sleep 0.4; unshare -U echo OK || echo FAILED'];
		await api.send('POST', '/api/v1/namespaces/default/pods', body);
		await waitForPhase(api, 'follow', ['Running']);
		const started = Date.now();
		const followed = await api.send('GET', '/api/v1/namespaces/default/pods/follow/log?follow=true');
		assert.equal(followed.status, 200);
		assert.equal(followed.text, 'OK\n');
		assert.ok(Date.now() - started >= 150, 'the stream stayed open while the container ran');
		const done = await waitForPhase(api, 'follow', ['Succeeded']);
		assert.equal(done.status.containerStatuses[0].state.terminated.exitCode, 0);
	});

	it('fails a running pod past activeDeadlineSeconds with DeadlineExceeded', async () => {
		const body = probePod('deadline', {nodeName: nodeNames.al2023, activeDeadlineSeconds: 1});
		(body.spec.containers as Record<string, unknown>[])[0].args = ['sleep 30'];
		await api.send('POST', '/api/v1/namespaces/default/pods', body);
		const failed = await waitForPhase(api, 'deadline', ['Failed', 'Succeeded'], 5000);
		assert.equal(failed.status.phase, 'Failed');
		assert.equal(failed.status.reason, 'DeadlineExceeded');
		assert.equal(failed.status.message, 'Pod was active on the node longer than the specified deadline');
		assert.equal(failed.status.containerStatuses[0].state.terminated.exitCode, 137);
	});

	it('counts live probe pods in /sim/stats', async () => {
		const count = async () => (await api.as(null).send('GET', '/sim/stats')).json.probePods as number;
		const before = await count();
		await api.send('POST', '/api/v1/namespaces/default/pods', probePod('counted', {nodeName: nodeNames.notReady}));
		const other = probePod('not-a-probe', {nodeName: nodeNames.notReady});
		other.metadata.labels = {app: 'web'};
		await api.send('POST', '/api/v1/namespaces/default/pods', other);
		assert.equal(await count(), before + 1);
		await api.send('DELETE', '/api/v1/namespaces/default/pods/counted');
		await api.send('DELETE', '/api/v1/namespaces/default/pods/not-a-probe');
		assert.equal(await count(), before);
	});

	it('schedules an unpinned pod onto a Ready node whose taints it tolerates', async () => {
		const created = await api.send('POST', '/api/v1/namespaces/default/pods', probePod('unpinned'));
		assert.equal(created.status, 201);
		const done = await waitForPhase(api, 'unpinned', ['Succeeded']);
		assert.ok([nodeNames.bottlerocket, nodeNames.al2023].includes(done.spec.nodeName), done.spec.nodeName);
	});

	it('leaves a pod on a NotReady node Pending, with no log yet', async () => {
		await api.send('POST', '/api/v1/namespaces/default/pods', probePod('stuck', {nodeName: nodeNames.notReady}));
		await new Promise((resolve) => setTimeout(resolve, 300));
		const stuck = await api.send('GET', '/api/v1/namespaces/default/pods/stuck');
		assert.equal(stuck.json.status.phase, 'Pending');
		assert.equal(stuck.json.status.startTime, undefined);
		const log = await api.send('GET', '/api/v1/namespaces/default/pods/stuck/log');
		assert.equal(log.status, 400);
		assert.equal(log.json.message, 'container "probe" in pod "stuck" is waiting to start: ContainerCreating');
	});

	it('watches from a resourceVersion: replays later events, then ADDED/MODIFIED/DELETED live', async () => {
		const list = await api.send('GET', '/api/v1/namespaces/default/pods?labelSelector=run%3Dwatched');
		const from = list.json.metadata.resourceVersion;
		await api.send('POST', '/api/v1/namespaces/default/pods', probePod('watched', {nodeName: nodeNames.al2023}));
		const watching = api.watch(`/api/v1/namespaces/default/pods?watch=true&labelSelector=run%3Dwatched&resourceVersion=${from}`, (events) => events.some((event) => event.type === 'DELETED'));
		await waitForPhase(api, 'watched', ['Succeeded']);
		const deleted = await api.send('DELETE', '/api/v1/namespaces/default/pods/watched');
		assert.equal(deleted.status, 200);
		const {events} = await watching;
		assert.equal(events[0].type, 'ADDED');
		assert.equal(events[0].object.metadata.name, 'watched');
		const phases = events.filter((event) => event.type === 'MODIFIED').map((event) => event.object.status.phase);
		assert.ok(phases.includes('Running') && phases.at(-1) === 'Succeeded', phases.join());
		assert.equal(events.at(-1).type, 'DELETED');
		const versions = events.map((event) => Number(event.object.metadata.resourceVersion));
		assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
		assert.ok(versions[0] > Number(from));
	});

	it('ends a watch from a version older than the history with a 410 Expired ERROR event', async () => {
		for (let index = 0; index < 60; index++) await api.send('POST', '/api/v1/namespaces', {metadata: {name: `churn-${index}`}});
		const {events, ended} = await api.watch('/api/v1/namespaces/default/pods?watch=true&resourceVersion=1001', () => false, 3000);
		assert.equal(ended, true);
		assert.equal(events.length, 1);
		assert.equal(events[0].type, 'ERROR');
		assert.equal(events[0].object.code, 410);
		assert.equal(events[0].object.reason, 'Expired');
		assert.match(events[0].object.message, /^too old resource version: 1001 \(\d+\)$/);
	});

	it('drops a watch when its client goes away', async () => {
		const before = (await api.as(null).send('GET', '/sim/stats')).json.watches;
		await api.watch('/api/v1/namespaces/default/pods?watch=true', (events) => events.length > 0 || true, 200);
		await api.watch('/api/v1/nodes?watch=true&allowWatchBookmarks=true', () => false, 200);
		for (let tries = 0; tries < 50; tries++) {
			if ((await api.as(null).send('GET', '/sim/stats')).json.watches === before) break;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		assert.equal((await api.as(null).send('GET', '/sim/stats')).json.watches, before);
	});

	it('ends the stream at timeoutSeconds', async () => {
		const started = Date.now();
		const from = (await api.send('GET', '/api/v1/nodes')).json.metadata.resourceVersion;
		const {ended} = await api.watch(`/api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion=${from}`, () => false, 5000);
		assert.equal(ended, true);
		assert.ok(Date.now() - started >= 900);
	});

	it('server-side applies: creates, re-applies unchanged, refuses a spec change', async () => {
		const ssa = {'Content-Type': 'application/apply-patch+yaml'};
		const body = probePod('applied', {nodeName: nodeNames.notReady});
		const created = await api.send('PATCH', '/api/v1/namespaces/default/pods/applied?fieldManager=kubectl&fieldValidation=Strict', body, ssa);
		assert.equal(created.status, 201);
		const again = await api.send('PATCH', '/api/v1/namespaces/default/pods/applied?fieldManager=kubectl', body, ssa);
		assert.equal(again.status, 200);
		const changed = await api.send('PATCH', '/api/v1/namespaces/default/pods/applied?fieldManager=kubectl', probePod('applied', {nodeName: nodeNames.al2023}), ssa);
		assert.equal(changed.status, 422);
		assert.match(changed.json.message, /^Pod "applied" is invalid: spec: Forbidden: pod updates may not change fields other than/);
		const noManager = await api.send('PATCH', '/api/v1/namespaces/default/pods/applied', body, ssa);
		assert.equal(noManager.status, 422);
		await api.send('DELETE', '/api/v1/namespaces/default/pods/applied');
	});

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

	it('deletes a collection by label selector', async () => {
		for (const name of ['sweep-a', 'sweep-b']) {
			const body = probePod(name, {nodeName: nodeNames.notReady});
			body.metadata.labels['prg-doctor.io/run'] = 'sweep';
			await api.send('POST', '/api/v1/namespaces/default/pods', body);
		}
		const swept = await api.send('DELETE', '/api/v1/namespaces/default/pods?labelSelector=prg-doctor.io%2Frun%3Dsweep');
		assert.equal(swept.status, 200);
		assert.deepEqual(swept.json.items.map((pod: any) => pod.metadata.name).sort(), ['sweep-a', 'sweep-b']);
		const left = await api.send('GET', '/api/v1/namespaces/default/pods?labelSelector=prg-doctor.io%2Frun%3Dsweep');
		assert.equal(left.json.items.length, 0);
	});
});
