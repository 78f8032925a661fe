// @kubernetes/client-node (the library prg-doctor's own client is built on) against the sim
// through the kubeconfig it wrote, TLS verification on: list, create, watch, delete, Status errors.
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import * as k8s from '@kubernetes/client-node';
import type {SimHandle} from '../../source/sim/launch.js';
import {makeCertificates} from '../../source/sim/tls.js';
import {nodeNames, startFixtureSim} from './fixture-profile.js';

describe('@kubernetes/client-node against the sim', () => {
	let sim: SimHandle;
	let config: k8s.KubeConfig;
	before(async () => {
		sim = await startFixtureSim();
		config = new k8s.KubeConfig();
		config.loadFromFile(sim.kubeconfigPath);
	});
	after(() => sim.stop());

	it('verifies the server certificate against the kubeconfig CA', async () => {
		assert.equal(config.getCurrentCluster()?.skipTLSVerify, false);
		const core = config.makeApiClient(k8s.CoreV1Api);
		const nodes = await core.listNode();
		assert.equal(nodes.items.length, 4);
		assert.match(nodes.metadata?.resourceVersion ?? '', /^\d+$/);

		// The same server with another CA must be refused by TLS, not by the API.
		const foreignCa = (await makeCertificates()).caPem;
		const other = readFileSync(sim.kubeconfigPath, 'utf8').replace(/certificate-authority-data: "[^"]+"/, `certificate-authority-data: "${Buffer.from(foreignCa).toString('base64')}"`);
		const path = `${sim.kubeconfigPath}.foreign`;
		writeFileSync(path, other);
		const foreign = new k8s.KubeConfig();
		foreign.loadFromFile(path);
		await assert.rejects(foreign.makeApiClient(k8s.CoreV1Api).listNode(), (error: Error) => /certificate|self[- ]signed|verify/i.test(`${error.message} ${String((error as {cause?: unknown}).cause ?? '')}`));
	});

	it('lists with a label selector and reads a Status error as an ApiException', async () => {
		const core = config.makeApiClient(k8s.CoreV1Api);
		const gpu = await core.listNode({labelSelector: 'eks.amazonaws.com/nodegroup=gpu'});
		assert.deepEqual(gpu.items.map((node) => node.metadata?.name), [nodeNames.tainted]);
		await assert.rejects(core.readNamespacedPod({namespace: 'default', name: 'missing'}), (error: k8s.ApiException<string>) => {
			assert.equal(error.code, 404);
			assert.equal(JSON.parse(error.body).message, 'pods "missing" not found');
			return true;
		});
	});

	it('watches a labelled pod from creation to deletion', async () => {
		const core = config.makeApiClient(k8s.CoreV1Api);
		const watch = new k8s.Watch(config);
		const seen: {type: string; phase: string | undefined}[] = [];
		let resolveDeleted: () => void;
		const deleted = new Promise<void>((resolve) => (resolveDeleted = resolve));
		const listed = await core.listNamespacedPod({namespace: 'default', labelSelector: 'app=client-node'});
		const request = await watch.watch(
			'/api/v1/namespaces/default/pods',
			{labelSelector: 'app=client-node', resourceVersion: listed.metadata?.resourceVersion, allowWatchBookmarks: true},
			(type, object: k8s.V1Pod) => {
				seen.push({type, phase: object.status?.phase});
				if (type === 'DELETED') resolveDeleted();
			},
			() => {},
		);
		const pod = await core.createNamespacedPod({
			namespace: 'default',
			body: {metadata: {generateName: 'cn-', labels: {app: 'client-node'}}, spec: {restartPolicy: 'Never', nodeName: nodeNames.al2023, containers: [{name: 'c', image: 'alpine:3.19', command: ['true']}]}},
		});
		const name = pod.metadata!.name!;
		for (let tries = 0; tries < 200; tries++) {
			if (seen.some((event) => event.phase === 'Succeeded')) break;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await core.deleteNamespacedPod({namespace: 'default', name});
		await deleted;
		request.abort();
		assert.equal(seen[0].type, 'ADDED');
		assert.ok(seen.some((event) => event.type === 'MODIFIED' && event.phase === 'Running'));
		assert.ok(seen.some((event) => event.type === 'MODIFIED' && event.phase === 'Succeeded'));
		assert.equal(seen.at(-1)?.type, 'DELETED');
	});
});
