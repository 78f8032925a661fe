// Pod status shapes the kubelet writes at each step, as a real kubelet (1.32, containerd) does:
// conditions with their reasons, containerStatuses with waiting/running/terminated states.
import {createHash, randomBytes} from 'node:crypto';
import type {KObject} from './store.js';

export const nowStamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** `alpine:3.19` → `docker.io/library/alpine:3.19`, the form containerd reports. */
export function fullImageName(image: string): string {
	const withTag = /[:@]/.test(image.split('/').pop() ?? '') ? image : `${image}:latest`;
	const parts = withTag.split('/');
	if (parts.length === 1) return `docker.io/library/${withTag}`;
	if (!parts[0].includes('.') && !parts[0].includes(':') && parts[0] !== 'localhost') return `docker.io/${withTag}`;
	return withTag;
}

export function imageId(image: string): string {
	const full = fullImageName(image);
	const repository = full.replace(/[:@].*$/, '').replace(/:[^/]*$/, '');
	return `${repository}@sha256:${createHash('sha256').update(full).digest('hex')}`;
}

export function containerId(runtimeVersion: string | undefined): string {
	const scheme = (runtimeVersion ?? 'containerd://').split('://')[0] || 'containerd';
	return `${scheme}://${randomBytes(32).toString('hex')}`;
}

type Condition = {type: string; status: 'True' | 'False'; reason?: string};

export function conditions(list: Condition[], at: string): Record<string, unknown>[] {
	return list.map((condition) => ({type: condition.type, status: condition.status, lastProbeTime: null, lastTransitionTime: at, ...(condition.reason ? {reason: condition.reason} : {})}));
}

export function containersOf(pod: KObject): {name: string; image: string; command?: string[]; args?: string[]; securityContext?: Record<string, any>}[] {
	return pod.spec?.containers ?? [];
}

export function waitingStatuses(pod: KObject, reason: string, message?: string): Record<string, unknown>[] {
	return containersOf(pod).map((container) => ({
		name: container.name,
		state: {waiting: message ? {reason, message} : {reason}},
		lastState: {},
		ready: false,
		restartCount: 0,
		image: container.image,
		imageID: '',
		started: false,
	}));
}

/** The kubelet picked the pod up: containers being created, not ready. */
export function setStarting(pod: KObject, hostIP: string, at: string): void {
	const unready = `containers with unready status: [${containersOf(pod).map((container) => container.name).join(' ')}]`;
	pod.status = {
		...pod.status,
		phase: 'Pending',
		conditions: conditions([
			{type: 'PodReadyToStartContainers', status: 'False'},
			{type: 'Initialized', status: 'True'},
			{type: 'Ready', status: 'False', reason: 'ContainersNotReady'},
			{type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady'},
			{type: 'PodScheduled', status: 'True'},
		], at).map((condition) => (condition.type === 'Ready' || condition.type === 'ContainersReady' ? {...condition, message: unready} : condition)),
		hostIP,
		hostIPs: [{ip: hostIP}],
		startTime: at,
		containerStatuses: waitingStatuses(pod, 'ContainerCreating'),
	};
}

export function setRunning(pod: KObject, podIP: string, ids: ReadonlyMap<string, string>, at: string): void {
	pod.status.phase = 'Running';
	pod.status.podIP = podIP;
	pod.status.podIPs = [{ip: podIP}];
	pod.status.conditions = conditions([
		{type: 'PodReadyToStartContainers', status: 'True'},
		{type: 'Initialized', status: 'True'},
		{type: 'Ready', status: 'True'},
		{type: 'ContainersReady', status: 'True'},
		{type: 'PodScheduled', status: 'True'},
	], at);
	pod.status.containerStatuses = containersOf(pod).map((container) => ({
		name: container.name,
		state: {running: {startedAt: at}},
		lastState: {},
		ready: true,
		restartCount: 0,
		image: fullImageName(container.image),
		imageID: imageId(container.image),
		containerID: ids.get(container.name),
		started: true,
	}));
}

/** Every container exited: Succeeded when all exited 0, else Failed (restartPolicy Never). */
export function setFinished(pod: KObject, results: readonly {name: string; exitCode: number}[], startedAt: string, at: string): void {
	const failed = results.some((result) => result.exitCode !== 0);
	const reason = failed ? 'PodFailed' : 'PodCompleted';
	pod.status.phase = failed ? 'Failed' : 'Succeeded';
	pod.status.conditions = conditions([
		{type: 'PodReadyToStartContainers', status: 'False'},
		{type: 'Initialized', status: 'True', reason: 'PodCompleted'},
		{type: 'Ready', status: 'False', reason},
		{type: 'ContainersReady', status: 'False', reason},
		{type: 'PodScheduled', status: 'True'},
	], at);
	pod.status.containerStatuses = pod.status.containerStatuses.map((status: Record<string, any>) => {
		const exitCode = results.find((entry) => entry.name === status.name)?.exitCode ?? 0;
		return {...status, ready: false, started: false, state: {terminated: {exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: at, containerID: status.containerID}}};
	});
}

/** activeDeadlineSeconds passed: the kubelet kills what runs and fails the pod. */
export function setDeadlineExceeded(pod: KObject, message: string, at: string): void {
	pod.status.phase = 'Failed';
	pod.status.reason = 'DeadlineExceeded';
	pod.status.message = message;
	pod.status.conditions = conditions([
		{type: 'PodReadyToStartContainers', status: 'False'},
		{type: 'Initialized', status: 'True'},
		{type: 'Ready', status: 'False', reason: 'PodFailed'},
		{type: 'ContainersReady', status: 'False', reason: 'PodFailed'},
		{type: 'PodScheduled', status: 'True'},
	], at);
	pod.status.containerStatuses = (pod.status.containerStatuses ?? []).map((status: Record<string, any>) => {
		if (status.state?.running) {
			return {...status, ready: false, started: false, state: {terminated: {exitCode: 137, reason: 'Error', startedAt: status.state.running.startedAt, finishedAt: at, containerID: status.containerID}}};
		}
		if (status.state?.waiting) {
			return {...status, ready: false, started: false, state: {terminated: {exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: null, finishedAt: null}}};
		}
		return status;
	});
}

export function setStartError(pod: KObject, message: string, at: string): void {
	pod.status.phase = 'Failed';
	pod.status.containerStatuses = containersOf(pod).map((container) => ({
		name: container.name,
		state: {terminated: {exitCode: 128, reason: 'StartError', message, startedAt: at, finishedAt: at}},
		lastState: {},
		ready: false,
		restartCount: 0,
		image: fullImageName(container.image),
		imageID: '',
		started: false,
	}));
}

/** What the kubelet writes for a container it can no longer find (a node that came back without it). */
function lostContainer(status: Record<string, any>): Record<string, any> {
	return {...status, ready: false, started: false, state: {terminated: {exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: null, finishedAt: null}}};
}

function failedConditions(at: string, disruption: Record<string, unknown>[]): Record<string, unknown>[] {
	return [
		...disruption,
		...conditions([
			{type: 'PodReadyToStartContainers', status: 'False'},
			{type: 'Initialized', status: 'True', reason: 'PodCompleted'},
			{type: 'Ready', status: 'False', reason: 'PodFailed'},
			{type: 'ContainersReady', status: 'False', reason: 'PodFailed'},
			{type: 'PodScheduled', status: 'True'},
		], at),
	];
}

/**
 * The kubelet's eviction manager message for memory pressure, in its own format
 * (pkg/kubelet/eviction/helpers.go: node-low, threshold-met and per-container sentences, each ending
 * in ". "). Seen verbatim in openshift/release#76967: "The node was low on resource: memory.
 * Threshold quantity: 100Mi, available: 87608Ki. Container dptp-controller-manager was using
 * 48458972Ki, request is 15Gi, has larger consumption of memory. "
 */
export function memoryEvictionMessage(pod: KObject): string {
	const containers = containersOf(pod).map((container) => {
		const request = (container as {resources?: {requests?: {memory?: string}}}).resources?.requests?.memory ?? '0';
		return `Container ${container.name} was using 1148Ki, request is ${request}, has larger consumption of memory. `;
	});
	return `The node was low on resource: memory. Threshold quantity: 100Mi, available: 87608Ki. ${containers.join('')}`;
}

/**
 * Evicted by the kubelet (1.31+, PodDisruptionConditions): Failed with reason Evicted, a
 * DisruptionTarget condition, and containers the runtime already removed — as in the pod dumps of
 * kubernetes/kubernetes#105467 and #122932 (ContainerStatusUnknown, exit 137).
 */
export function setEvicted(pod: KObject, message: string, at: string): void {
	pod.status.phase = 'Failed';
	pod.status.reason = 'Evicted';
	pod.status.message = message;
	pod.status.conditions = failedConditions(at, [{type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: at, reason: 'TerminationByKubelet', message}]);
	pod.status.containerStatuses = (pod.status.containerStatuses ?? []).map(lostContainer);
}

/** A node whose kubelet died mid-run came back without the pod's containers: restartPolicy Never fails the pod. */
export function setContainersLost(pod: KObject, at: string): void {
	pod.status.phase = 'Failed';
	pod.status.conditions = failedConditions(at, []);
	pod.status.containerStatuses = (pod.status.containerStatuses ?? []).map(lostContainer);
}
