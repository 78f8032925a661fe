// `sim-large` (`sim --nodes N`): an EKS cluster of N nodes for benchmarks, spread over the pools a
// big fleet has (three AL2023 managed node groups, a tainted Karpenter pool for batch, and a
// Bottlerocket group that is blocked). Deterministic: the same N gives the same nodes, in well
// under 100 ms for 5,000.
import {awsNode, eksImages, eksVersion, instanceTypes, type AwsNodeOptions} from './aws-node.js';
import {namespace, tokenFor} from './cluster-parts.js';
import type {ClusterProfile, SimNode} from './index.js';

export const largeUser = 'admin@sim-large.us-east-1.eksctl.io';

type PoolPlan = {weight: number; node: Omit<AwsNodeOptions, 'index' | 'region' | 'vpcOctet' | 'clusterSeed' | 'ageDays'>};

export const largePools: readonly PoolPlan[] = [
	{weight: 30, node: {os: 'al2023', instance: instanceTypes['m6i.2xlarge'], pool: {kind: 'nodegroup', name: 'general-al2023-a', capacityType: 'ON_DEMAND'}, gate: 'none', maxUserNamespaces: null}},
	{weight: 20, node: {os: 'al2023', instance: instanceTypes['m6i.2xlarge'], pool: {kind: 'nodegroup', name: 'general-al2023-b', capacityType: 'ON_DEMAND'}, gate: 'none', maxUserNamespaces: null}},
	{weight: 15, node: {os: 'al2023', instance: instanceTypes['r6i.xlarge'], pool: {kind: 'nodegroup', name: 'memory-r6i', capacityType: 'ON_DEMAND'}, gate: 'none', maxUserNamespaces: null}},
	{
		weight: 20,
		node: {
			os: 'al2023',
			instance: instanceTypes['c6i.2xlarge'],
			pool: {kind: 'karpenter', name: 'batch-spot', nodeClass: 'al2023', capacityType: 'spot', workload: 'batch'},
			taints: [{key: 'dedicated', value: 'batch', effect: 'NoSchedule'}],
			gate: 'none',
			maxUserNamespaces: null,
		},
	},
	{weight: 15, node: {os: 'bottlerocket', instance: instanceTypes['m5.xlarge'], pool: {kind: 'nodegroup', name: 'bottlerocket-ingest', capacityType: 'ON_DEMAND'}, gate: 'userns-limit', maxUserNamespaces: 0}},
];

/** How many of `total` nodes each pool gets: by weight, the remainder to the first pools. */
export function poolSizes(total: number): number[] {
	const sum = largePools.reduce((acc, pool) => acc + pool.weight, 0);
	const sizes = largePools.map((pool) => Math.floor((total * pool.weight) / sum));
	let left = total - sizes.reduce((acc, size) => acc + size, 0);
	for (let index = 0; left > 0; index = (index + 1) % sizes.length, left--) sizes[index]++;
	return sizes;
}

function nodes(total: number): SimNode[] {
	const out: SimNode[] = new Array(total);
	const sizes = poolSizes(total);
	let index = 0;
	largePools.forEach((plan, poolIndex) => {
		// One options object per pool, updated per node: awsNode keeps nothing of it.
		const options: AwsNodeOptions = {...plan.node, image: eksImages[plan.node.os], index: 0, region: 'us-east-1', vpcOctet: 32, clusterSeed: 'sim-large', ageDays: 0};
		const karpenter = plan.node.pool.kind === 'karpenter';
		for (let member = 0; member < sizes[poolIndex]; member++, index++) {
			options.index = index;
			// Karpenter nodes come and go; node groups are older.
			options.ageDays = karpenter ? 0.5 + (member % 48) / 24 : 20 + (member % 40);
			out[index] = awsNode(options);
		}
	});
	return out;
}

export function largeProfile(total: number): ClusterProfile {
	return {
		id: 'sim-large',
		contexts: [{name: 'sim-large', user: largeUser}],
		version: eksVersion,
		nodes: nodes(total),
		namespaces: [namespace('default'), namespace('kube-system'), namespace('kube-public'), namespace('kube-node-lease'), namespace('karpenter')],
		users: [{name: largeUser, token: tokenFor(largeUser), canCreatePods: true, subject: 'arn:aws:sts::444455556666:assumed-role/EKSClusterAdmin/bench'}],
		openshift: false,
	};
}
