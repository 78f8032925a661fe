// Pieces of the sim kubelet's pod lifecycle that need none of its state: abortable waits, the
// image-pull fault's ErrImagePull/ImagePullBackOff loop, and the pod address it hands out.
import type {EventRecorder, EventSource} from './events.js';
import {containersOf, fullImageName, waitingStatuses} from './pod-status.js';
import type {KObject} from './store.js';

/** The pod's run was stopped (deleted, evicted, its node lost): nothing more to write. */
export class Stopped extends Error {}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(new Stopped());
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(new Stopped());
		};
		signal.addEventListener('abort', onAbort, {once: true});
	});
}

const pullError = (image: string): string =>
	`rpc error: code = NotFound desc = failed to pull and unpack image "${fullImageName(image)}": failed to resolve reference "${fullImageName(image)}": ${fullImageName(image)}: not found`;

export type PullContext = {
	events: EventRecorder;
	latencyMs: number;
	/** Writes the pod's status if it still exists (the kubelet's own update). */
	update: (pod: KObject, change: (copy: KObject) => void) => KObject | null;
};

/** The image-pull fault: ErrImagePull, then ImagePullBackOff with growing back-off, until deleted or past the deadline. */
export async function imagePullBackOff(context: PullContext, pod: KObject, signal: AbortSignal, source: EventSource): Promise<void> {
	const {events, latencyMs} = context;
	const containers = containersOf(pod);
	let backOffMs = Math.max(100, latencyMs * 0.5);
	await sleep(latencyMs * 0.25, signal);
	for (let attempt = 0; ; attempt++) {
		for (const container of containers) {
			const fieldPath = `spec.containers{${container.name}}`;
			const error = pullError(container.image);
			if (attempt > 0) events.record(pod, 'Normal', 'Pulling', `Pulling image "${container.image}"`, source, fieldPath);
			events.record(pod, 'Warning', 'Failed', `Failed to pull image "${container.image}": ${error}`, source, fieldPath);
			events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', source, fieldPath);
			context.update(pod, (copy) => {
				copy.status.containerStatuses = waitingStatuses(copy, 'ErrImagePull', error);
			});
			await sleep(latencyMs * 0.25, signal);
			events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${container.image}"`, source, fieldPath);
			events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', source, fieldPath);
			context.update(pod, (copy) => {
				copy.status.containerStatuses = waitingStatuses(copy, 'ImagePullBackOff', `Back-off pulling image "${container.image}": ErrImagePull: ${error}`);
			});
		}
		await sleep(backOffMs, signal);
		backOffMs = Math.min(backOffMs * 2, 30_000);
	}
}

/** A stable pod address inside the node's podCIDR (10.244.x.0/24 when the node has none). */
export function podAddress(node: KObject, uid: string): string {
	const cidr: string = node.spec?.podCIDR ?? '10.244.1.0/24';
	const base = cidr.split('/')[0].split('.').map(Number);
	let hash = 0;
	for (const char of uid) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return `${base[0]}.${base[1]}.${base[2]}.${2 + (hash % 250)}`;
}
