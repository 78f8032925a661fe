import {test} from 'node:test';
import assert from 'node:assert/strict';
import {interpretPod} from '../../source/domain/pod-state.js';
import type {KPod} from '../../source/domain/k8s.js';

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
