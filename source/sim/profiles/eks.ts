// `sim-eks`: an EKS 1.31 cluster with the three kinds of capacity people run: a Bottlerocket
// managed node group (user.max_user_namespaces=0, Bottlerocket's default), an AL2023 managed node
// group, and a Karpenter NodePool dedicated to CI runners behind a taint. `sim-eks-readonly` is the
// same cluster as a user whose RBAC stops at reading.
import {awsNode, eksVersion, instanceTypes} from './aws-node.js';
import {namespace, tokenFor} from './cluster-parts.js';
import type {ClusterProfile, SimNode} from './index.js';

const region = 'us-west-2';
const clusterSeed = 'sim-eks';

export const eksUsers = {
	admin: 'admin@sim-eks.us-west-2.eksctl.io',
	readonly: 'viewer@sim-eks.us-west-2.eksctl.io',
};

function nodes(): SimNode[] {
	const common = {region, vpcOctet: 0, clusterSeed};
	const bottlerocket = [0, 1, 2].map((index) =>
		awsNode({
			...common,
			index: 40 + index * 37,
			os: 'bottlerocket',
			instance: instanceTypes['m5.xlarge'],
			pool: {kind: 'nodegroup', name: 'bottlerocket-workers', capacityType: 'ON_DEMAND'},
			ageDays: 12,
			// Bottlerocket ships user.max_user_namespaces=0; the kernel itself answers ENOSPC.
			gate: 'userns-limit',
			maxUserNamespaces: 0,
		}),
	);
	const al2023 = [0, 1].map((index) =>
		awsNode({
			...common,
			index: 63 + index * 50,
			os: 'al2023',
			instance: instanceTypes['m6i.large'],
			pool: {kind: 'nodegroup', name: 'al2023-general', capacityType: 'ON_DEMAND'},
			ageDays: 30,
			gate: 'none',
			maxUserNamespaces: null,
		}),
	);
	const karpenter = [0, 1].map((index) =>
		awsNode({
			...common,
			index: 130 + index * 11,
			os: 'al2023',
			instance: instanceTypes['c6i.2xlarge'],
			pool: {kind: 'karpenter', name: 'ci-runners', nodeClass: 'al2023', capacityType: 'spot', workload: 'ci-runners'},
			taints: [{key: 'dedicated', value: 'ci-runners', effect: 'NoSchedule'}],
			ageDays: 0.2 + index * 0.05,
			gate: 'none',
			maxUserNamespaces: null,
		}),
	);
	return [...bottlerocket, ...al2023, ...karpenter];
}

export function eksProfile(): ClusterProfile {
	return {
		id: 'sim-eks',
		contexts: [
			{name: 'sim-eks', user: eksUsers.admin},
			{name: 'sim-eks-readonly', user: eksUsers.readonly},
		],
		version: eksVersion,
		nodes: nodes(),
		namespaces: [
			namespace('default'),
			namespace('kube-system'),
			namespace('kube-public'),
			namespace('kube-node-lease'),
			namespace('karpenter'),
			namespace('restricted-ns', {'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest'}),
		],
		users: [
			{name: eksUsers.admin, token: tokenFor(eksUsers.admin), canCreatePods: true, subject: 'arn:aws:sts::111122223333:assumed-role/EKSClusterAdmin/sim-admin'},
			{name: eksUsers.readonly, token: tokenFor(eksUsers.readonly), canCreatePods: false, subject: 'arn:aws:sts::111122223333:assumed-role/EKSViewer/sim-viewer'},
		],
		openshift: false,
	};
}
