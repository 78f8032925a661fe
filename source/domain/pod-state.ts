// What a probe pod's status says about the probe: still waiting, running, finished (read the log),
// or unable to run (and why). Pure: a pod object in, a verdict out.
import type {KNode, KPod} from './k8s.js';
import type {ProbeErrorReason} from './types.js';

export type PodState =
	| {readonly kind: 'pending'; readonly detail: string | null}
	| {readonly kind: 'running'}
	| {readonly kind: 'finished'; readonly exitCode: number | null}
	| {readonly kind: 'timeout'; readonly detail: string}
	| {readonly kind: 'error'; readonly reason: ProbeErrorReason; readonly detail: string};

const imagePullReasons = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const containerErrorReasons = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'CrashLoopBackOff']);

export function interpretPod(pod: KPod): PodState {
	const status = pod.status ?? {};
	const container = status.containerStatuses?.[0];
	const waiting = container?.state?.waiting;
	const terminated = container?.state?.terminated;

	if (status.reason === 'Evicted') return {kind: 'error', reason: 'evicted', detail: status.message ?? 'the pod was evicted'};
	if (status.reason === 'DeadlineExceeded') return {kind: 'timeout', detail: status.message ?? 'the pod passed its activeDeadlineSeconds'};
	if (status.reason === 'NodeLost' || status.reason === 'NodeShutdown') {
		return {kind: 'error', reason: 'node-not-ready', detail: status.message ?? `the node is gone (${status.reason})`};
	}
	if (status.reason === 'UnexpectedAdmissionError' || status.reason === 'OutOfcpu' || status.reason === 'OutOfmemory') {
		return {kind: 'error', reason: 'admission', detail: status.message ?? `the kubelet refused the pod (${status.reason})`};
	}
	if (waiting?.reason !== undefined && imagePullReasons.has(waiting.reason)) {
		return {kind: 'error', reason: 'image-pull', detail: withMessage(waiting.reason, waiting.message)};
	}
	if (waiting?.reason !== undefined && containerErrorReasons.has(waiting.reason)) {
		return {kind: 'error', reason: 'container-error', detail: withMessage(waiting.reason, waiting.message)};
	}
	// The kubelet lost the container while its node was away (the node lifecycle controller's
	// outage path, kubernetes#105467): no log, no verdict; the node, not the probe, failed.
	if (terminated?.reason === 'ContainerStatusUnknown') {
		return {kind: 'error', reason: 'node-not-ready', detail: withMessage('the node stopped reporting while the probe ran (ContainerStatusUnknown)', terminated.message)};
	}
	if (status.phase === 'Succeeded' || status.phase === 'Failed') {
		return {kind: 'finished', exitCode: terminated?.exitCode ?? null};
	}
	if (status.phase === 'Running') return {kind: 'running'};
	const unschedulable = status.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
	if (unschedulable !== undefined) return {kind: 'pending', detail: withMessage(unschedulable.reason ?? 'Unschedulable', unschedulable.message)};
	return {kind: 'pending', detail: waiting?.reason ?? null};
}

function withMessage(reason: string, message: string | undefined): string {
	return message === undefined || message === '' ? reason : `${reason}: ${message}`;
}

/**
 * Why a node is not Ready now (its Ready condition, as the node lifecycle controller writes it when
 * the kubelet goes silent: `Unknown`, NodeStatusUnknown, "Kubelet stopped posting node status."),
 * or null when it is Ready.
 */
export function nodeNotReady(node: KNode): string | null {
	const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
	if (ready === undefined || ready.status === 'True') return null;
	const why = [ready.reason, ready.message].filter(Boolean).join(': ');
	return `the node went NotReady while the probe ran (Ready ${ready.status}${why ? `, ${why}` : ''}); probe it again once it is Ready`;
}
