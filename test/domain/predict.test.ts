import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {buildPools, podUserNamespaces, predictNode, predictPool, summarizeNode} from '../../source/domain/predict.js';
import {detectEnvironment} from '../../source/domain/environments.js';
import type {Gate, NodeInfo, PredictionStatus} from '../../source/domain/types.js';
import type {KNode} from '../../source/domain/k8s.js';

function fixture(name: string): KNode {
	return JSON.parse(readFileSync(new URL(`../fixtures/nodes/${name}`, import.meta.url), 'utf8')) as KNode;
}

const predictionsByFixture: readonly (readonly [string, PredictionStatus, Gate | null])[] = [
	['eks-bottlerocket.json', 'likely-blocked', 'userns-limit'],
	['talos.json', 'likely-blocked', 'userns-limit'],
	['eks-al2023.json', 'likely-ready', 'none'],
	['eks-al2.json', 'likely-ready', 'none'],
	['eks.json', 'unknown', null],
	['gke-cos.json', 'likely-ready', 'none'],
	['gke-ubuntu.json', 'unknown', 'apparmor-userns'],
	['gke.json', 'unknown', null],
	['aks-ubuntu.json', 'likely-ready', 'none'],
	['aks-azurelinux.json', 'unknown', null],
	['aks.json', 'unknown', null],
	['openshift-rhcos.json', 'unknown', null],
	['openshift-rhel.json', 'unknown', null],
	['kind.json', 'unknown', null],
	['minikube-docker.json', 'unknown', null],
	['minikube-vm.json', 'likely-ready', 'none'],
	['docker-desktop.json', 'likely-ready', 'none'],
	['orbstack.json', 'likely-ready', 'none'],
	['rancher-desktop.json', 'unknown', null],
	['colima.json', 'unknown', 'apparmor-userns'],
	['k3d.json', 'unknown', null],
	['k3s.json', 'unknown', null],
	['microk8s.json', 'likely-ready', 'none'],
	['doks.json', 'likely-ready', 'none'],
	['generic.json', 'unknown', null],
	['variants/kind-ubuntu-2404-host.json', 'likely-blocked', 'apparmor-userns'],
	['variants/aks-windows.json', 'unknown', null],
];

test('every fixture gets the prediction its environment and OS image call for', () => {
	for (const [file, status, gate] of predictionsByFixture) {
		const node = fixture(file);
		const prediction = predictNode(node, detectEnvironment(node));
		assert.equal(prediction.status, status, `${file} status`);
		assert.equal(prediction.gate, gate, `${file} gate`);
		assert.match(prediction.reason, /^Predicted from .+: .+\.$/, `${file} reason says it is a prediction and from what`);
	}
});

const kindNode = (kernelVersion: string): KNode => ({
	metadata: {name: 'kind-worker'},
	spec: {providerID: 'kind://docker/kind/kind-worker'},
	status: {nodeInfo: {kernelVersion, osImage: 'Debian GNU/Linux 12 (bookworm)'}},
});

test('local clusters in containers are judged by the host kernel they report', () => {
	const cases: readonly (readonly [string, PredictionStatus, Gate | null])[] = [
		['6.8.0-45-generic', 'likely-blocked', 'apparmor-userns'], // Ubuntu 24.04
		['6.5.0-44-generic', 'likely-blocked', 'apparmor-userns'], // Ubuntu 23.10
		['6.8.0-1017-azure', 'likely-blocked', 'apparmor-userns'], // Ubuntu 24.04 cloud kernel (CI runners)
		['5.15.0-119-generic', 'unknown', null], // Ubuntu 22.04: not the restricting kernel, but the host decides
		['6.10.14-linuxkit', 'likely-ready', 'none'], // Docker Desktop on a Mac
		['6.1.0-25-amd64', 'likely-ready', 'none'], // Debian 12 host
		['4.19.0-27-amd64', 'likely-blocked', 'userns-clone'], // Debian 10 host
		['3.10.0-1160.el7.x86_64', 'likely-blocked', 'userns-limit'], // CentOS 7 host
		['6.2.15-300.fc38.x86_64', 'unknown', null], // Fedora host
		['5.15.153.1-microsoft-standard-WSL2', 'unknown', null],
	];
	for (const [kernel, status, gate] of cases) {
		const prediction = predictNode(kindNode(kernel), 'kind');
		assert.equal(prediction.status, status, kernel);
		assert.equal(prediction.gate, gate, kernel);
		assert.match(prediction.reason, /host kernel/, kernel);
	}
	assert.equal(predictNode(kindNode('6.8.0-45-generic'), 'minikube-docker').status, 'likely-blocked');
	assert.equal(predictNode(kindNode('6.8.0-45-generic'), 'k3d').status, 'likely-blocked');
	// A VM-based local cluster is not judged by an Ubuntu-looking kernel of its own.
	assert.equal(predictNode(kindNode('6.8.0-45-generic'), 'minikube-vm').status, 'likely-ready');
});

test('nodes that run their OS directly are judged by it', () => {
	const node = (osImage: string, kernelVersion = ''): KNode => ({status: {nodeInfo: {osImage, kernelVersion}}});
	const cases: readonly (readonly [string, string, PredictionStatus, Gate | null])[] = [
		['CentOS Linux 7 (Core)', '3.10.0-1160.el7.x86_64', 'likely-blocked', 'userns-limit'],
		['Red Hat Enterprise Linux Server 7.9 (Maipo)', '', 'likely-blocked', 'userns-limit'],
		['Debian GNU/Linux 10 (buster)', '4.19.0-21-amd64', 'likely-blocked', 'userns-clone'],
		['Debian GNU/Linux 11 (bullseye)', '5.10.0-30-amd64', 'likely-ready', 'none'],
		['Ubuntu 22.04.4 LTS', '5.15.0-1057-aws', 'likely-ready', 'none'],
		['Ubuntu 24.04.1 LTS', '6.8.0-1016-aws', 'unknown', 'apparmor-userns'],
		['', '6.8.0-49-generic', 'unknown', 'apparmor-userns'],
		['Flatcar Container Linux by Kinvolk 3815.2.5 (Oklo)', '6.1.96-flatcar', 'likely-ready', 'none'],
		['Rocky Linux 9.4 (Blue Onyx)', '5.14.0-427.13.1.el9_4.x86_64', 'unknown', null],
	];
	for (const [osImage, kernel, status, gate] of cases) {
		const prediction = predictNode(node(osImage, kernel), 'generic');
		assert.deepEqual([prediction.status, prediction.gate], [status, gate], osImage || kernel);
	}
	// el7 decides even where the environment would otherwise say ready.
	assert.equal(predictNode(node('Amazon Linux 2', '3.10.0-1160.el7.x86_64'), 'eks-al2').gate, 'userns-limit');
});

test('a NotReady node keeps its prediction and says it is NotReady', () => {
	const node = fixture('eks-bottlerocket.json');
	node.status!.conditions = [{type: 'Ready', status: 'False', reason: 'KubeletNotReady'}];
	const prediction = predictNode(node, 'eks-bottlerocket');
	assert.equal(prediction.status, 'likely-blocked');
	assert.match(prediction.reason, /NotReady/);
	const ready = predictNode(fixture('eks-bottlerocket.json'), 'eks-bottlerocket');
	assert.doesNotMatch(ready.reason, /NotReady/);
});

test('summarizeNode fills every NodeInfo field from the node', () => {
	const node: KNode = {
		metadata: {name: 'ip-10-0-1-1.ec2.internal', labels: {'eks.amazonaws.com/nodegroup': 'br'}},
		spec: {
			unschedulable: true,
			taints: [
				{key: 'dedicated', value: 'ci', effect: 'NoSchedule'},
				{key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'},
			],
		},
		status: {
			conditions: [{type: 'Ready', status: 'Unknown'}],
			nodeInfo: {
				osImage: 'Bottlerocket OS 1.19.4 (aws-k8s-1.27)',
				kernelVersion: '5.15.152',
				containerRuntimeVersion: 'containerd://1.6.28+bottlerocket',
				kubeletVersion: 'v1.27.11-eks-9572756',
				architecture: 'arm64',
			},
		},
	};
	const info = summarizeNode(node);
	assert.equal(info.name, 'ip-10-0-1-1.ec2.internal');
	assert.equal(info.pool, 'br');
	assert.equal(info.environment, 'eks-bottlerocket');
	assert.equal(info.osImage, 'Bottlerocket OS 1.19.4 (aws-k8s-1.27)');
	assert.equal(info.kernelVersion, '5.15.152');
	assert.equal(info.containerRuntime, 'containerd://1.6.28+bottlerocket');
	assert.equal(info.kubeletVersion, 'v1.27.11-eks-9572756');
	assert.equal(info.architecture, 'arm64');
	assert.equal(info.ready, false);
	assert.equal(info.schedulable, false);
	assert.deepEqual(info.taints, ['dedicated=ci:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']);
	assert.equal(info.prediction.status, 'likely-blocked');
});

test('summarizeNode on a bare node: nulls, not missing values', () => {
	const info = summarizeNode({});
	assert.deepEqual(
		[info.name, info.pool, info.environment, info.osImage, info.kernelVersion, info.containerRuntime, info.ready, info.schedulable, info.taints],
		['', 'default', 'generic', null, null, null, null, true, []],
	);
});

function infoWith(name: string, status: PredictionStatus, gate: Gate | null): NodeInfo {
	return {
		name,
		pool: 'p',
		environment: 'generic',
		osImage: null,
		kernelVersion: null,
		containerRuntime: null,
		kubeletVersion: null,
		architecture: null,
		ready: true,
		schedulable: true,
		taints: [],
		prediction: {status, gate, reason: `Predicted from test: ${name}.`},
	};
}

test('pool predictions: blocked if any node is, ready only if all are', () => {
	const blocked = predictPool([infoWith('a', 'likely-ready', 'none'), infoWith('b', 'likely-blocked', 'userns-limit'), infoWith('c', 'unknown', null)]);
	assert.equal(blocked.status, 'likely-blocked');
	assert.equal(blocked.gate, 'userns-limit');
	assert.equal(blocked.reason, 'Predicted from its nodes: 1 of 3 nodes likely blocked; b, from test: b.');

	const ready = predictPool([infoWith('a', 'likely-ready', 'none'), infoWith('b', 'likely-ready', 'none')]);
	assert.equal(ready.status, 'likely-ready');
	assert.match(ready.reason, /all 2 nodes likely ready/);
	// One shared reason is repeated as is: a one-node pool reads like its node.
	const single = infoWith('only', 'likely-blocked', 'userns-limit');
	assert.equal(predictPool([single]).reason, single.prediction.reason);

	const mixed = predictPool([infoWith('a', 'likely-ready', 'none'), infoWith('b', 'unknown', 'apparmor-userns')]);
	assert.deepEqual([mixed.status, mixed.gate], ['unknown', 'apparmor-userns']);
	assert.match(mixed.reason, /^Predicted from its nodes: 1 of 2 nodes undetermined before a probe; b, from test: b\.$/);

	assert.equal(predictPool([]).status, 'unknown');
});

test('buildPools groups by pool, blocked pools first, then unknown, then ready, by name within', () => {
	const nodes = [
		fixture('eks-al2.json'), // al2-workers: ready
		fixture('eks-bottlerocket.json'), // ng-bottlerocket: blocked
		fixture('openshift-rhcos.json'), // worker: unknown
		fixture('talos.json'), // worker: blocked, so the worker pool is blocked
		fixture('doks.json'), // pool-y25ag12r1: ready
		fixture('gke.json'), // default-pool: unknown
	];
	const pools = buildPools(nodes);
	assert.deepEqual(
		pools.map((pool) => [pool.name, pool.prediction.status, pool.size]),
		[
			['ng-bottlerocket', 'likely-blocked', 1],
			['worker', 'likely-blocked', 2],
			['default-pool', 'unknown', 1],
			['al2-workers', 'likely-ready', 1],
			['pool-y25ag12r1', 'likely-ready', 1],
		],
	);
	const worker = pools.find((pool) => pool.name === 'worker')!;
	assert.deepEqual(worker.nodes.map((node) => node.name), ['alpha-1-dev-ewr1', 'compute-0']);
	assert.equal(buildPools([]).length, 0);
});

test('a pool takes the environment most of its nodes have', () => {
	const a = fixture('eks-al2.json');
	const b = structuredClone(a);
	b.metadata!.name = 'second';
	const c = fixture('eks-al2023.json');
	c.metadata = {name: 'third', labels: {'eks.amazonaws.com/nodegroup': 'al2-workers'}};
	const [pool] = buildPools([c, a, b]);
	assert.equal(pool.environment, 'eks-al2');
	assert.equal(pool.size, 3);
});

const runtimeNode = (userNamespaces: boolean | undefined, name = ''): KNode => ({
	metadata: {name: 'n'},
	status: {
		runtimeHandlers:
			userNamespaces === undefined
				? undefined
				: [
						{name, features: {recursiveReadOnlyMounts: true, userNamespaces}},
						{name: 'runc', features: {recursiveReadOnlyMounts: true, userNamespaces}},
					],
	},
});

test('pod user namespaces per context', () => {
	const yes = [runtimeNode(true), runtimeNode(true)];
	assert.equal(podUserNamespaces(null, yes).usable, null);
	assert.equal(podUserNamespaces('garbage', yes).usable, null);
	assert.equal(podUserNamespaces('v1.24.17', yes).usable, false);
	const alpha = podUserNamespaces('v1.28.3', yes);
	assert.equal(alpha.usable, false);
	assert.match(alpha.reason, /UserNamespacesSupport/);

	const gated = podUserNamespaces('v1.31.2-eks-7f9249a', yes);
	assert.equal(gated.usable, null);
	assert.match(gated.reason, /UserNamespacesSupport feature gate, off by default/);
	assert.equal(podUserNamespaces('v1.30.0', [runtimeNode(false)]).usable, false);

	const on = podUserNamespaces('v1.33.1', yes);
	assert.equal(on.usable, true);
	assert.match(on.reason, /all 2 nodes/);
	assert.equal(podUserNamespaces('1.34.0+k3s1', yes).usable, true);

	const some = podUserNamespaces('v1.33.1', [runtimeNode(true), runtimeNode(false)]);
	assert.equal(some.usable, false);
	assert.match(some.reason, /1 of 2 nodes/);

	const unreported = podUserNamespaces('v1.33.1', [runtimeNode(true), runtimeNode(undefined)]);
	assert.equal(unreported.usable, null);
	assert.match(unreported.reason, /1 of 2 nodes report no runtimeHandlers/);
	assert.equal(podUserNamespaces('v1.33.1', []).usable, null);

	// The default handler (empty name) is what pods without a RuntimeClass use.
	const defaultOff: KNode = {
		status: {runtimeHandlers: [{name: '', features: {userNamespaces: false}}, {name: 'crun', features: {userNamespaces: true}}]},
	};
	assert.equal(podUserNamespaces('v1.33.0', [defaultOff]).usable, false);
	// No default entry: any handler that supports it counts.
	assert.equal(podUserNamespaces('v1.33.0', [runtimeNode(true, 'runc')]).usable, true);
});
