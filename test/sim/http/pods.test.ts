// Pods over real HTTPS: Status bodies with real codes/reasons/messages (404/409/422/403, PSA),
// strict decoding, generateName, the kubelet lifecycle, logs, deadlines, scheduling, deletes, SSA.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {nodeNames, tokens, useFixtureSim} from '../fixture-profile.js';
import {probePod, waitForPhase} from './pod-helpers.js';

describe('sim pods', () => {
	const fixture = useFixtureSim();

	it('answers 404 NotFound, 409 AlreadyExists and 422 Invalid as Status bodies', async () => {
		const missing = await fixture.api.send('GET', '/api/v1/namespaces/default/pods/nope');
		assert.equal(missing.status, 404);
		assert.deepEqual(missing.json, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: {name: 'nope', kind: 'pods'}, code: 404});

		const created = await fixture.api.send('POST', '/api/v1/namespaces/default/pods', probePod('twice', {nodeName: nodeNames.al2023}));
		assert.equal(created.status, 201);
		const again = await fixture.api.send('POST', '/api/v1/namespaces/default/pods', probePod('twice', {nodeName: nodeNames.al2023}));
		assert.equal(again.status, 409);
		assert.equal(again.json.reason, 'AlreadyExists');
		assert.equal(again.json.message, 'pods "twice" already exists');

		const bad = probePod('Bad_Name', {restartPolicy: 'Sometimes', activeDeadlineSeconds: 0});
		const invalid = await fixture.api.send('POST', '/api/v1/namespaces/default/pods', bad);
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
		const strict = await fixture.api.send('POST', '/api/v1/namespaces/default/pods?fieldValidation=Strict', body);
		assert.equal(strict.status, 400);
		assert.equal(strict.json.message, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].colour"');
		const warned = await fixture.api.send('POST', '/api/v1/namespaces/default/pods?dryRun=All', body);
		assert.equal(warned.status, 201);
		assert.equal(warned.headers.warning, '299 - "unknown field \\"spec.containers[0].colour\\""');
	});

	it('answers 403 with RBAC wording for a read-only user, and SSAR agrees', async () => {
		const viewer = fixture.api.as(tokens.viewer);
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
		const admin = await fixture.api.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review('create', 'pods'));
		assert.equal(admin.json.status.allowed, true);
	});

	it("refuses the probe in a baseline namespace with Pod Security Admission's message", async () => {
		const refused = await fixture.api.send('POST', '/api/v1/namespaces/restricted-ns/pods', probePod('psa'));
		assert.equal(refused.status, 403);
		assert.equal(refused.json.reason, 'Forbidden');
		assert.equal(refused.json.message, 'pods "psa" is forbidden: violates PodSecurity "baseline:latest": seccompProfile (container "probe" must not set securityContext.seccompProfile.type to "Unconfined")');
	});

	it('admits under a warn label but says what would violate, as a Warning header', async () => {
		const admitted = await fixture.api.send('POST', '/api/v1/namespaces/warned-ns/pods?dryRun=All', probePod('warned'));
		assert.equal(admitted.status, 201);
		assert.equal(admitted.headers.warning, '299 - "would violate PodSecurity \\"baseline:latest\\": seccompProfile (container \\"probe\\" must not set securityContext.seccompProfile.type to \\"Unconfined\\")"');
	});

	it('creates with generateName, runs the pod to Succeeded and serves its log', async () => {
		const body = probePod('');
		body.metadata = {generateName: 'prg-probe-', labels: {'app.kubernetes.io/name': 'prg-probe'}} as never;
		body.spec.nodeName = nodeNames.bottlerocket;
		const created = await fixture.api.send('POST', '/api/v1/namespaces/default/pods', body);
		assert.equal(created.status, 201);
		const name: string = created.json.metadata.name;
		assert.match(name, /^prg-probe-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		assert.equal(created.json.status.phase, 'Pending');
		const done = await waitForPhase(fixture.api, name, ['Succeeded', 'Failed']);
		assert.equal(done.status.phase, 'Succeeded');
		assert.equal(done.status.containerStatuses[0].state.terminated.reason, 'Completed');
		assert.ok(done.status.startTime);
		const log = await fixture.api.send('GET', `/api/v1/namespaces/default/pods/${name}/log`);
		assert.equal(log.text, 'unshare: unshare(0x10000000): No space left on device\nFAILED\n');
		const tail = await fixture.api.send('GET', `/api/v1/namespaces/default/pods/${name}/log?tailLines=1&timestamps=true`);
		assert.match(tail.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z FAILED\n$/);
		const previous = await fixture.api.send('GET', `/api/v1/namespaces/default/pods/${name}/log?previous=true`);
		assert.equal(previous.status, 400);
		assert.equal(previous.json.message, `previous terminated container "probe" in pod "${name}" not found`);
		const events = await fixture.api.send('GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`);
		const reasons = events.json.items.map((event: any) => event.reason);
		for (const reason of ['Pulling', 'Created', 'Started']) assert.ok(reasons.includes(reason), `${reason} in ${reasons}`);
		const stats = await fixture.api.as(null).send('GET', '/sim/stats');
		assert.ok(stats.json.requests['get pods/log'] >= 1);
		assert.ok(stats.json.requests['create pods'] >= 1);
		assert.equal(typeof stats.json.probePods, 'number');
	});

	it('follows a log until the container ends', async () => {
		const body = probePod('follow', {nodeName: nodeNames.al2023});
		(body.spec.containers as Record<string, unknown>[])[0].args = ['sleep 1; unshare -U echo OK || echo FAILED'];
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', body);
		await waitForPhase(fixture.api, 'follow', ['Running']);
		const started = Date.now();
		const followed = await fixture.api.send('GET', '/api/v1/namespaces/default/pods/follow/log?follow=true');
		assert.equal(followed.status, 200);
		assert.equal(followed.text, 'OK\n');
		assert.ok(Date.now() - started >= 150, 'the stream stayed open while the container ran');
		const done = await waitForPhase(fixture.api, 'follow', ['Succeeded']);
		assert.equal(done.status.containerStatuses[0].state.terminated.exitCode, 0);
	});

	it('deletes a running pod gracefully: Terminating, Killing event, then gone', async () => {
		const body = probePod('running-delete', {nodeName: nodeNames.al2023});
		(body.spec.containers as Record<string, unknown>[])[0].args = ['sleep 30'];
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', body);
		await waitForPhase(fixture.api, 'running-delete', ['Running']);
		const deleted = await fixture.api.send('DELETE', '/api/v1/namespaces/default/pods/running-delete');
		assert.equal(deleted.status, 200);
		assert.ok(deleted.json.metadata.deletionTimestamp);
		assert.equal(deleted.json.metadata.deletionGracePeriodSeconds, 30);
		let status = 200;
		for (let tries = 0; tries < 100 && status === 200; tries++) {
			status = (await fixture.api.send('GET', '/api/v1/namespaces/default/pods/running-delete')).status;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		assert.equal(status, 404);
		const events = (await fixture.api.send('GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Drunning-delete,reason%3DKilling')).json.items;
		assert.equal(events[0]?.message, 'Stopping container probe');
	});

	it('fails a running pod past activeDeadlineSeconds with DeadlineExceeded', async () => {
		const body = probePod('deadline', {nodeName: nodeNames.al2023, activeDeadlineSeconds: 1});
		(body.spec.containers as Record<string, unknown>[])[0].args = ['sleep 30'];
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', body);
		const failed = await waitForPhase(fixture.api, 'deadline', ['Failed', 'Succeeded'], 5000);
		assert.equal(failed.status.phase, 'Failed');
		assert.equal(failed.status.reason, 'DeadlineExceeded');
		assert.equal(failed.status.message, 'Pod was active on the node longer than the specified deadline');
		assert.equal(failed.status.containerStatuses[0].state.terminated.exitCode, 137);
	});

	it('counts live probe pods in /sim/stats', async () => {
		const count = async () => (await fixture.api.as(null).send('GET', '/sim/stats')).json.probePods as number;
		const before = await count();
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', probePod('counted', {nodeName: nodeNames.notReady}));
		const other = probePod('not-a-probe', {nodeName: nodeNames.notReady});
		other.metadata.labels = {app: 'web'};
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', other);
		assert.equal(await count(), before + 1);
		await fixture.api.send('DELETE', '/api/v1/namespaces/default/pods/counted');
		await fixture.api.send('DELETE', '/api/v1/namespaces/default/pods/not-a-probe');
		assert.equal(await count(), before);
	});

	it('schedules an unpinned pod onto a Ready node whose taints it tolerates', async () => {
		const created = await fixture.api.send('POST', '/api/v1/namespaces/default/pods', probePod('unpinned'));
		assert.equal(created.status, 201);
		const done = await waitForPhase(fixture.api, 'unpinned', ['Succeeded']);
		assert.ok([nodeNames.bottlerocket, nodeNames.al2023].includes(done.spec.nodeName), done.spec.nodeName);
	});

	it('leaves a pod on a NotReady node Pending, with no log yet', async () => {
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', probePod('stuck', {nodeName: nodeNames.notReady}));
		await new Promise((resolve) => setTimeout(resolve, 300));
		const stuck = await fixture.api.send('GET', '/api/v1/namespaces/default/pods/stuck');
		assert.equal(stuck.json.status.phase, 'Pending');
		assert.equal(stuck.json.status.startTime, undefined);
		const log = await fixture.api.send('GET', '/api/v1/namespaces/default/pods/stuck/log');
		assert.equal(log.status, 400);
		assert.equal(log.json.message, 'container "probe" in pod "stuck" is waiting to start: ContainerCreating');
	});

	it('server-side applies: creates, re-applies unchanged, refuses a spec change', async () => {
		const ssa = {'Content-Type': 'application/apply-patch+yaml'};
		const body = probePod('applied', {nodeName: nodeNames.notReady});
		const created = await fixture.api.send('PATCH', '/api/v1/namespaces/default/pods/applied?fieldManager=kubectl&fieldValidation=Strict', body, ssa);
		assert.equal(created.status, 201);
		const again = await fixture.api.send('PATCH', '/api/v1/namespaces/default/pods/applied?fieldManager=kubectl', body, ssa);
		assert.equal(again.status, 200);
		const changed = await fixture.api.send('PATCH', '/api/v1/namespaces/default/pods/applied?fieldManager=kubectl', probePod('applied', {nodeName: nodeNames.al2023}), ssa);
		assert.equal(changed.status, 422);
		assert.match(changed.json.message, /^Pod "applied" is invalid: spec: Forbidden: pod updates may not change fields other than/);
		const noManager = await fixture.api.send('PATCH', '/api/v1/namespaces/default/pods/applied', body, ssa);
		assert.equal(noManager.status, 422);
		await fixture.api.send('DELETE', '/api/v1/namespaces/default/pods/applied');
	});

	it('deletes a collection by label selector', async () => {
		for (const name of ['sweep-a', 'sweep-b']) {
			const body = probePod(name, {nodeName: nodeNames.notReady});
			body.metadata.labels['prg-doctor.io/run'] = 'sweep';
			await fixture.api.send('POST', '/api/v1/namespaces/default/pods', body);
		}
		const swept = await fixture.api.send('DELETE', '/api/v1/namespaces/default/pods?labelSelector=prg-doctor.io%2Frun%3Dsweep');
		assert.equal(swept.status, 200);
		assert.deepEqual(swept.json.items.map((pod: any) => pod.metadata.name).sort(), ['sweep-a', 'sweep-b']);
		const left = await fixture.api.send('GET', '/api/v1/namespaces/default/pods?labelSelector=prg-doctor.io%2Frun%3Dsweep');
		assert.equal(left.json.items.length, 0);
	});
});
