import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import type {KNode} from '../../../source/domain/k8s.js';
import {detectEnvironment} from '../../../source/domain/environments.js';
import {parseNodeDump} from '../../../source/domain/node-dump.js';
import {poolOf} from '../../../source/domain/pools.js';
import {buildPools} from '../../../source/domain/predict.js';
import {UsageError} from '../../../source/errors.js';
import {clusterProfiles, type ClusterProfile} from '../../../source/sim/profiles/index.js';

const realNode = (name: string): KNode => {
	const data = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'nodes', `${name}.json`), 'utf8'));
	return data.items?.[0] ?? data;
};

const profiles = clusterProfiles();
const byId = (id: string): ClusterProfile => {
	const profile = profiles.find((entry) => entry.id === id);
	assert.ok(profile, `profile ${id}`);
	return profile;
};
const poolNodes = (profile: ClusterProfile, pool: string) => profile.nodes.filter((node) => poolOf(node.object) === pool);
const allNodes = profiles.flatMap((profile) => profile.nodes);

describe('cluster profiles', () => {
	test('every context of SPEC section 8, and sim-large only when asked for', () => {
		assert.deepEqual(profiles.map((profile) => profile.id), ['sim-eks', 'sim-openshift', 'kind-sim', 'minikube']);
		assert.deepEqual(profiles.flatMap((profile) => profile.contexts.map((context) => context.name)), ['sim-eks', 'sim-eks-readonly', 'sim-openshift', 'kind-sim', 'minikube']);
		const withLarge = clusterProfiles({largeNodes: 12});
		assert.equal(withLarge.at(-1)?.id, 'sim-large');
		assert.deepEqual(withLarge.at(-1)?.contexts.map((context) => context.name), ['sim-large']);
	});

	test('every context names a user of its profile; names are unique across the kubeconfig', () => {
		const all = clusterProfiles({largeNodes: 3});
		const names = all.flatMap((profile) => profile.users.map((user) => user.name));
		assert.equal(new Set(names).size, names.length);
		for (const profile of all) {
			for (const context of profile.contexts) assert.ok(profile.users.some((user) => user.name === context.user), `${context.name} → ${context.user}`);
			for (const user of profile.users) {
				assert.match(user.token, /^sim-[\w-]{32}$/);
				assert.ok(user.subject.length > 0);
			}
		}
		const tokens = all.flatMap((profile) => profile.users.map((user) => user.token));
		assert.equal(new Set(tokens).size, tokens.length, 'one token per user');
		// Tokens stay the same for the process: a second build must not invalidate a written kubeconfig.
		assert.deepEqual(clusterProfiles().flatMap((profile) => profile.users.map((user) => user.token)), profiles.flatMap((profile) => profile.users.map((user) => user.token)));
	});

	test('sim-eks-readonly is the same cluster as a user who may not create pods', () => {
		const eks = byId('sim-eks');
		const user = (context: string) => eks.users.find((entry) => entry.name === eks.contexts.find((c) => c.name === context)!.user)!;
		assert.equal(user('sim-eks').canCreatePods, true);
		assert.equal(user('sim-eks-readonly').canCreatePods, false);
	});

	test('node objects carry what a kubelet posts: identity, nodeInfo, conditions, addresses, resources', () => {
		for (const {object: node} of allNodes) {
			const name = node.metadata?.name ?? '';
			assert.match(name, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, name);
			assert.match(node.metadata?.uid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, name);
			assert.ok(!Number.isNaN(Date.parse(node.metadata?.creationTimestamp ?? '')), name);
			const labels = node.metadata?.labels ?? {};
			for (const key of ['kubernetes.io/arch', 'kubernetes.io/os', 'kubernetes.io/hostname', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/os']) assert.ok(labels[key], `${name} ${key}`);
			// The fullest real nodeInfo block we hold (awslabs/amazon-eks-ami#1212) has these keys.
			for (const key of Object.keys(realNode('eks-al2023').status!.nodeInfo!)) {
				if (key === 'kubeProxyVersion' && node.status?.nodeInfo?.kubeletVersion?.startsWith('v1.33')) continue;
				assert.ok(node.status?.nodeInfo?.[key as 'osImage'], `${name} nodeInfo.${key}`);
			}
			assert.deepEqual(node.status?.conditions?.map((condition) => condition.type), ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
			assert.equal(node.status?.conditions?.at(-1)?.status, 'True');
			const addresses = node.status?.addresses ?? [];
			assert.ok(addresses.some((address) => address.type === 'InternalIP' && /^\d+\.\d+\.\d+\.\d+$/.test(address.address)), name);
			assert.ok(addresses.some((address) => address.type === 'Hostname'), name);
			for (const key of ['cpu', 'memory', 'pods', 'ephemeral-storage']) {
				assert.ok(node.status?.capacity?.[key], `${name} capacity.${key}`);
				assert.ok(node.status?.allocatable?.[key], `${name} allocatable.${key}`);
			}
			const memory = (value: string) => Number(value.replace(/Ki$/, ''));
			assert.ok(memory(node.status!.allocatable!.memory) <= memory(node.status!.capacity!.memory), `${name} allocatable ≤ capacity`);
		}
	});

	test('node names are unique per cluster and a NodeList dump of them parses back', () => {
		for (const profile of clusterProfiles({largeNodes: 300})) {
			const names = profile.nodes.map((node) => node.object.metadata!.name);
			assert.equal(new Set(names).size, names.length, profile.id);
			const dump = JSON.stringify({apiVersion: 'v1', kind: 'NodeList', items: profile.nodes.map((node) => node.object)});
			assert.equal(parseNodeDump(dump).length, profile.nodes.length);
		}
	});

	test('sim-eks: a Bottlerocket node group at max_user_namespaces 0, an AL2023 group, a tainted Karpenter pool', () => {
		const eks = byId('sim-eks');
		const bottlerocket = poolNodes(eks, 'bottlerocket-workers');
		assert.equal(bottlerocket.length, 3);
		for (const node of bottlerocket) {
			assert.equal(node.gate, 'userns-limit');
			assert.equal(node.maxUserNamespaces, 0);
			assert.equal(detectEnvironment(node.object), 'eks-bottlerocket');
			assert.match(node.object.status!.nodeInfo!.osImage!, /^Bottlerocket OS 1\.\d+\.\d+ \(aws-k8s-1\.31\)$/);
			assert.match(node.object.status!.nodeInfo!.containerRuntimeVersion!, /^containerd:\/\/[\d.]+\+bottlerocket$/);
			assert.match(node.object.spec!.providerID!, /^aws:\/\/\/us-west-2[abc]\/i-0[0-9a-f]{16}$/);
		}
		const al2023 = poolNodes(eks, 'al2023-general');
		assert.equal(al2023.length, 2);
		for (const node of al2023) {
			assert.equal(node.gate, 'none');
			assert.equal(detectEnvironment(node.object), 'eks-al2023');
			assert.match(node.object.status!.nodeInfo!.osImage!, /^Amazon Linux 2023\.\d+\.\d+$/);
			assert.match(node.object.status!.nodeInfo!.kernelVersion!, /\.amzn2023\.x86_64$/);
			assert.ok((node.maxUserNamespaces ?? Infinity) > 1000);
		}
		const karpenter = poolNodes(eks, 'ci-runners');
		assert.ok(karpenter.length >= 1);
		for (const node of karpenter) {
			assert.equal(node.object.metadata!.labels!['karpenter.sh/nodepool'], 'ci-runners');
			assert.equal(node.object.metadata!.labels!['eks.amazonaws.com/nodegroup'], undefined);
			assert.deepEqual(node.object.spec!.taints, [{key: 'dedicated', value: 'ci-runners', effect: 'NoSchedule'}]);
			assert.equal(node.object.metadata!.labels!['karpenter.k8s.aws/instance-memory'], '16384');
			for (const key of ['karpenter.sh/nodepool-hash', 'karpenter.k8s.aws/ec2nodeclass-hash']) {
				const hash = node.object.metadata!.annotations![key]!;
				assert.match(hash, /^[1-9]\d{9,19}$/);
				assert.ok(BigInt(hash) < 2n ** 64n, `${key} fits in a uint64`);
			}
			assert.equal(node.gate, 'none');
		}
		assert.match(eks.version.gitVersion, /^v1\.31\.\d+-eks-[0-9a-f]{7}$/);
		const restricted = eks.namespaces.find((ns) => ns.metadata?.name === 'restricted-ns');
		assert.equal(restricted?.metadata?.labels?.['pod-security.kubernetes.io/enforce'], 'baseline');
		assert.deepEqual(buildPools(eks.nodes.map((node) => node.object)).map((pool) => [pool.name, pool.prediction.status]), [
			['bottlerocket-workers', 'likely-blocked'],
			['al2023-general', 'likely-ready'],
			['ci-runners', 'likely-ready'],
		]);
	});

	test('sim-openshift: RHCOS pools by role, masters tainted, an SCC-restricted project', () => {
		const ocp = byId('sim-openshift');
		assert.equal(ocp.openshift, true);
		assert.equal(ocp.version.gitVersion, 'v1.31.6');
		for (const {object} of ocp.nodes) {
			assert.equal(object.metadata!.labels!['node.openshift.io/os_id'], 'rhcos');
			assert.equal(detectEnvironment(object), 'openshift-rhcos');
			assert.match(object.status!.nodeInfo!.osImage!, /^Red Hat Enterprise Linux CoreOS 4\d\d\.\d+\.\d{12}-\d$/);
			assert.match(object.status!.nodeInfo!.kernelVersion!, /\.el9_\d\.x86_64$/);
			assert.match(object.status!.nodeInfo!.containerRuntimeVersion!, /^cri-o:\/\/1\.31\.\d+-\d+\.rhaos4\.18\.git[0-9a-f]{7}\.el9$/);
			assert.match(object.metadata!.annotations!['machineconfiguration.openshift.io/currentConfig']!, /^rendered-[a-z-]+-[0-9a-f]{32}$/);
		}
		const gates = Object.fromEntries(['worker', 'worker-hardened', 'infra', 'control-plane'].map((pool) => [pool, [...new Set(poolNodes(ocp, pool).map((node) => node.gate))]]));
		assert.deepEqual(gates, {worker: ['selinux-userns'], 'worker-hardened': ['userns-limit'], infra: ['none'], 'control-plane': ['selinux-userns']});
		for (const node of poolNodes(ocp, 'worker-hardened')) assert.equal(node.maxUserNamespaces, 0);
		for (const node of poolNodes(ocp, 'control-plane')) {
			assert.ok(node.object.spec!.taints!.some((taint) => taint.key === 'node-role.kubernetes.io/master' && taint.effect === 'NoSchedule'));
		}
		// The real RHCOS worker we hold (red-hat-storage/ocs-ci#3872) has these Kubernetes and OpenShift label keys.
		const realKeys = Object.keys(realNode('openshift-rhcos').metadata!.labels!).filter((key) => /^((beta\.)?kubernetes\.io|node-role\.kubernetes\.io|node\.openshift\.io)\//.test(key));
		for (const key of realKeys) assert.ok(key in poolNodes(ocp, 'worker')[0].object.metadata!.labels!, key);
		const scc = ocp.namespaces.find((ns) => ns.metadata?.name === 'scc-restricted');
		assert.match(scc?.metadata?.annotations?.['openshift.io/sa.scc.uid-range'] ?? '', /^\d+\/10000$/);
		assert.ok(ocp.namespaces.some((ns) => ns.metadata?.name?.startsWith('openshift-')));
	});

	test('kind-sim: kind node names, providerID and labels on an Ubuntu 24.04 host kernel', () => {
		const kind = byId('kind-sim');
		assert.deepEqual(kind.nodes.map((node) => node.object.metadata!.name), ['sim-control-plane', 'sim-worker', 'sim-worker2']);
		for (const node of kind.nodes) {
			assert.equal(node.object.spec!.providerID, `kind://docker/sim/${node.object.metadata!.name}`);
			assert.equal(node.object.status!.nodeInfo!.osImage, 'Debian GNU/Linux 12 (bookworm)');
			assert.match(node.object.status!.nodeInfo!.kernelVersion!, /^6\.8\.0-\d+-generic$/);
			assert.match(node.object.status!.nodeInfo!.containerRuntimeVersion!, /^containerd:\/\//);
			assert.equal(node.gate, 'apparmor-userns');
			assert.equal(detectEnvironment(node.object), 'kind');
		}
		// Same label and annotation keys as a real kind control plane (kubernetes-sigs/kind#3360), and its taint.
		const real = realNode('kind');
		const controlPlane = kind.nodes[0].object;
		assert.deepEqual(Object.keys(controlPlane.metadata!.labels!).sort(), Object.keys(real.metadata!.labels!).sort());
		assert.deepEqual(Object.keys(controlPlane.metadata!.annotations!).sort(), Object.keys(real.metadata!.annotations!).sort());
		assert.deepEqual(controlPlane.spec!.taints, real.spec!.taints);
	});

	test('minikube: the kvm2 driver (Buildroot ISO), ready', () => {
		const [node] = byId('minikube').nodes;
		assert.equal(node.object.metadata!.name, 'minikube');
		assert.equal(node.object.status!.nodeInfo!.osImage, 'Buildroot 2023.02.9');
		assert.equal(detectEnvironment(node.object), 'minikube-vm');
		assert.equal(node.gate, 'none');
		const realMinikubeKeys = Object.keys(realNode('minikube-docker').metadata!.labels!).filter((key) => key.startsWith('minikube.k8s.io/'));
		for (const key of realMinikubeKeys) assert.ok(node.object.metadata!.labels![key], key);
		assert.match(node.object.metadata!.labels!['minikube.k8s.io/updated_at']!, /^\d{4}_\d\d_\d\dT\d\d_\d\d_\d\d_\d{4}$/);
	});
});

describe('sim-large', () => {
	const large = (count: number) => clusterProfiles({largeNodes: count}).at(-1)!;

	test('N nodes over the pools, whatever N is', () => {
		for (const count of [1, 5, 7, 100, 1234]) assert.equal(large(count).nodes.length, count);
		const pools = buildPools(large(1000).nodes.map((node) => node.object));
		assert.deepEqual(
			pools.map((pool) => [pool.name, pool.size, pool.environment, pool.prediction.status]),
			[
				['bottlerocket-ingest', 150, 'eks-bottlerocket', 'likely-blocked'],
				['batch-spot', 200, 'eks-al2023', 'likely-ready'],
				['general-al2023-a', 300, 'eks-al2023', 'likely-ready'],
				['general-al2023-b', 200, 'eks-al2023', 'likely-ready'],
				['memory-r6i', 150, 'eks-al2023', 'likely-ready'],
			],
		);
		for (const node of large(200).nodes) assert.equal(node.gate, poolOf(node.object) === 'bottlerocket-ingest' ? 'userns-limit' : 'none');
	});

	test('deterministic: the same N gives the same nodes', () => {
		assert.deepEqual(large(500).nodes, large(500).nodes);
	});

	test('5,000 nodes build about as fast as JSON.parse reads them', () => {
		// Absolute times swing tenfold on a shared machine, so the yardstick runs beside the build:
		// parsing the same node from JSON 5,000 times (about 50 ms on an idle machine).
		const json = JSON.stringify(large(1).nodes[0].object);
		const time = (action: () => void): number => {
			const started = performance.now();
			action();
			return performance.now() - started;
		};
		let build = Infinity;
		let parse = Infinity;
		for (let round = 0; round < 5; round++) {
			build = Math.min(build, time(() => assert.equal(large(5000).nodes.length, 5000)));
			parse = Math.min(parse, time(() => Array.from({length: 5000}, () => JSON.parse(json))));
		}
		assert.ok(build < 2 * parse, `build ${build.toFixed(1)} ms, JSON.parse ${parse.toFixed(1)} ms`);
	});

	test('a count that is not a whole positive number is a usage error', () => {
		for (const count of [0, -3, 2.5, Number.NaN, 1e9]) assert.throws(() => clusterProfiles({largeNodes: count}), UsageError);
	});
});
