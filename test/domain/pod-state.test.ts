import {test} from 'node:test';
import assert from 'node:assert/strict';
import {interpretPod, nodeNotReady} from '../../source/domain/pod-state.js';
import type {KNode, KPod} from '../../source/domain/k8s.js';

// Status shapes as the kubelet reports them. The messages are the kubelet's own strings, as they
// appear in `kubectl describe pod` output people post publicly ("container has runAsNonRoot and
// image will run as root", "Pod was active on the node longer than the specified deadline" — also
// in kubernetes/kubernetes pkg/kubelet tests, "The node was low on resource: ephemeral-storage.").
const cases: {name: string; status: KPod['status']; kind: string; reason?: string}[] = [
	{name: 'freshly created', status: {phase: 'Pending'}, kind: 'pending'},
	{name: 'unschedulable', status: {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available'}]}, kind: 'pending'},
	{name: 'running', status: {phase: 'Running'}, kind: 'running'},
	{name: 'succeeded', status: {phase: 'Succeeded', containerStatuses: [{name: 'probe', state: {terminated: {exitCode: 0, reason: 'Completed'}}}]}, kind: 'finished'},
	{name: 'failed', status: {phase: 'Failed', containerStatuses: [{name: 'probe', state: {terminated: {exitCode: 1, reason: 'Error'}}}]}, kind: 'finished'},
	// After a node outage the kubelet cannot find the container (kubernetes/kubernetes#105467).
	{name: 'container lost with its node', status: {phase: 'Failed', containerStatuses: [{name: 'probe', state: {terminated: {exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated'}}}]}, kind: 'error', reason: 'node-not-ready'},
	{name: 'image pull', status: {phase: 'Pending', containerStatuses: [{name: 'probe', state: {waiting: {reason: 'ImagePullBackOff', message: 'Back-off pulling image "alpine:3.19"'}}}]}, kind: 'error', reason: 'image-pull'},
	{name: 'runAsNonRoot', status: {phase: 'Pending', containerStatuses: [{name: 'probe', state: {waiting: {reason: 'CreateContainerConfigError', message: 'container has runAsNonRoot and image will run as root'}}}]}, kind: 'error', reason: 'container-error'},
	{name: 'evicted', status: {phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: ephemeral-storage.'}, kind: 'error', reason: 'evicted'},
	{name: 'deadline', status: {phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline'}, kind: 'timeout'},
	{name: 'node lost', status: {phase: 'Failed', reason: 'NodeLost'}, kind: 'error', reason: 'node-not-ready'},
];

for (const item of cases) {
	test(`pod state: ${item.name}`, () => {
		const state = interpretPod({status: item.status});
		assert.equal(state.kind, item.kind);
		if (item.reason !== undefined) assert.equal(state.kind === 'error' ? state.reason : null, item.reason);
	});
}

test('a node is NotReady in the node lifecycle controller\'s own words, or null when Ready', () => {
	// The Ready condition as `tryUpdateNodeHealth` writes it when the kubelet goes silent
	// (kubernetes/kubernetes pkg/controller/nodelifecycle; node dumps in kubernetes#36273, #94183).
	const lost: KNode = {metadata: {name: 'ip-10-0-0-42.ec2.internal'}, status: {conditions: [{type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'}]}};
	assert.equal(nodeNotReady(lost), 'the node went NotReady while the probe ran (Ready Unknown, NodeStatusUnknown: Kubelet stopped posting node status.); probe it again once it is Ready');
	assert.equal(nodeNotReady({metadata: {name: 'n'}, status: {conditions: [{type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status'}]}}), null);
});
