// EKS worker nodes as the kubelet, the AWS cloud provider and Karpenter label them. Shapes follow
// node objects people posted: `kubectl get node -o yaml` of an EKS node in kubernetes/autoscaler#1576
// (labels, providerID, addresses), AL2023 nodeInfo in awslabs/amazon-eks-ami#1212, Bottlerocket
// `get nodes -o wide` rows (OS-IMAGE `Bottlerocket OS 1.36.0 (aws-k8s-1.32)`, kernel `6.1.131`,
// `containerd://1.7.27+bottlerocket`) in public EKS walkthroughs, and Karpenter's well-known labels
// (karpenter.sh/docs/reference/instance-types).
import type {KNode, Taint} from '../../domain/k8s.js';
import type {Gate} from '../../domain/types.js';
import type {SimNode} from './index.js';
import {conditions, defaultMaxUserNamespaces, hash32, hex, IdStream, resources, stampDaysAgo, type Shape} from './node-parts.js';

export type AwsOs = 'bottlerocket' | 'al2023';

/** What EKS answers on /version: a `+` on the minor and its own build suffix. */
export const eksVersion = {
	major: '1',
	minor: '31+',
	gitVersion: 'v1.31.7-eks-bcf3d70',
	gitCommit: 'a0a5b7e8e9d4c5f2b6d8e1f0c3a9b7d6e5f4c3b2',
	gitTreeState: 'clean',
	buildDate: '2025-04-17T18:49:43Z',
	goVersion: 'go1.23.6',
	compiler: 'gc',
	platform: 'linux/amd64',
};

type KarpenterFacts = {category: string; cpu: string; family: string; generation: string; memory: string; size: string; ebsBandwidth: string; networkBandwidth: string};

export type InstanceType = {name: string; shape: Shape; karpenter: KarpenterFacts};

// Allocatable as EKS computes it: max pods from the ENI limits, kube-reserved memory 255Mi + 11Mi
// per pod plus the 100Mi eviction threshold, CPU reserved on the 6/1/0.5/0.25% ladder.
function instance(name: string, cpu: number, nominalGiB: number, memoryKi: number, pods: number, reservedCpuMillis: number, ebsBandwidth: string, networkBandwidth: string): InstanceType {
	const reservedMemoryKi = (255 + 11 * pods + 100) * 1024;
	const [category, generation, size] = /^([a-z]+?)(\d)[a-z]*\.(.+)$/.exec(name)!.slice(1);
	return {
		name,
		shape: {cpu, memoryKi, pods, diskKi: 0, reservedCpuMillis, reservedMemoryKi, extra: {'hugepages-1Gi': '0', 'hugepages-2Mi': '0'}},
		karpenter: {
			category: category[0],
			cpu: String(cpu),
			family: name.split('.')[0],
			generation,
			// Karpenter labels the memory EC2 advertises, in MiB; the kubelet reports what the kernel sees.
			memory: String(nominalGiB * 1024),
			size,
			ebsBandwidth,
			networkBandwidth,
		},
	};
}

export const instanceTypes = {
	'm5.xlarge': instance('m5.xlarge', 4, 16, 15_896_988, 58, 80, '4750', '1250'),
	'm6i.large': instance('m6i.large', 2, 8, 7_869_108, 29, 70, '10000', '781'),
	'm6i.2xlarge': instance('m6i.2xlarge', 8, 32, 32_329_896, 58, 90, '10000', '3125'),
	'c6i.2xlarge': instance('c6i.2xlarge', 8, 16, 15_950_200, 58, 90, '10000', '3125'),
	'r6i.xlarge': instance('r6i.xlarge', 4, 32, 32_329_896, 58, 80, '10000', '1562'),
} satisfies Record<string, InstanceType>;

export type OsImage = {osImage: string; kernelVersion: string; containerRuntimeVersion: string; kubeletVersion: string; diskKi: number; ami: string};

/** The node images of a 1.31 cluster, as their nodes report them. */
export const eksImages: Record<AwsOs, OsImage> = {
	// Bottlerocket's aws-k8s-1.31 variant: kernel 6.1, containerd built with a `+bottlerocket` suffix,
	// a 20 GiB data volume by default.
	bottlerocket: {
		osImage: 'Bottlerocket OS 1.36.0 (aws-k8s-1.31)',
		kernelVersion: '6.1.131',
		containerRuntimeVersion: 'containerd://1.7.27+bottlerocket',
		kubeletVersion: 'v1.31.6-eks-0d6a7d9',
		diskKi: 20_624_592,
		ami: 'ami-0b7f5d9a3c1e0f4d2',
	},
	al2023: {
		osImage: 'Amazon Linux 2023.7.20250512',
		kernelVersion: '6.1.134-152.225.amzn2023.x86_64',
		containerRuntimeVersion: 'containerd://1.7.27',
		kubeletVersion: 'v1.31.7-eks-473151a',
		diskKi: 83_873_772,
		ami: 'ami-04c2a6f3b9e8d1a57',
	},
};

export type AwsNodeOptions = {
	/** Unique per cluster: seeds the address, instance id and uids. */
	index: number;
	region: string;
	/** Second octet of the VPC CIDR (10.X.0.0/16). */
	vpcOctet: number;
	os: AwsOs;
	instance: InstanceType;
	image?: OsImage;
	/** A managed node group, or a Karpenter NodePool (with its EC2NodeClass). */
	pool: {kind: 'nodegroup'; name: string; capacityType: 'ON_DEMAND' | 'SPOT'} | {kind: 'karpenter'; name: string; nodeClass: string; capacityType: 'on-demand' | 'spot'; workload: string};
	taints?: Taint[];
	ageDays: number;
	gate: Gate;
	/** null: the kernel's default for the instance's memory. */
	maxUserNamespaces: number | null;
	ready?: boolean;
	clusterSeed: string;
};

const memo = new Map<string, string>();

function memoized(key: string, make: () => string): string {
	let value = memo.get(key);
	if (value === undefined) {
		value = make();
		memo.set(key, value);
	}
	return value;
}

const clusterHash = (clusterSeed: string): string => memoized(`cluster:${clusterSeed}`, () => hex(clusterSeed, 32));
const launchTemplateId = (clusterSeed: string, pool: string): string => memoized(`lt:${clusterSeed}/${pool}`, () => `lt-0${hex(`${clusterSeed}/${pool}`, 16)}`);

/** Karpenter's hashes are unsigned 64-bit decimals (this stays below 2^64). */
function bigHash(seed: string): string {
	return memoized(`big:${seed}`, () => `${hash32(seed) || 1}${String(hash32(`${seed}+`) % 1_000_000_000).padStart(9, '0')}`);
}

const zoneIdPrefixes: Record<string, string> = {'us-west-2': 'usw2-az', 'us-east-1': 'use1-az', 'eu-west-1': 'euw1-az'};

// Labels and annotations are written as whole object literals, one shape per pool kind: built key
// by key they fall into V8's slow dictionary mode, and sim-large builds thousands of them.
function nodegroupLabels(common: CommonLabels, pool: {name: string; capacityType: string}, image: OsImage, launchTemplate: string): Record<string, string> {
	return {
		'beta.kubernetes.io/arch': 'amd64',
		'beta.kubernetes.io/instance-type': common.type,
		'beta.kubernetes.io/os': 'linux',
		'eks.amazonaws.com/capacityType': pool.capacityType,
		'eks.amazonaws.com/nodegroup': pool.name,
		'eks.amazonaws.com/nodegroup-image': image.ami,
		'eks.amazonaws.com/sourceLaunchTemplateId': launchTemplate,
		'eks.amazonaws.com/sourceLaunchTemplateVersion': '1',
		'failure-domain.beta.kubernetes.io/region': common.region,
		'failure-domain.beta.kubernetes.io/zone': common.zone,
		'k8s.io/cloud-provider-aws': common.cloudProvider,
		'kubernetes.io/arch': 'amd64',
		'kubernetes.io/hostname': common.hostname,
		'kubernetes.io/os': 'linux',
		'node.kubernetes.io/instance-type': common.type,
		'topology.ebs.csi.aws.com/zone': common.zone,
		'topology.k8s.aws/zone-id': common.zoneId,
		'topology.kubernetes.io/region': common.region,
		'topology.kubernetes.io/zone': common.zone,
	};
}

function karpenterLabels(common: CommonLabels, pool: {name: string; nodeClass: string; capacityType: string; workload: string}, type: InstanceType): Record<string, string> {
	const k = type.karpenter;
	return {
		'beta.kubernetes.io/arch': 'amd64',
		'beta.kubernetes.io/instance-type': common.type,
		'beta.kubernetes.io/os': 'linux',
		'failure-domain.beta.kubernetes.io/region': common.region,
		'failure-domain.beta.kubernetes.io/zone': common.zone,
		'k8s.io/cloud-provider-aws': common.cloudProvider,
		'karpenter.k8s.aws/ec2nodeclass': pool.nodeClass,
		'karpenter.k8s.aws/instance-category': k.category,
		'karpenter.k8s.aws/instance-cpu': k.cpu,
		'karpenter.k8s.aws/instance-cpu-manufacturer': 'intel',
		'karpenter.k8s.aws/instance-ebs-bandwidth': k.ebsBandwidth,
		'karpenter.k8s.aws/instance-family': k.family,
		'karpenter.k8s.aws/instance-generation': k.generation,
		'karpenter.k8s.aws/instance-hypervisor': 'nitro',
		'karpenter.k8s.aws/instance-memory': k.memory,
		'karpenter.k8s.aws/instance-network-bandwidth': k.networkBandwidth,
		'karpenter.k8s.aws/instance-size': k.size,
		'karpenter.sh/capacity-type': pool.capacityType,
		'karpenter.sh/initialized': 'true',
		'karpenter.sh/nodepool': pool.name,
		'karpenter.sh/registered': 'true',
		'kubernetes.io/arch': 'amd64',
		'kubernetes.io/hostname': common.hostname,
		'kubernetes.io/os': 'linux',
		'node.kubernetes.io/instance-type': common.type,
		'topology.ebs.csi.aws.com/zone': common.zone,
		'topology.k8s.aws/zone-id': common.zoneId,
		'topology.kubernetes.io/region': common.region,
		'topology.kubernetes.io/zone': common.zone,
		workload: pool.workload,
	};
}

const resourceMemo = new Map<string, ReturnType<typeof resources>>();

function resourcesOf(type: InstanceType, image: OsImage): ReturnType<typeof resources> {
	const key = `${type.name}/${image.diskKi}`;
	let value = resourceMemo.get(key);
	if (!value) {
		value = resources({...type.shape, diskKi: image.diskKi});
		resourceMemo.set(key, value);
	}
	return value;
}

type CommonLabels = {type: string; region: string; zone: string; zoneId: string; hostname: string; cloudProvider: string};

export function awsNode(options: AwsNodeOptions): SimNode {
	const {region, index, instance: type, pool, clusterSeed} = options;
	const image = options.image ?? eksImages[options.os];
	const zoneIndex = index % 3;
	const zone = `${region}${'abc'[zoneIndex]}`;
	// eksctl's layout: one /19 private subnet per zone (10.X.0.0, 10.X.32.0, 10.X.64.0). One address
	// per index (AWS keeps .0–.3 of a subnet), so every node name is unique; 24,000 fit in a /16.
	const slot = Math.floor(index / 3) % 8000;
	const ip = `10.${options.vpcOctet + Math.floor(index / 24_000)}.${zoneIndex * 32 + Math.floor(slot / 250)}.${4 + (slot % 250)}`;
	const dashed = `ip-${ip.replaceAll('.', '-')}`;
	const dns = region === 'us-east-1' ? `${dashed}.ec2.internal` : `${dashed}.${region}.compute.internal`;
	// One draw of digits per node: instance id, uid, boot id, machine id, system UUID.
	const digits = new IdStream(`${clusterSeed}/${dns}`).hex(144);
	const instanceId = `i-0${digits.slice(0, 16)}`;
	const created = stampDaysAgo(options.ageDays, (index % 7) * 60);
	const common: CommonLabels = {type: type.name, region, zone, zoneId: `${zoneIdPrefixes[region] ?? 'az'}${zoneIndex + 1}`, hostname: dns, cloudProvider: clusterHash(clusterSeed)};
	const nodeId = `{"ebs.csi.aws.com":"${instanceId}"}`;
	let labels: Record<string, string>;
	let annotations: Record<string, string>;
	if (pool.kind === 'nodegroup') {
		labels = nodegroupLabels(common, pool, image, launchTemplateId(clusterSeed, pool.name));
		annotations = {
			'alpha.kubernetes.io/provided-node-ip': ip,
			'csi.volume.kubernetes.io/nodeid': nodeId,
			'node.alpha.kubernetes.io/ttl': '0',
			'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
		};
	} else {
		labels = karpenterLabels(common, pool, type);
		annotations = {
			'alpha.kubernetes.io/provided-node-ip': ip,
			'csi.volume.kubernetes.io/nodeid': nodeId,
			'karpenter.k8s.aws/ec2nodeclass-hash': bigHash(`${clusterSeed}/${pool.nodeClass}`),
			'karpenter.k8s.aws/ec2nodeclass-hash-version': 'v4',
			'karpenter.sh/nodepool-hash': bigHash(`${clusterSeed}/${pool.name}`),
			'karpenter.sh/nodepool-hash-version': 'v3',
			'node.alpha.kubernetes.io/ttl': '0',
			'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
		};
	}
	// Shared by every node of one instance type and image: node objects here are read-only.
	const {capacity, allocatable} = resourcesOf(type, image);
	const object: KNode = {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {name: dns, uid: uuidOf(digits, 16), creationTimestamp: created, labels, annotations},
		spec: options.taints ? {providerID: `aws:///${zone}/${instanceId}`, taints: options.taints.map((taint) => ({...taint}))} : {providerID: `aws:///${zone}/${instanceId}`},
		status: {
			addresses: [
				{type: 'InternalIP', address: ip},
				{type: 'InternalDNS', address: dns},
				{type: 'Hostname', address: dns},
			],
			allocatable,
			capacity,
			conditions: conditions(created, options.ready ?? true),
			nodeInfo: {
				architecture: 'amd64',
				bootID: uuidOf(digits, 48),
				containerRuntimeVersion: image.containerRuntimeVersion,
				kernelVersion: image.kernelVersion,
				kubeProxyVersion: image.kubeletVersion,
				kubeletVersion: image.kubeletVersion,
				machineID: digits.slice(80, 112),
				operatingSystem: 'linux',
				osImage: image.osImage,
				// EC2 reports the instance's UUID, which starts with `ec2`.
				systemUUID: `ec2${uuidOf(digits, 112).slice(3)}`,
			},
		},
	};
	const maxUserNamespaces = options.maxUserNamespaces ?? defaultMaxUserNamespaces(type.shape.memoryKi);
	return {object, maxUserNamespaces, gate: options.gate};
}

/** 32 hex digits from `digits` at `at`, laid out as a version-4 UUID. */
function uuidOf(digits: string, at: number): string {
	const h = digits.slice(at, at + 32);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
