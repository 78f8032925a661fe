// core/v1 Events as the scheduler and kubelet record them (Scheduled, Pulling, Pulled, Created,
// Started, Failed, BackOff, Killing, DeadlineExceeded…), so `kubectl describe`/`get events` and
// our own client can read why a pod did what it did. The count is bounded like the real TTL.
import {randomBytes} from 'node:crypto';
import type {KObject, Store} from './store.js';

export type EventSource = {component: 'kubelet' | 'default-scheduler' | 'node-controller'; host?: string};

export class EventRecorder {
	private readonly order: {namespace: string; name: string}[] = [];

	constructor(
		private readonly store: Store,
		private readonly limit = 20_000,
	) {}

	/** On a pod, or on a Node (whose events, cluster-scoped, land in `default` as the real ones do). */
	record(pod: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
		const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		const namespace = pod.metadata.namespace ?? 'default';
		const name = `${pod.metadata.name}.${randomBytes(8).toString('hex')}`;
		const involvedObject: Record<string, string> = pod.kind === 'Node'
			? {kind: 'Node', name: pod.metadata.name, uid: pod.metadata.uid ?? pod.metadata.name, apiVersion: 'v1'}
			: {kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion ?? ''};
		if (fieldPath) involvedObject.fieldPath = fieldPath;
		this.store.create('events', {
			kind: 'Event',
			apiVersion: 'v1',
			metadata: {name, namespace},
			involvedObject,
			reason,
			message,
			source: source.host ? {component: source.component, host: source.host} : {component: source.component},
			firstTimestamp: now,
			lastTimestamp: now,
			count: 1,
			type,
			eventTime: null,
			reportingComponent: source.component,
			reportingInstance: source.host ?? '',
		});
		this.order.push({namespace, name});
		if (this.order.length > this.limit) {
			const oldest = this.order.shift()!;
			this.store.remove('events', oldest.namespace, oldest.name);
		}
	}
}
