// `minikube`: minikube v1.34.0 with the kvm2 driver, so the node is minikube's own ISO (Buildroot
// 2023.02.9, kernel 5.10.207) running Docker. Labels as `kubectl describe node minikube` shows them
// in public notes (minikube.k8s.io/commit 210b148…, version v1.34.0, primary=true); no providerID,
// the kvm2 network's 192.168.39.0/24 address. Nothing restricts user namespaces there: ready.
import type {KNode} from '../../domain/k8s.js';
import {namespace, tokenFor} from './cluster-parts.js';
import type {ClusterProfile} from './index.js';
import {conditions, defaultMaxUserNamespaces, hex, resources, stampDaysAgo, uuidFor, type Shape} from './node-parts.js';

export const minikubeUser = 'minikube';

// A 2-vCPU, 4 GB kvm2 VM with the default 20 GB disk; kubeadm reserves nothing.
const vmShape: Shape = {cpu: 2, memoryKi: 3_912_688, pods: 110, diskKi: 17_734_596, reservedCpuMillis: 0, reservedMemoryKi: 0};

function minikubeNode(): KNode {
	const created = stampDaysAgo(5);
	const updated = created.slice(0, 19).replace(/-/g, '_').replace(/:/g, '_');
	const {capacity, allocatable} = resources(vmShape);
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name: 'minikube',
			uid: uuidFor('minikube/minikube'),
			creationTimestamp: created,
			labels: {
				'beta.kubernetes.io/arch': 'amd64',
				'beta.kubernetes.io/os': 'linux',
				'kubernetes.io/arch': 'amd64',
				'kubernetes.io/hostname': 'minikube',
				'kubernetes.io/os': 'linux',
				'minikube.k8s.io/commit': '210b148df93a80eb872ecbeb7e35281b3c582c61',
				'minikube.k8s.io/name': 'minikube',
				'minikube.k8s.io/primary': 'true',
				'minikube.k8s.io/updated_at': `${updated}_0000`,
				'minikube.k8s.io/version': 'v1.34.0',
				'node-role.kubernetes.io/control-plane': '',
				'node.kubernetes.io/exclude-from-external-load-balancers': '',
			},
			annotations: {
				'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/cri-dockerd.sock',
				'node.alpha.kubernetes.io/ttl': '0',
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
			},
		},
		spec: {podCIDR: '10.244.0.0/24'},
		status: {
			addresses: [
				{type: 'InternalIP', address: '192.168.39.47'},
				{type: 'Hostname', address: 'minikube'},
			],
			allocatable: {...allocatable, 'ephemeral-storage': capacity['ephemeral-storage']},
			capacity,
			conditions: conditions(created),
			nodeInfo: {
				architecture: 'amd64',
				bootID: uuidFor('minikube/boot'),
				containerRuntimeVersion: 'docker://27.2.0',
				kernelVersion: '5.10.207',
				kubeProxyVersion: 'v1.31.0',
				kubeletVersion: 'v1.31.0',
				machineID: hex('minikube/machine', 32),
				operatingSystem: 'linux',
				osImage: 'Buildroot 2023.02.9',
				systemUUID: uuidFor('minikube/uuid'),
			},
		},
	};
}

export function minikubeProfile(): ClusterProfile {
	return {
		id: 'minikube',
		contexts: [{name: 'minikube', user: minikubeUser}],
		version: {
			major: '1',
			minor: '31',
			gitVersion: 'v1.31.0',
			gitCommit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
			gitTreeState: 'clean',
			buildDate: '2024-08-13T07:28:49Z',
			goVersion: 'go1.22.5',
			compiler: 'gc',
			platform: 'linux/amd64',
		},
		nodes: [{object: minikubeNode(), gate: 'none', maxUserNamespaces: defaultMaxUserNamespaces(vmShape.memoryKi)}],
		namespaces: [namespace('default'), namespace('kube-system'), namespace('kube-public'), namespace('kube-node-lease')],
		// minikube's client certificate: CN minikube-user.
		users: [{name: minikubeUser, token: tokenFor(minikubeUser), canCreatePods: true, subject: 'minikube-user'}],
		openshift: false,
	};
}
