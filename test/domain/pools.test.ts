import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {poolLabels, poolOf, primaryRole, rolesOf} from '../../source/domain/pools.js';
import type {KNode} from '../../source/domain/k8s.js';

function fixture(name: string): KNode {
	return JSON.parse(readFileSync(new URL(`../fixtures/nodes/${name}`, import.meta.url), 'utf8')) as KNode;
}

const withLabels = (labels: Record<string, string>): KNode => ({metadata: {name: 'n', labels}});

test('the pool of every fixture', () => {
	const expected: Record<string, string> = {
		'eks-bottlerocket.json': 'ng-bottlerocket',
		'eks-al2.json': 'al2-workers',
		'eks-al2023.json': 'default',
		'eks.json': 'default',
		'openshift-rhcos.json': 'worker',
		'openshift-rhel.json': 'worker',
		'gke.json': 'default-pool',
		'gke-cos.json': 'default',
		'aks.json': 'nodepool1',
		'aks-azurelinux.json': 'azlpool',
		'aks-ubuntu.json': 'default',
		'doks.json': 'pool-y25ag12r1',
		'kind.json': 'control-plane',
		'minikube-docker.json': 'master',
		'minikube-vm.json': 'control-plane',
		'docker-desktop.json': 'control-plane',
		'rancher-desktop.json': 'control-plane',
		'talos.json': 'worker',
		'k3s.json': 'default',
		'microk8s.json': 'default',
		'generic.json': 'default',
	};
	for (const [file, pool] of Object.entries(expected)) assert.equal(poolOf(fixture(file)), pool, file);
});

test('each pool label names the pool on its own', () => {
	for (const label of poolLabels) assert.equal(poolOf(withLabels({[label]: 'p1'})), 'p1', label);
});

test('the first set label in the documented order wins', () => {
	// Every label set at once: each is outranked by all the ones before it.
	for (let index = 0; index < poolLabels.length; index++) {
		const labels: Record<string, string> = {};
		for (const label of poolLabels.slice(index)) labels[label] = `from-${label}`;
		assert.equal(poolOf(withLabels(labels)), `from-${poolLabels[index]}`, poolLabels[index]);
	}
	// eksctl managed node groups carry both; the EKS label comes first.
	assert.equal(poolOf(withLabels({'alpha.eksctl.io/nodegroup-name': 'ng-a', 'eks.amazonaws.com/nodegroup': 'ng-b'})), 'ng-b');
	// AKS sets both agentpool labels to the same value; Karpenter beats eksctl.
	assert.equal(poolOf(withLabels({agentpool: 'old', 'kubernetes.azure.com/agentpool': 'new'})), 'new');
	assert.equal(poolOf(withLabels({'alpha.eksctl.io/nodegroup-name': 'ng', 'karpenter.sh/nodepool': 'default'})), 'default');
});

test('an empty pool label is not set', () => {
	assert.equal(poolOf(withLabels({'eks.amazonaws.com/nodegroup': '', 'karpenter.sh/nodepool': 'spot'})), 'spot');
	assert.equal(poolOf(withLabels({'cloud.google.com/gke-nodepool': '  ', 'node-role.kubernetes.io/worker': ''})), 'worker');
});

test('role fallback', () => {
	const cases: readonly (readonly [string, Record<string, string>, string])[] = [
		['kubeadm control plane', {'node-role.kubernetes.io/control-plane': ''}, 'control-plane'],
		['1.20–1.23 control plane carries both roles', {'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': ''}, 'control-plane'],
		['old master', {'node-role.kubernetes.io/master': ''}, 'master'],
		['k3s server: control-plane, etcd, master', {'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true'}, 'control-plane'],
		['OpenShift compact cluster: master and worker', {'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/worker': ''}, 'master'],
		['OpenShift infra node that kept the worker role', {'node-role.kubernetes.io/infra': '', 'node-role.kubernetes.io/worker': ''}, 'infra'],
		['custom role beside worker', {'node-role.kubernetes.io/gpu': '', 'node-role.kubernetes.io/worker': ''}, 'gpu'],
		['two custom roles: alphabetical, so stable', {'node-role.kubernetes.io/storage': '', 'node-role.kubernetes.io/infra': '', 'node-role.kubernetes.io/worker': ''}, 'infra'],
		['plain worker', {'node-role.kubernetes.io/worker': ''}, 'worker'],
		['lone etcd node (RKE2)', {'node-role.kubernetes.io/etcd': 'true'}, 'etcd'],
		["kops' legacy role label", {'kubernetes.io/role': 'node'}, 'node'],
		['an empty role name is ignored', {'node-role.kubernetes.io/': ''}, 'default'],
		['no pool label, no role', {'kubernetes.io/hostname': 'x'}, 'default'],
		['a pool label beats any role', {'node-role.kubernetes.io/infra': '', 'karpenter.sh/nodepool': 'general'}, 'general'],
	];
	for (const [label, labels, pool] of cases) assert.equal(poolOf(withLabels(labels)), pool, label);
});

test('a node without metadata is in the default pool', () => {
	assert.equal(poolOf({}), 'default');
	assert.equal(poolOf({metadata: {}}), 'default');
});

test('rolesOf and primaryRole', () => {
	assert.deepEqual(rolesOf(withLabels({'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/infra': '', other: 'x'})), ['infra', 'worker']);
	assert.equal(primaryRole([]), null);
	assert.equal(primaryRole(['compute', 'worker']), 'worker');
	assert.equal(primaryRole(['worker', 'storage', 'gpu']), 'gpu');
});
