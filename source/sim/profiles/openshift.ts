// `sim-openshift`: OpenShift 4.18 on AWS (IPI), RHCOS everywhere, pools by MachineConfigPool role.
// Node shapes follow what people posted: `oc describe node` of an AWS IPI worker (labels with
// node.openshift.io/os_id=rhcos, machine.openshift.io/machine and the machineconfiguration
// annotations) and `oc get nodes -o wide` rows of OCP 4.18 (`Red Hat Enterprise Linux CoreOS
// 418.94.202503102036-0`, `5.14.0-427.60.1.el9_4.x86_64`, `cri-o://1.31.6-2.rhaos4.18.gitda737c9.el9`,
// kubelet `v1.31.6`), both in public GitHub notes.
//
// Pools: `worker` runs an older container-selinux that does not let container_t create user
// namespaces (gate selinux-userns); `worker-hardened` got a MachineConfig setting
// user.max_user_namespaces=0 (gate userns-limit); `infra` carries the policy fix (ready).
import type {KNode, Taint} from '../../domain/k8s.js';
import type {Gate} from '../../domain/types.js';
import {namespace, tokenFor} from './cluster-parts.js';
import type {ClusterProfile, SimNode} from './index.js';
import {conditions, defaultMaxUserNamespaces, hex, resources, stampDaysAgo, uuidFor, type Shape} from './node-parts.js';

const region = 'us-east-2';
const infraId = 'sim-ocp-x7k2p';

export const openshiftUser = 'kube:admin/api-sim-openshift:6443';
/** A project whose service accounts only have `restricted-v2`: SCC admission refuses the probe. */
export const sccRestrictedNamespace = 'scc-restricted';

const rhcos = {
	osImage: 'Red Hat Enterprise Linux CoreOS 418.94.202503102036-0',
	kernelVersion: '5.14.0-427.60.1.el9_4.x86_64',
	containerRuntimeVersion: 'cri-o://1.31.6-2.rhaos4.18.gitda737c9.el9',
	kubeletVersion: 'v1.31.6',
};

// m6i.xlarge workers and m6i.2xlarge masters; OpenShift reserves 500m CPU and 1Gi + 100Mi memory.
const workerShape: Shape = {cpu: 4, memoryKi: 16_106_392, pods: 250, diskKi: 125_293_548, reservedCpuMillis: 500, reservedMemoryKi: 1_150_976};
const masterShape: Shape = {cpu: 8, memoryKi: 32_329_896, pods: 250, diskKi: 125_293_548, reservedCpuMillis: 500, reservedMemoryKi: 1_150_976};

type Role = {pool: 'master' | 'worker' | 'worker-hardened' | 'infra'; roles: string[]; taints: Taint[]; gate: Gate; maxUserNamespaces: number | null; type: string; shape: Shape};

const masterTaint: Taint = {key: 'node-role.kubernetes.io/master', effect: 'NoSchedule'};
const infraTaints: Taint[] = [
	{key: 'node-role.kubernetes.io/infra', value: 'reserved', effect: 'NoSchedule'},
	{key: 'node-role.kubernetes.io/infra', value: 'reserved', effect: 'NoExecute'},
];

const roles: Record<Role['pool'], Role> = {
	master: {pool: 'master', roles: ['control-plane', 'master'], taints: [masterTaint], gate: 'selinux-userns', maxUserNamespaces: null, type: 'm6i.2xlarge', shape: masterShape},
	worker: {pool: 'worker', roles: ['worker'], taints: [], gate: 'selinux-userns', maxUserNamespaces: null, type: 'm6i.xlarge', shape: workerShape},
	'worker-hardened': {pool: 'worker-hardened', roles: ['worker', 'worker-hardened'], taints: [], gate: 'userns-limit', maxUserNamespaces: 0, type: 'm6i.xlarge', shape: workerShape},
	infra: {pool: 'infra', roles: ['infra', 'worker'], taints: infraTaints, gate: 'none', maxUserNamespaces: null, type: 'm6i.xlarge', shape: workerShape},
};

function rhcosNode(role: Role, index: number, zoneIndex: number, ageDays: number): SimNode {
	const zone = `${region}${'abc'[zoneIndex]}`;
	// Masters and workers sit in the private subnets: 10.0.0.0/19 … 10.0.64.0/19 by zone.
	const ip = `10.0.${zoneIndex * 32 + (role.pool === 'master' ? 3 : 17)}.${20 + index * 29}`;
	const short = `ip-${ip.replaceAll('.', '-')}`;
	const name = `${short}.${region}.compute.internal`;
	const seed = `${infraId}/${name}`;
	const instanceId = `i-0${hex(seed, 16)}`;
	const created = stampDaysAgo(ageDays, index * 97);
	const machineSet = role.pool === 'master' ? 'master' : role.pool;
	const machine = role.pool === 'master' ? `${infraId}-master-${index}` : `${infraId}-${machineSet}-${zone}-${hex(`${seed}/machine`, 5).replace(/\d/g, (d) => 'bcdfghjklm'[Number(d)])}`;
	const rendered = `rendered-${role.pool}-${hex(`${infraId}/${role.pool}/rendered`, 32)}`;
	const labels: Record<string, string> = {
		'beta.kubernetes.io/arch': 'amd64',
		'beta.kubernetes.io/instance-type': role.type,
		'beta.kubernetes.io/os': 'linux',
		'failure-domain.beta.kubernetes.io/region': region,
		'failure-domain.beta.kubernetes.io/zone': zone,
		'kubernetes.io/arch': 'amd64',
		'kubernetes.io/hostname': short,
		'kubernetes.io/os': 'linux',
		'node.kubernetes.io/instance-type': role.type,
		'node.openshift.io/os_id': 'rhcos',
		'topology.ebs.csi.aws.com/zone': zone,
		'topology.k8s.aws/zone-id': `use2-az${zoneIndex + 1}`,
		'topology.kubernetes.io/region': region,
		'topology.kubernetes.io/zone': zone,
	};
	for (const name of role.roles) labels[`node-role.kubernetes.io/${name}`] = '';
	const subnet = `10.${128 + (index % 64)}.${(zoneIndex * 2) % 256}.0/23`;
	const object: KNode = {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name,
			uid: uuidFor(seed),
			creationTimestamp: created,
			labels,
			annotations: {
				'cloud.network.openshift.io/egress-ipconfig': JSON.stringify([{interface: `eni-0${hex(`${seed}/eni`, 16)}`, ifaddr: {ipv4: `10.0.${zoneIndex * 32}.0/19`}, capacity: {ipv4: 14, ipv6: 15}}]),
				'csi.volume.kubernetes.io/nodeid': JSON.stringify({'ebs.csi.aws.com': instanceId}),
				'k8s.ovn.org/node-primary-ifaddr': JSON.stringify({ipv4: `${ip}/19`}),
				'k8s.ovn.org/node-subnets': JSON.stringify({default: [subnet]}),
				'machine.openshift.io/machine': `openshift-machine-api/${machine}`,
				'machineconfiguration.openshift.io/controlPlaneTopology': 'HighlyAvailable',
				'machineconfiguration.openshift.io/currentConfig': rendered,
				'machineconfiguration.openshift.io/desiredConfig': rendered,
				'machineconfiguration.openshift.io/desiredDrain': `uncordon-${rendered}`,
				'machineconfiguration.openshift.io/lastAppliedDrain': `uncordon-${rendered}`,
				'machineconfiguration.openshift.io/reason': '',
				'machineconfiguration.openshift.io/state': 'Done',
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
			},
		},
		spec: {providerID: `aws:///${zone}/${instanceId}`, ...(role.taints.length > 0 ? {taints: role.taints} : {})},
		status: {
			addresses: [
				{type: 'InternalIP', address: ip},
				{type: 'Hostname', address: name},
				{type: 'InternalDNS', address: name},
			],
			...resources(role.shape),
			conditions: conditions(created),
			nodeInfo: {
				architecture: 'amd64',
				bootID: uuidFor(`${seed}/boot`),
				containerRuntimeVersion: rhcos.containerRuntimeVersion,
				kernelVersion: rhcos.kernelVersion,
				kubeProxyVersion: rhcos.kubeletVersion,
				kubeletVersion: rhcos.kubeletVersion,
				machineID: hex(`${seed}/machine-id`, 32),
				operatingSystem: 'linux',
				osImage: rhcos.osImage,
				systemUUID: `ec2${uuidFor(`${seed}/uuid`).slice(3)}`,
			},
			// CRI-O 1.31 reports its handlers; user namespaces in pods come with 1.33.
			runtimeHandlers: ['crun', 'runc', ''].map((handler) => ({name: handler, features: {recursiveReadOnlyMounts: true}})),
		},
	};
	return {object, gate: role.gate, maxUserNamespaces: role.maxUserNamespaces ?? defaultMaxUserNamespaces(role.shape.memoryKi)};
}

function nodes(): SimNode[] {
	const out: SimNode[] = [];
	for (let index = 0; index < 3; index++) out.push(rhcosNode(roles.master, index, index, 95));
	for (let index = 0; index < 3; index++) out.push(rhcosNode(roles.worker, index, index, 94));
	for (let index = 0; index < 2; index++) out.push(rhcosNode(roles['worker-hardened'], 3 + index, index, 21));
	for (let index = 0; index < 2; index++) out.push(rhcosNode(roles.infra, 5 + index, index + 1, 60));
	return out;
}

const platformNamespaceLabels = {
	'openshift.io/cluster-monitoring': 'true',
	'pod-security.kubernetes.io/audit': 'privileged',
	'pod-security.kubernetes.io/enforce': 'privileged',
	'pod-security.kubernetes.io/warn': 'privileged',
};

export function openshiftProfile(): ClusterProfile {
	return {
		id: 'sim-openshift',
		contexts: [{name: 'sim-openshift', user: openshiftUser}],
		version: {
			major: '1',
			minor: '31',
			gitVersion: 'v1.31.6',
			gitCommit: '6a1b7f2c3e4d5b8a9c0f1e2d3c4b5a6978e8d9c0',
			gitTreeState: 'clean',
			buildDate: '2025-03-04T20:16:30Z',
			goVersion: 'go1.22.12 (Red Hat 1.22.12-2.el9_5) X:strictfipsruntime',
			compiler: 'gc',
			platform: 'linux/amd64',
		},
		nodes: nodes(),
		namespaces: [
			namespace('default'),
			namespace('kube-system'),
			namespace('openshift', {}),
			namespace('openshift-config', platformNamespaceLabels),
			namespace('openshift-machine-api', platformNamespaceLabels),
			namespace('openshift-machine-config-operator', platformNamespaceLabels),
			namespace('openshift-monitoring', platformNamespaceLabels),
			namespace('openshift-ingress', platformNamespaceLabels),
			namespace(
				sccRestrictedNamespace,
				{'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'latest', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'latest'},
				{
					'openshift.io/description': '',
					'openshift.io/display-name': '',
					'openshift.io/requester': 'kube:admin',
					'openshift.io/sa.scc.mcs': 's0:c27,c9',
					'openshift.io/sa.scc.supplemental-groups': '1000720000/10000',
					'openshift.io/sa.scc.uid-range': '1000720000/10000',
				},
			),
		],
		users: [{name: openshiftUser, token: tokenFor(openshiftUser), canCreatePods: true, subject: 'kube:admin'}],
		openshift: true,
	};
}
