// The default scheduler, reduced to what decides where a probe lands: a Ready, schedulable node
// whose NoSchedule/NoExecute taints the pod tolerates and whose labels match its nodeSelector;
// least-loaded first. A pod that fits nowhere stays Pending with PodScheduled=False and a
// FailedScheduling event in the scheduler's wording, and is retried while it lives.
import type {EventRecorder} from './events.js';
import type {KObject, Store} from './store.js';

type Taint = {key: string; value?: string; effect: string};
type Toleration = {key?: string; operator?: string; value?: string; effect?: string};

export function isNodeReady(node: KObject): boolean {
	return (node.status?.conditions ?? []).some((condition: {type: string; status: string}) => condition.type === 'Ready' && condition.status === 'True');
}

/** The taints that count for scheduling, including the not-ready taint the node lifecycle controller adds. */
function effectiveTaints(node: KObject): Taint[] {
	const taints: Taint[] = (node.spec?.taints ?? []).filter((taint: Taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute');
	if (!isNodeReady(node) && !taints.some((taint) => taint.key === 'node.kubernetes.io/not-ready')) taints.push({key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'});
	if (node.spec?.unschedulable && !taints.some((taint) => taint.key === 'node.kubernetes.io/unschedulable')) taints.push({key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'});
	return taints;
}

export function tolerates(tolerations: Toleration[], taint: Taint): boolean {
	return tolerations.some((toleration) => {
		if (toleration.effect && toleration.effect !== taint.effect) return false;
		if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
		return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
	});
}

type Verdict = {fits: true} | {fits: false; reason: string};

function check(pod: KObject, node: KObject): Verdict {
	const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
	const labels: Record<string, string> = node.metadata.labels ?? {};
	if (Object.entries(selector).some(([key, value]) => labels[key] !== value)) return {fits: false, reason: "node(s) didn't match Pod's node affinity/selector"};
	const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
	const untolerated = effectiveTaints(node).find((taint) => !tolerates(tolerations, taint));
	if (untolerated) {
		if (untolerated.key === 'node.kubernetes.io/unschedulable') return {fits: false, reason: 'node(s) were unschedulable'};
		return {fits: false, reason: `node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`};
	}
	return {fits: true};
}

export class Scheduler {
	private readonly load = new Map<string, number>();
	private readonly retries = new Map<string, NodeJS.Timeout>();

	constructor(
		private readonly store: Store,
		private readonly events: EventRecorder,
		private readonly delayMs: number,
	) {}

	/** Tracks pods per node so the least-loaded node wins. */
	noteBound(nodeName: string, delta: number): void {
		this.load.set(nodeName, Math.max(0, (this.load.get(nodeName) ?? 0) + delta));
	}

	enqueue(pod: KObject): void {
		const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
		if (this.retries.has(key)) return;
		this.retries.set(key, setTimeout(() => this.attempt(key, pod.metadata.namespace ?? 'default', pod.metadata.name, pod.metadata.uid), this.delayMs));
	}

	stop(): void {
		for (const timer of this.retries.values()) clearTimeout(timer);
		this.retries.clear();
	}

	private attempt(key: string, namespace: string, name: string, uid: string): void {
		this.retries.delete(key);
		const current = this.store.get('pods', namespace, name)?.object;
		if (!current || current.metadata.uid !== uid || current.spec?.nodeName || current.metadata.deletionTimestamp) return;
		const nodes = this.store.list('nodes', null).map((stored) => stored.object);
		let best: KObject | null = null;
		const reasons = new Map<string, number>();
		for (const node of nodes) {
			const verdict = check(current, node);
			if (!verdict.fits) {
				reasons.set(verdict.reason, (reasons.get(verdict.reason) ?? 0) + 1);
				continue;
			}
			if (best === null || (this.load.get(node.metadata.name) ?? 0) < (this.load.get(best.metadata.name) ?? 0)) best = node;
		}
		if (best) {
			const nodeName = best.metadata.name;
			const bound = this.store.update('pods', namespace, name, (pod) => {
				pod.spec.nodeName = nodeName;
				pod.status.conditions = [{type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z')}];
			});
			if (bound) this.noteBound(nodeName, 1);
			if (bound) this.events.record(bound.object, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`, {component: 'default-scheduler'});
			return;
		}
		const summary = [...reasons.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([reason, count]) => `${count} ${reason}`).join(', ');
		const message = `0/${nodes.length} nodes are available: ${summary}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`;
		const already = current.status?.conditions?.find((condition: {type: string}) => condition.type === 'PodScheduled')?.message === message;
		if (!already) {
			const updated = this.store.update('pods', namespace, name, (pod) => {
				pod.status.conditions = [{type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), reason: 'Unschedulable', message}];
			});
			if (updated) this.events.record(updated.object, 'Warning', 'FailedScheduling', message, {component: 'default-scheduler'});
		}
		// Nodes may become ready later: try again, as the real scheduler's backoff queue does.
		this.retries.set(key, setTimeout(() => this.attempt(key, namespace, name, uid), 2000));
	}
}
