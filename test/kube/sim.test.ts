// The kube layer against the simulated clusters: a real HTTPS API with its own CA, verified (no
// insecure-skip-tls-verify), bearer tokens from the kubeconfig it writes, Status bodies, watches.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KPod, WatchEvent} from '../../source/domain/k8s.js';
import {buildProbePod, newRunId, probeLabels} from '../../source/domain/probe-pod.js';
import {KubeError} from '../../source/errors.js';
import {loadKubeconfig, type LoadedKubeconfig} from '../../source/kube/kubeconfig.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {rejection} from './helpers/rejection.js';

let sim: TestSim;
let config: LoadedKubeconfig;
before(async () => {
	sim = await startTestSim(null);
	config = await loadKubeconfig({path: sim.kubeconfigPath, env: {}});
});
after(() => sim.stop());


function probe(namespace: string, node: string | null, runId: string): KPod {
	return buildProbePod({namespace, node, image: 'alpine:3.19', runId, imagePullSecret: null, deadlineSeconds: 60});
}

describe('against the simulated clusters', () => {
	test('the sim kubeconfig lists its contexts, with TLS verification on', async () => {
		const names = config.contexts.map(context => context.name);
		for (const name of ['sim-eks', 'sim-eks-readonly', 'sim-openshift', 'kind-sim', 'minikube']) assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
		const raw = JSON.stringify(config.raw());
		assert.ok(!raw.includes('insecure-skip-tls-verify'));
		assert.ok(raw.includes('certificate-authority-data'));
	});

	test('version and listNodes on sim-eks', async () => {
		const client = await config.clientFor('sim-eks');
		const version = await client.version({timeoutMs: 3000});
		assert.match(version.gitVersion, /^v1\.\d+/);
		const nodes = await client.listNodes();
		assert.ok(nodes.items.length >= 3, `only ${nodes.items.length} nodes`);
		assert.ok(nodes.resourceVersion !== '');
		assert.ok(nodes.items.some(node => /Bottlerocket/.test(node.status?.nodeInfo?.osImage ?? '')), 'a Bottlerocket node group');
	});

	test('a probe pod watched from creation to its end, read and deleted', async () => {
		const client = await config.clientFor('sim-eks');
		const namespace = client.namespace;
		const runId = newRunId();
		const selector = `${probeLabels.run}=${runId}`;
		const listed = await client.listPods(namespace, {labelSelector: selector});
		assert.equal(listed.items.length, 0);
		const nodes = await client.listNodes();
		const node = nodes.items.find(candidate => !/Bottlerocket/.test(candidate.status?.nodeInfo?.osImage ?? ''))!.metadata!.name!;

		const controller = new AbortController();
		const events: WatchEvent<KPod>[] = [];
		let finished = false;
		const watch = client.watchPods(namespace, {
			labelSelector: selector,
			resourceVersion: listed.resourceVersion,
			signal: controller.signal,
			onEvent: event => {
				events.push(event);
				const phase = event.object.status?.phase;
				if (phase === 'Succeeded' || phase === 'Failed') {
					finished = true;
					controller.abort();
				}
			},
		});
		const created = await client.createPod(namespace, probe(namespace, node, runId));
		const name = created.metadata!.name!;
		assert.match(name, /^prg-probe-/);
		const timer = setTimeout(() => controller.abort(), 20_000);
		await watch;
		clearTimeout(timer);
		assert.ok(finished, `the watch saw ${events.map(event => `${event.type}:${event.object.status?.phase}`).join(', ')}`);
		assert.equal(events[0]!.type, 'ADDED');
		assert.ok(events.every(event => event.type === 'BOOKMARK' || event.object.metadata?.name === name));

		const log = await client.readPodLog(namespace, name);
		assert.match(log, /^prg-probe=1$/m);
		assert.match(log, /^(OK|FAILED)$/m);
		await client.deletePod(namespace, name);
		await client.deletePod(namespace, name);
		const after = await client.listPods(namespace, {labelSelector: selector});
		assert.ok(after.items.every(pod => pod.metadata?.deletionTimestamp !== undefined));
	});

	test('RBAC: the read-only user may not create pods', async () => {
		const client = await config.clientFor('sim-eks-readonly');
		const answer = await client.accessReview({verb: 'create', resource: 'pods', namespace: client.namespace});
		assert.equal(answer.allowed, false);
		const error = await rejection(client.createPod(client.namespace, probe(client.namespace, null, newRunId())));
		assert.equal(error.kind, 'forbidden');
		assert.match(error.message, /cannot create resource "pods"/);
		assert.match(error.hint, /kubectl auth can-i create pods/);
	});

	test('Pod Security: the baseline namespace refuses the Unconfined probe', async () => {
		const client = await config.clientFor('sim-eks');
		const namespace = await client.getNamespace('restricted-ns');
		assert.equal(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce'], 'baseline');
		const error = await rejection(client.createPod('restricted-ns', probe('restricted-ns', null, newRunId())));
		assert.equal(error.kind, 'admission');
		assert.match(error.message, /violates PodSecurity "baseline/);
		assert.match(error.hint, /enforce=privileged/);
	});

	test('a missing pod is not-found; deleting it is fine', async () => {
		const client = await config.clientFor('kind-sim');
		const error = await rejection(client.getPod(client.namespace, 'prg-probe-nothere'));
		assert.equal(error.kind, 'not-found');
		await client.deletePod(client.namespace, 'prg-probe-nothere');
	});
});

describe('resilience against injected faults', () => {
	test('resets, 429s and 5xx on reads are retried away', async () => {
		const flaky = await startTestSim(null, {faults: ['reset:0.2', 'api-error:0.2']});
		try {
			const flakyConfig = await loadKubeconfig({path: flaky.kubeconfigPath, env: {}});
			const client = await flakyConfig.clientFor('minikube');
			const before = (await flaky.stats('minikube')).total;
			const results = await Promise.allSettled(Array.from({length: 20}, () => client.listNodes()));
			const failed = results.filter(result => result.status === 'rejected');
			for (const failure of failed) {
				const error = (failure as PromiseRejectedResult).reason;
				assert.ok(error instanceof KubeError && (error.kind === 'server' || error.kind === 'unreachable'), String(error));
			}
			// A try fails with p = 0.36; all four tries of a list with p = 0.017: more than 3 of 20 is a bug.
			assert.ok(failed.length <= 3, `${failed.length} of 20 lists failed`);
			const sent = (await flaky.stats('minikube')).total - before;
			assert.ok(sent > 20, `no retries seen (${sent} requests for 20 lists)`);
		} finally {
			await flaky.stop();
		}
	});

	test('a dropped watch resolves, so the caller resumes from its last resourceVersion', async () => {
		const dropping = await startTestSim(null, {faults: ['watch-drop:1']});
		try {
			const droppingConfig = await loadKubeconfig({path: dropping.kubeconfigPath, env: {}});
			const client = await droppingConfig.clientFor('minikube');
			const list = await client.listPods(client.namespace);
			const started = Date.now();
			await client.watchPods(client.namespace, {resourceVersion: list.resourceVersion, signal: AbortSignal.timeout(15_000), onEvent: () => {}});
			const elapsed = Date.now() - started;
			assert.ok(elapsed >= 500 && elapsed < 10_000, `the watch ended after ${elapsed}ms`);
		} finally {
			await dropping.stop();
		}
	});

	test('a watch older than the kept history is gone (410)', async () => {
		const small = await startTestSim(null, {historyLimit: 2});
		try {
			const smallConfig = await loadKubeconfig({path: small.kubeconfigPath, env: {}});
			const client = await smallConfig.clientFor('minikube');
			const start = await client.listPods(client.namespace);
			const runId = newRunId();
			for (let index = 0; index < 4; index++) await client.createPod(client.namespace, probe(client.namespace, null, runId));
			await client.deletePods(client.namespace, `${probeLabels.run}=${runId}`);
			const error = await rejection(client.watchPods(client.namespace, {resourceVersion: start.resourceVersion, signal: AbortSignal.timeout(10_000), onEvent: () => {}}));
			assert.equal(error.kind, 'gone');
		} finally {
			await small.stop();
		}
	});
});
