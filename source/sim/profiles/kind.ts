// `kind-sim`: a kind v0.29 cluster named `sim` (kindest/node:v1.33.1) on an Ubuntu 24.04 host. Node
// objects follow `kubectl get node -o yaml` of kind nodes posted publicly (providerID
// `kind://docker/<cluster>/<node>`, the kubeadm cri-socket annotation, 172.18.0.x addresses, the
// host's CPU and memory passed through unreserved). The node image is Debian; the kernel is the
// host's, and on Ubuntu 23.10+ AppArmor lets a pod create a user namespace but not map IDs in it.
import type {KNode} from '../../domain/k8s.js';
import {namespace, tokenFor} from './cluster-parts.js';
import type {ClusterProfile, SimNode} from './index.js';
import {conditions, defaultMaxUserNamespaces, hex, resources, stampDaysAgo, uuidFor, type Shape} from './node-parts.js';

const cluster = 'sim';
export const kindUser = 'kind-sim';

// A 16-thread Ubuntu 24.04 workstation; kind reserves nothing, so allocatable equals capacity.
const hostShape: Shape = {cpu: 16, memoryKi: 32_532_408, pods: 110, diskKi: 959_786_032, reservedCpuMillis: 0, reservedMemoryKi: 0};
// Every kind node is a container on one host: one boot, one kernel.
const hostBootId = uuidFor('kind-sim/host-boot');

function kindNode(name: string, address: string, podCidr: string, controlPlane: boolean): SimNode {
	const created = stampDaysAgo(2, controlPlane ? 0 : 21);
	const labels: Record<string, string> = {
		'beta.kubernetes.io/arch': 'amd64',
		'beta.kubernetes.io/os': 'linux',
		'kubernetes.io/arch': 'amd64',
		'kubernetes.io/hostname': name,
		'kubernetes.io/os': 'linux',
	};
	if (controlPlane) {
		labels['node-role.kubernetes.io/control-plane'] = '';
		labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
	}
	const {capacity, allocatable} = resources({...hostShape, extra: {'hugepages-1Gi': '0', 'hugepages-2Mi': '0'}});
	const object: KNode = {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name,
			uid: uuidFor(`kind-sim/${name}`),
			creationTimestamp: created,
			labels,
			annotations: {
				'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
				'node.alpha.kubernetes.io/ttl': '0',
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
			},
		},
		spec: {
			podCIDR: podCidr,
			providerID: `kind://docker/${cluster}/${name}`,
			...(controlPlane ? {taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]} : {}),
		},
		status: {
			addresses: [
				{type: 'InternalIP', address},
				{type: 'Hostname', address: name},
			],
			// kind reports allocatable storage in Ki like capacity (no eviction reserve configured).
			allocatable: {...allocatable, 'ephemeral-storage': capacity['ephemeral-storage']},
			capacity,
			conditions: conditions(created),
			nodeInfo: {
				architecture: 'amd64',
				bootID: hostBootId,
				containerRuntimeVersion: 'containerd://2.1.1',
				kernelVersion: '6.8.0-60-generic',
				kubeletVersion: 'v1.33.1',
				machineID: hex(`kind-sim/${name}/machine`, 32),
				operatingSystem: 'linux',
				osImage: 'Debian GNU/Linux 12 (bookworm)',
				systemUUID: uuidFor(`kind-sim/${name}/uuid`),
			},
			// containerd 2.1 with Kubernetes 1.33 reports user-namespace support per handler; kind's
			// node image also configures a `test-handler` runtime.
			runtimeHandlers: ['test-handler', 'runc', ''].map((handler) => ({name: handler, features: {recursiveReadOnlyMounts: true, userNamespaces: true}})),
		},
	};
	return {object, gate: 'apparmor-userns', maxUserNamespaces: defaultMaxUserNamespaces(hostShape.memoryKi)};
}

export function kindProfile(): ClusterProfile {
	return {
		id: 'kind-sim',
		contexts: [{name: 'kind-sim', user: kindUser}],
		version: {
			major: '1',
			minor: '33',
			emulationMajor: '1',
			emulationMinor: '33',
			minCompatibilityMajor: '1',
			minCompatibilityMinor: '32',
			gitVersion: 'v1.33.1',
			gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828',
			gitTreeState: 'clean',
			buildDate: '2025-05-15T08:19:08Z',
			goVersion: 'go1.24.2',
			compiler: 'gc',
			platform: 'linux/amd64',
		},
		nodes: [
			kindNode('sim-control-plane', '172.18.0.3', '10.244.0.0/24', true),
			kindNode('sim-worker', '172.18.0.2', '10.244.1.0/24', false),
			kindNode('sim-worker2', '172.18.0.4', '10.244.2.0/24', false),
		],
		namespaces: [namespace('default'), namespace('kube-system'), namespace('kube-public'), namespace('kube-node-lease'), namespace('local-path-storage')],
		// kind's admin certificate: CN kubernetes-admin.
		users: [{name: kindUser, token: tokenFor(kindUser), canCreatePods: true, subject: 'kubernetes-admin'}],
		openshift: false,
	};
}
