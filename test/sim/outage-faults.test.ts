// The outage faults as a client meets them: node-not-ready (a node's kubelet stops mid-run, the
// node lifecycle controller marks it Unknown and taints it, and it comes back) and evict (a running
// probe pod evicted for memory pressure), with the statuses and events a real cluster writes.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {SimOptions} from '../../source/sim/launch.js';
import {ApiClient, type Answer} from './api-client.js';
import {nodeNames, startFixtureSim, tokens} from './fixture-profile.js';

async function withSim<T>(options: SimOptions, run: (api: ApiClient) => Promise<T>): Promise<T> {
	const sim = await startFixtureSim(options);
	try {
		return await run(new ApiClient(sim.contexts[0].server, sim.kubeconfigPath, tokens.admin));
	} finally {
		await sim.stop();
	}
}

function probePod(name: string, node: string, extra: {grace?: number; labelled?: boolean} = {}) {
	return {
		metadata: {name, labels: extra.labelled === false ? {app: 'other'} : {'app.kubernetes.io/name': 'prg-probe'}},
		spec: {restartPolicy: 'Never', nodeName: node, terminationGracePeriodSeconds: extra.grace ?? 0, containers: [{name: 'probe', image: 'alpine:3.19', command: ['sh', '-c', 'sleep 0.3; echo OK'], resources: {requests: {memory: '16Mi'}}}]},
	};
}

async function until(what: string, read: () => Promise<Answer>, done: (answer: Answer) => boolean, timeoutMs = 5000): Promise<Answer> {
	const started = Date.now();
	for (;;) {
		const answer = await read();
		if (done(answer)) return answer;
		if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(answer.json?.status ?? answer.text).slice(0, 1500)}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const condition = (object: any, type: string) => (object.status?.conditions ?? []).find((entry: {type: string}) => entry.type === type);
const podPath = (name: string) => `/api/v1/namespaces/default/pods/${name}`;

async function eventsOf(api: ApiClient, kind: string, name: string): Promise<string[]> {
	const list = await api.send('GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`);
	return list.json.items.filter((event: any) => event.involvedObject.kind === kind).map((event: any) => `${event.type} ${event.reason} ${event.source.component} ${event.message}`);
}

describe('sim outage faults', () => {
	it('node-not-ready: the node goes Unknown and tainted mid-run, other nodes run on, and it comes back', async () => {
		// The first probe pod rolls a hit, the second a miss.
		const dice = [0, 0.99];
		await withSim({faults: ['node-not-ready:0.5'], nodeOutageMs: 1500, random: () => dice.shift() ?? 0.99}, async (api) => {
			const nodePath = `/api/v1/nodes/${nodeNames.al2023}`;
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('lost', nodeNames.al2023))).status, 201);
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('elsewhere', nodeNames.bottlerocket))).status, 201);

			const node = (await until('the node to go NotReady', () => api.send('GET', nodePath), (answer) => condition(answer.json, 'Ready')?.status === 'Unknown')).json;
			assert.deepEqual(
				['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].filter((type) => condition(node, type)).map((type) => [type, condition(node, type).status, condition(node, type).reason, condition(node, type).message]),
				['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].filter((type) => condition(node, type)).map((type) => [type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']),
			);
			assert.deepEqual(node.spec.taints.map((taint: any) => `${taint.key}:${taint.effect}:${typeof taint.timeAdded}`), ['node.kubernetes.io/unreachable:NoSchedule:string', 'node.kubernetes.io/unreachable:NoExecute:string']);
			assert.ok((await eventsOf(api, 'Node', nodeNames.al2023)).includes(`Normal NodeNotReady node-controller Node ${nodeNames.al2023} status is now: NodeNotReady`));

			// The pod that was running there keeps its phase, with Ready False, as MarkPodsNotReady leaves it.
			const lost = (await until('the pod to be marked not ready', () => api.send('GET', podPath('lost')), (answer) => condition(answer.json, 'Ready')?.status === 'False')).json;
			assert.equal(lost.status.phase, 'Running');
			assert.equal(lost.status.reason, undefined);
			assert.ok((await eventsOf(api, 'Pod', 'lost')).includes('Warning NodeNotReady node-controller Node is not ready'));

			// Probe pods on other nodes are unaffected.
			const elsewhere = await until('the other node\'s probe to finish', () => api.send('GET', podPath('elsewhere')), (answer) => answer.json.status?.phase === 'Succeeded');
			assert.equal(elsewhere.json.status.reason, undefined);
			assert.equal(condition((await api.send('GET', `/api/v1/nodes/${nodeNames.bottlerocket}`)).json, 'Ready').status, 'True');

			// While it is away: a pod bound there never starts; deleting it waits for the kubelet unless its grace period is 0.
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('graceful', nodeNames.al2023, {grace: 30}))).status, 201);
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('forced', nodeNames.al2023))).status, 201);
			await new Promise((resolve) => setTimeout(resolve, 200));
			assert.equal((await api.send('GET', podPath('graceful'))).json.status.phase, 'Pending');
			assert.equal((await api.send('DELETE', podPath('graceful'))).status, 200);
			assert.equal((await api.send('DELETE', podPath('forced'))).status, 200);
			assert.equal((await api.send('GET', podPath('forced'))).status, 404);
			const terminating = await api.send('GET', podPath('graceful'));
			assert.equal(terminating.status, 200);
			assert.equal(typeof terminating.json.metadata.deletionTimestamp, 'string');

			// Back: Ready again, untainted; the deletion it missed is confirmed; the pod whose container it lost is Failed.
			const back = (await until('the node to come back', () => api.send('GET', nodePath), (answer) => condition(answer.json, 'Ready')?.status === 'True', 5000)).json;
			assert.equal(condition(back, 'Ready').reason, 'KubeletReady');
			assert.equal(back.spec.taints, undefined);
			assert.ok((await eventsOf(api, 'Node', nodeNames.al2023)).includes(`Normal NodeReady kubelet Node ${nodeNames.al2023} status is now: NodeReady`));
			await until('the graceful deletion to complete', () => api.send('GET', podPath('graceful')), (answer) => answer.status === 404);
			const failed = (await until('the lost pod to fail', () => api.send('GET', podPath('lost')), (answer) => answer.json.status?.phase === 'Failed')).json;
			assert.deepEqual(failed.status.containerStatuses[0].state.terminated, {exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: null, finishedAt: null});
		});
	});

	it('node-not-ready:0 leaves every node Ready', async () => {
		await withSim({faults: ['node-not-ready:0']}, async (api) => {
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('fine', nodeNames.al2023))).status, 201);
			await until('the probe to finish', () => api.send('GET', podPath('fine')), (answer) => answer.json.status?.phase === 'Succeeded');
			assert.equal(condition((await api.send('GET', `/api/v1/nodes/${nodeNames.al2023}`)).json, 'Ready').status, 'True');
		});
	});

	it('evict fails a running probe pod with the kubelet\'s eviction status and events; other pods are not touched', async () => {
		await withSim({faults: ['evict:1']}, async (api) => {
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('evicted', nodeNames.al2023))).status, 201);
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', probePod('workload', nodeNames.al2023, {labelled: false}))).status, 201);
			const pod = (await until('the eviction', () => api.send('GET', podPath('evicted')), (answer) => answer.json.status?.phase === 'Failed')).json;
			const message = 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87608Ki. Container probe was using 1148Ki, request is 16Mi, has larger consumption of memory. ';
			assert.equal(pod.status.reason, 'Evicted');
			assert.equal(pod.status.message, message);
			assert.deepEqual(
				{status: condition(pod, 'DisruptionTarget').status, reason: condition(pod, 'DisruptionTarget').reason, message: condition(pod, 'DisruptionTarget').message},
				{status: 'True', reason: 'TerminationByKubelet', message},
			);
			assert.equal(pod.status.containerStatuses[0].state.terminated.reason, 'ContainerStatusUnknown');
			assert.equal(pod.status.containerStatuses[0].state.terminated.exitCode, 137);
			const events = await eventsOf(api, 'Pod', 'evicted');
			assert.ok(events.includes(`Warning Evicted kubelet ${message}`), events.join('\n'));
			assert.ok(events.includes('Normal Killing kubelet Stopping container probe'), events.join('\n'));
			await until('the other pod to finish', () => api.send('GET', podPath('workload')), (answer) => answer.json.status?.phase === 'Succeeded');
			// A Failed pod has nothing left to stop: it is deleted at once.
			assert.equal((await api.send('DELETE', podPath('evicted'))).status, 200);
			assert.equal((await api.send('GET', podPath('evicted'))).status, 404);
		});
	});
});
