// An in-memory KubeClient for workflow unit tests: pods move through their phases on timers, one
// watch stream per caller, and knobs for the failures a run must survive. Integration tests use
// the simulated cluster instead; this one exists to make rare paths (a create whose response is
// lost, a pod deleted by someone else) cheap and deterministic.
import type {KNode, KPod, WatchEvent} from '../../source/domain/k8s.js';
import type {AccessAnswer, AccessCheck, KubeClient, ListResult, WatchOptions} from '../../source/kube/client.js';
import {KubeError} from '../../source/errors.js';

export type NodeBehaviour = {
	log?: string;
	phase?: 'Succeeded' | 'Failed';
	/** Stay Pending forever (a NotReady kubelet). */
	stuck?: boolean;
	imagePull?: boolean;
	latencyMs?: number;
};

export class FakeClient implements KubeClient {
	readonly context = 'fake';
	readonly server = 'https://fake.invalid';
	readonly namespace = 'default';
	readonly pods = new Map<string, KPod>();
	readonly calls: string[] = [];
	readonly denied = new Set<string>();
	/** Make the next N creates land but fail as if the connection reset. */
	lostCreateResponses = 0;
	createRefusal: KubeError | null = null;
	/** The next N creates draw a generated name that is taken: 409, nothing created. */
	nameClashes = 0;
	/** The API server stops answering: every call after this is refused. */
	gone = false;
	private revision = 1;
	private counter = 0;
	private watchers = new Set<(event: WatchEvent<KPod>) => void>();
	private watchEnds = new Set<() => void>();
	private timers = new Set<NodeJS.Timeout>();

	constructor(
		readonly nodes: KNode[],
		readonly behaviour: (node: string) => NodeBehaviour,
	) {}

	get livePods(): number {
		return this.pods.size;
	}

	private refuseIfGone(): void {
		if (this.gone) throw new KubeError('unreachable', `connection refused by ${this.server} (context fake)`, 'is the cluster running?');
	}

	async version() {
		this.calls.push('version');
		this.refuseIfGone();
		return {gitVersion: 'v1.33.1', major: '1', minor: '33'};
	}

	async listNodes(): Promise<ListResult<KNode>> {
		this.calls.push('list nodes');
		return {items: this.nodes, resourceVersion: String(this.revision)};
	}

	async getNode(name: string): Promise<KNode> {
		this.calls.push('get nodes');
		const node = this.nodes.find((candidate) => candidate.metadata?.name === name);
		if (node === undefined) throw new KubeError('not-found', `nodes "${name}" not found`, 'check the node name');
		return node;
	}

	async getNamespace(name: string) {
		return {metadata: {name, labels: {}}};
	}

	async accessReview(check: AccessCheck): Promise<AccessAnswer> {
		const key = `${check.verb} ${check.resource}${check.subresource ? `/${check.subresource}` : ''}`;
		return {allowed: !this.denied.has(key), reason: null};
	}

	async createPod(namespace: string, pod: KPod): Promise<KPod> {
		this.calls.push('create pods');
		if (this.createRefusal !== null) throw this.createRefusal;
		if (this.nameClashes > 0) {
			this.nameClashes--;
			throw new KubeError('conflict', 'pods "prg-probe-96n4p" already exists', 'pick another name', 409);
		}
		const name = `${pod.metadata?.generateName ?? 'pod-'}${(this.counter++).toString(36).padStart(5, 'x')}`;
		const created: KPod = {...pod, metadata: {...pod.metadata, name, namespace, creationTimestamp: new Date().toISOString()}, status: {phase: 'Pending'}};
		this.store('ADDED', created);
		this.schedule(created);
		if (this.lostCreateResponses > 0) {
			this.lostCreateResponses--;
			throw new KubeError('unreachable', 'connection reset by peer', 'retry');
		}
		return created;
	}

	async getPod(_namespace: string, name: string): Promise<KPod> {
		const pod = this.pods.get(name);
		if (pod === undefined) throw new KubeError('not-found', `pods "${name}" not found`, '', 404);
		return pod;
	}

	async listPods(_namespace: string, options: {labelSelector?: string} = {}): Promise<ListResult<KPod>> {
		this.calls.push('list pods');
		this.refuseIfGone();
		return {items: [...this.pods.values()].filter((pod) => matches(pod, options.labelSelector)), resourceVersion: String(this.revision)};
	}

	async deletePod(_namespace: string, name: string): Promise<void> {
		this.calls.push('delete pods');
		this.refuseIfGone();
		const pod = this.pods.get(name);
		if (pod !== undefined) this.remove(pod);
	}

	async deletePods(_namespace: string, labelSelector: string): Promise<void> {
		this.calls.push('deletecollection pods');
		this.refuseIfGone();
		for (const pod of [...this.pods.values()]) if (matches(pod, labelSelector)) this.remove(pod);
	}

	async readPodLog(_namespace: string, name: string): Promise<string> {
		this.calls.push('get pods/log');
		const pod = this.pods.get(name);
		if (pod === undefined) throw new KubeError('not-found', `pods "${name}" not found`, '', 404);
		return this.behaviour(pod.spec?.nodeName ?? '').log ?? 'OK\n';
	}

	async listEvents() {
		return {items: [], resourceVersion: String(this.revision)};
	}

	watchPods(_namespace: string, options: WatchOptions): Promise<void> {
		this.calls.push('watch pods');
		if (this.gone) return Promise.reject(new KubeError('unreachable', `connection refused by ${this.server} (context fake)`, 'is the cluster running?'));
		return new Promise((resolve) => {
			const listener = (event: WatchEvent<KPod>) => {
				if (matches(event.object, options.labelSelector)) options.onEvent(event);
			};
			this.watchers.add(listener);
			const end = () => {
				this.watchers.delete(listener);
				this.watchEnds.delete(end);
				resolve();
			};
			this.watchEnds.add(end);
			options.signal.addEventListener('abort', end, {once: true});
		});
	}

	/** The server goes away: open watches end, and every later call is refused. */
	goAway(): void {
		this.gone = true;
		for (const end of this.watchEnds) end();
	}

	/** Someone else deletes a pod (kubectl delete, an eviction). */
	deleteBehindOurBack(name: string): void {
		const pod = this.pods.get(name);
		if (pod !== undefined) this.remove(pod);
	}

	stop(): void {
		for (const timer of this.timers) clearTimeout(timer);
	}

	private schedule(pod: KPod): void {
		const behaviour = this.behaviour(pod.spec?.nodeName ?? '');
		if (behaviour.stuck) return;
		const latency = behaviour.latencyMs ?? 20;
		this.later(latency / 2, () => {
			if (!this.pods.has(pod.metadata!.name!)) return;
			if (behaviour.imagePull) {
				this.store('MODIFIED', {...pod, status: {phase: 'Pending', containerStatuses: [{name: 'probe', state: {waiting: {reason: 'ErrImagePull', message: 'rpc error: code = NotFound desc = failed to pull and unpack image'}}}]}});
				return;
			}
			this.store('MODIFIED', {...pod, status: {phase: 'Running'}});
			this.later(latency / 2, () => {
				if (!this.pods.has(pod.metadata!.name!)) return;
				const phase = behaviour.phase ?? 'Succeeded';
				this.store('MODIFIED', {...pod, status: {phase, containerStatuses: [{name: 'probe', state: {terminated: {exitCode: phase === 'Succeeded' ? 0 : 1}}}]}});
			});
		});
	}

	private later(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}

	private store(type: 'ADDED' | 'MODIFIED', pod: KPod): void {
		const stamped = {...pod, metadata: {...pod.metadata, resourceVersion: String(++this.revision)}};
		this.pods.set(stamped.metadata.name!, stamped);
		for (const watcher of this.watchers) watcher({type, object: stamped});
	}

	private remove(pod: KPod): void {
		this.pods.delete(pod.metadata!.name!);
		const stamped = {...pod, metadata: {...pod.metadata, resourceVersion: String(++this.revision)}};
		for (const watcher of this.watchers) watcher({type: 'DELETED', object: stamped});
	}
}

function matches(pod: KPod, selector: string | undefined): boolean {
	if (selector === undefined || selector === '') return true;
	return selector.split(',').every((term) => {
		const [key, value] = term.split('=');
		return pod.metadata?.labels?.[key!] === value;
	});
}
