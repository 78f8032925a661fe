import {test} from 'node:test';
import assert from 'node:assert/strict';
import {runProbes} from '../../source/workflows/run-probes.js';
import type {NodeInfo} from '../../source/domain/types.js';
import type {ProbeOptions} from '../../source/workflows/types.js';
import {KubeError} from '../../source/errors.js';
import {FakeClient, type NodeBehaviour} from '../helpers/fake-client.js';

// Real busybox output on this machine with max_user_namespaces=0 (see test/fixtures/probe-outputs).
const enospc = 'unshare: unshare(0x10000000): No space left on device\nFAILED\n';

function node(name: string, pool: string, extra: Partial<NodeInfo> = {}): NodeInfo {
	return {
		name, pool, environment: 'eks-al2023', osImage: null, kernelVersion: null, containerRuntime: null, kubeletVersion: null,
		architecture: null, ready: true, schedulable: true, taints: [], prediction: {status: 'unknown', gate: null, reason: ''}, ...extra,
	};
}

function options(overrides: Partial<ProbeOptions> = {}): ProbeOptions {
	return {namespace: 'default', image: 'alpine:3.19', imagePullSecret: null, concurrency: 5, timeoutSeconds: 5, keep: false, signal: new AbortController().signal, ...overrides};
}

function fake(behaviours: Record<string, NodeBehaviour>) {
	return new FakeClient([], (name) => behaviours[name] ?? {});
}

test('ok and blocked nodes get their verdicts, pools count N/N ready, and no pod is left', async () => {
	const client = fake({'br-1': {log: enospc}, 'br-2': {log: enospc}});
	const run = await runProbes(client, [node('al-1', 'al2023'), node('br-1', 'bottlerocket'), node('br-2', 'bottlerocket')], options());
	const byNode = Object.fromEntries(run.results.map((result) => [result.node, result]));
	assert.equal(byNode['al-1']!.status, 'ok');
	assert.equal(byNode['br-1']!.status, 'failed');
	assert.equal(byNode['br-1']!.gate, 'userns-limit');
	assert.deepEqual(run.summary, {probed: 3, ok: 1, failed: 2, error: 0, timeout: 0, skipped: 0});
	assert.deepEqual(run.pools.map((pool) => `${pool.name} ${pool.ready}/${pool.total}`).sort(), ['al2023 1/1', 'bottlerocket 0/2']);
	assert.equal(client.livePods, 0);
	client.stop();
});

test('one watch per run and about three requests per node (create, log, delete)', async () => {
	const client = fake({});
	const targets = Array.from({length: 30}, (_, index) => node(`n-${index}`, 'pool'));
	await runProbes(client, targets, options({concurrency: 10}));
	const count = (call: string) => client.calls.filter((item) => item === call).length;
	assert.equal(count('watch pods'), 1);
	assert.equal(count('create pods'), 30);
	assert.equal(count('get pods/log'), 30);
	assert.ok(client.calls.length / 30 <= 3.2, `${client.calls.length} requests for 30 nodes`);
	client.stop();
});

test('a create whose response was lost is found by label, not created twice', async () => {
	const client = fake({});
	client.lostCreateResponses = 2;
	const run = await runProbes(client, [node('a', 'p'), node('b', 'p')], options({concurrency: 1}));
	assert.equal(client.calls.filter((call) => call === 'create pods').length, 2);
	assert.deepEqual(run.results.map((result) => result.status), ['ok', 'ok']);
	assert.equal(client.livePods, 0);
	client.stop();
});

test('image pull failures are errors with a reason, and the run exits undetermined', async () => {
	const client = fake({a: {imagePull: true}});
	const run = await runProbes(client, [node('a', 'p')], options());
	assert.equal(run.results[0]!.status, 'error');
	assert.match(run.results[0]!.reason ?? '', /^image-pull: ErrImagePull/);
	assert.match(run.results[0]!.reason ?? '', /could not pull \S+: pass --image .* or --image-pull-secret NAME/);
	assert.equal(client.livePods, 0);
	client.stop();
});

test('a pod stuck Pending times out and is still deleted', async () => {
	const client = fake({a: {stuck: true}});
	const run = await runProbes(client, [node('a', 'p')], options({timeoutSeconds: 0.2 as number}));
	assert.equal(run.results[0]!.status, 'timeout');
	assert.match(run.results[0]!.reason ?? '', /Pending/);
	assert.equal(client.livePods, 0);
	client.stop();
});

test('a node that went NotReady while its pod waited is error node-not-ready in the node\'s own words, not a timeout', async () => {
	// The Ready condition as the node lifecycle controller writes it when the kubelet goes silent.
	const lost = {metadata: {name: 'a'}, status: {conditions: [{type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'}]}};
	const client = new FakeClient([lost], () => ({stuck: true}));
	const run = await runProbes(client, [node('a', 'p')], options({timeoutSeconds: 0.2 as number}));
	assert.equal(run.results[0]!.status, 'error');
	assert.match(run.results[0]!.reason ?? '', /^node-not-ready: the node went NotReady while the probe ran \(Ready Unknown, NodeStatusUnknown: Kubelet stopped posting node status\.\)/);
	assert.equal(client.livePods, 0);
	client.stop();
});

test('a NotReady node is reported without creating a pod', async () => {
	const client = fake({});
	const run = await runProbes(client, [node('a', 'p', {ready: false})], options());
	assert.equal(run.results[0]!.status, 'error');
	assert.match(run.results[0]!.reason ?? '', /^node-not-ready/);
	assert.equal(client.calls.filter((call) => call === 'create pods').length, 0);
	client.stop();
});

test('a pod deleted by someone else is an honest error, never a wrong ok', async () => {
	const client = fake({a: {stuck: true}});
	const controller = new AbortController();
	const running = runProbes(client, [node('a', 'p')], options({signal: controller.signal}));
	while (client.pods.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
	client.deleteBehindOurBack([...client.pods.keys()][0]!);
	const run = await running;
	assert.equal(run.results[0]!.status, 'error');
	assert.match(run.results[0]!.reason ?? '', /^deleted/);
	client.stop();
});

test('aborting mid-run deletes every pod and marks the rest skipped', async () => {
	const client = fake(Object.fromEntries(Array.from({length: 10}, (_, index) => [`n-${index}`, {stuck: true}])));
	const controller = new AbortController();
	const targets = Array.from({length: 10}, (_, index) => node(`n-${index}`, 'pool'));
	const running = runProbes(client, targets, options({concurrency: 4, signal: controller.signal}));
	while (client.pods.size < 4) await new Promise((resolve) => setTimeout(resolve, 5));
	controller.abort();
	const run = await running;
	assert.equal(client.livePods, 0);
	assert.equal(run.summary.skipped, 10);
	client.stop();
});

test('an admission refusal stops the run with the refusal, leaving nothing behind', async () => {
	const client = fake({});
	client.createRefusal = new KubeError('admission', 'pods "prg-probe-x" is forbidden: violates PodSecurity "baseline:latest"', 'use a privileged namespace', 403);
	await assert.rejects(runProbes(client, [node('a', 'p'), node('b', 'p')], options()), (error: unknown) => error instanceof KubeError && error.kind === 'admission');
	assert.equal(client.livePods, 0);
	client.stop();
});

test('--keep leaves the pods for debugging', async () => {
	const client = fake({});
	await runProbes(client, [node('a', 'p')], options({keep: true}));
	assert.equal(client.livePods, 1);
	client.stop();
});

test('a server that goes away mid-run ends the run as unreachable, promptly, and reports the pods it could not delete', async () => {
	const client = fake({a: {stuck: true}, b: {stuck: true}});
	const cleanup: string[][] = [];
	const started = Date.now();
	const running = runProbes(client, [node('a', 'p'), node('b', 'p')], options({timeoutSeconds: 60, onProgress(event) {
		if (event.type === 'cleanup') cleanup.push([...event.failed]);
	}}));
	while (client.pods.size < 2) await new Promise((resolve) => setTimeout(resolve, 5));
	client.goAway();
	await assert.rejects(running, (error: unknown) => error instanceof KubeError && error.kind === 'unreachable');
	assert.ok(Date.now() - started < 15_000, `gave up after ${Date.now() - started} ms`);
	assert.equal(cleanup.length, 1);
	assert.equal(cleanup[0]!.length, 2);
	client.stop();
});

test('a generated pod name that is already taken is drawn again, not reported as a failure', async () => {
	const client = fake({});
	client.nameClashes = 2;
	const run = await runProbes(client, [node('a', 'p')], options());
	assert.equal(run.results[0]!.status, 'ok');
	assert.equal(client.calls.filter((call) => call === 'create pods').length, 3);
	assert.equal(client.livePods, 0);
	client.stop();
});

test('fifty slots at once raise no listener-leak warning', async () => {
	const warnings: string[] = [];
	const onWarning = (warning: Error) => warnings.push(warning.name);
	process.on('warning', onWarning);
	const client = fake({});
	await runProbes(client, Array.from({length: 60}, (_, index) => node(`n-${index}`, 'pool')), options({concurrency: 50}));
	await new Promise((resolve) => setImmediate(resolve));
	process.off('warning', onWarning);
	assert.deepEqual(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);
	client.stop();
});
