// The node-not-ready fault: a node's kubelet stops posting status (crashed, partitioned), the node
// lifecycle controller notices after its grace period, and a while later the kubelet is back.
// What the controller writes is what kubernetes/kubernetes writes
// (pkg/controller/nodelifecycle/node_lifecycle_controller.go, tryUpdateNodeHealth): Ready,
// MemoryPressure, DiskPressure and PIDPressure go `Unknown` with reason NodeStatusUnknown and
// message "Kubelet stopped posting node status." (seen in the node dumps of kubernetes/kubernetes#36273
// and #94183); the node gets the node.kubernetes.io/unreachable NoSchedule and NoExecute taints
// (rancher/rancher#29997); every pod bound there has its Ready condition set False with a
// NodeNotReady "Node is not ready" event (MarkPodsNotReady, pkg/controller/util/node). Pods that
// tolerate every taint, as the probe does, are never evicted by the taint manager: they stay as
// they were until someone deletes them or the node returns.
import type {EventRecorder} from './events.js';
import {nowStamp} from './pod-status.js';
import type {KObject, Store} from './store.js';

export const unreachableTaint = 'node.kubernetes.io/unreachable';
const controllerConditions = new Set(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']);

export type OutageOptions = {
	store: Store;
	events: EventRecorder;
	/** How long the controller waits for a heartbeat before it marks the node (real: 40-50 s). */
	graceMs: number;
	/** How long the kubelet stays away. */
	outageMs: number;
	/** The kubelet stopped: it must drop what it was running on the node. */
	onDown(nodeName: string): void;
	/** The kubelet is back and has posted Ready: it reconciles the node's pods. */
	onUp(nodeName: string): void;
};

type Outage = {conditions: Record<string, any>[]; timers: NodeJS.Timeout[]};

export class NodeOutages {
	private readonly outages = new Map<string, Outage>();

	constructor(private readonly options: OutageOptions) {}

	/** True from the moment the kubelet stops until it is back (before and after the controller notices). */
	isDown(nodeName: string | undefined): boolean {
		return nodeName !== undefined && this.outages.has(nodeName);
	}

	begin(nodeName: string): void {
		if (this.outages.has(nodeName)) return;
		const node = this.options.store.get('nodes', null, nodeName)?.object;
		if (!node) return;
		const outage: Outage = {conditions: structuredClone(node.status?.conditions ?? []), timers: []};
		this.outages.set(nodeName, outage);
		this.options.onDown(nodeName);
		outage.timers.push(setTimeout(() => this.markUnknown(nodeName), this.options.graceMs));
		outage.timers.push(setTimeout(() => this.end(nodeName), Math.max(this.options.outageMs, this.options.graceMs + 1)));
	}

	stop(): void {
		for (const outage of this.outages.values()) for (const timer of outage.timers) clearTimeout(timer);
		this.outages.clear();
	}

	private markUnknown(nodeName: string): void {
		const at = nowStamp();
		const updated = this.options.store.update('nodes', null, nodeName, (node) => {
			node.status ??= {};
			node.status.conditions = (node.status.conditions ?? []).map((condition: Record<string, any>) =>
				controllerConditions.has(condition.type) && condition.status !== 'Unknown'
					? {...condition, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: at}
					: condition,
			);
			if (!node.status.conditions.some((condition: {type: string}) => condition.type === 'Ready')) {
				node.status.conditions.push({type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: at, lastTransitionTime: at});
			}
			node.spec ??= {};
			const taints = (node.spec.taints ?? []).filter((taint: {key: string}) => taint.key !== unreachableTaint);
			node.spec.taints = [...taints, {key: unreachableTaint, effect: 'NoSchedule', timeAdded: at}, {key: unreachableTaint, effect: 'NoExecute', timeAdded: at}];
		})?.object;
		if (!updated) return;
		this.options.events.record(updated, 'Normal', 'NodeNotReady', `Node ${nodeName} status is now: NodeNotReady`, {component: 'node-controller'});
		for (const stored of this.options.store.list('pods', null)) {
			const pod = stored.object;
			if (pod.spec?.nodeName !== nodeName || pod.metadata.deletionTimestamp) continue;
			const ready = (pod.status?.conditions ?? []).find((condition: {type: string}) => condition.type === 'Ready');
			if (!ready || ready.status === 'False') continue;
			const marked = this.options.store.update('pods', pod.metadata.namespace, pod.metadata.name, (copy) => {
				copy.status.conditions = copy.status.conditions.map((condition: Record<string, any>) => (condition.type === 'Ready' ? {...condition, status: 'False', lastTransitionTime: at} : condition));
			})?.object;
			if (marked) this.options.events.record(marked, 'Warning', 'NodeNotReady', 'Node is not ready', {component: 'node-controller'});
		}
	}

	/** The kubelet is back: it posts its conditions again and the controller lifts the taints. */
	private end(nodeName: string): void {
		const outage = this.outages.get(nodeName);
		if (!outage) return;
		for (const timer of outage.timers) clearTimeout(timer);
		this.outages.delete(nodeName);
		const at = nowStamp();
		const updated = this.options.store.update('nodes', null, nodeName, (node) => {
			node.status ??= {};
			node.status.conditions = outage.conditions.map((condition) => ({...condition, lastHeartbeatTime: at, lastTransitionTime: at}));
			if (node.spec?.taints) {
				const taints = node.spec.taints.filter((taint: {key: string}) => taint.key !== unreachableTaint);
				if (taints.length > 0) node.spec.taints = taints;
				else delete node.spec.taints;
			}
		})?.object;
		if (updated) this.options.events.record(updated, 'Normal', 'NodeReady', `Node ${nodeName} status is now: NodeReady`, {component: 'kubelet', host: nodeName});
		this.options.onUp(nodeName);
	}
}
