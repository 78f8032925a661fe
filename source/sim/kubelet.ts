// The kubelet of every sim node: takes a bound pod through Pending → Running →
// Succeeded/Failed in about `latencyMs`, running each container's command through the exec
// module (real busybox or recorded output), recording the events a real kubelet records, serving
// logs, enforcing activeDeadlineSeconds, and finishing graceful deletions. A pod bound to a node
// that is missing or NotReady is left Pending, as no kubelet would pick it up. The outage faults
// live here too: a node whose kubelet stops mid-run (node-not-ready) and memory evictions (evict).
import type {EventRecorder} from './events.js';
import type {ExecRequest, ExecResult} from './exec/index.js';
import type {LogBook} from './logs.js';
import {NodeOutages} from './node-outage.js';
import {imagePullBackOff, podAddress, sleep, Stopped} from './kubelet-steps.js';
import {containerId, containersOf, memoryEvictionMessage, nowStamp, setContainersLost, setDeadlineExceeded, setEvicted, setFinished, setRunning, setStartError, setStarting} from './pod-status.js';
import type {SimNode} from './profiles/index.js';
import {isNodeReady} from './scheduler.js';
import type {KObject, Store} from './store.js';

export type KubeletMode = 'real' | 'recorded' | 'auto';

export type KubeletOptions = {
	store: Store;
	events: EventRecorder;
	logs: LogBook;
	nodes: ReadonlyMap<string, SimNode>;
	latencyMs: number;
	mode: KubeletMode;
	imagePullFault: boolean;
	/** Fraction of probe pods whose node's kubelet stops once they run (the node goes NotReady). */
	nodeNotReadyRate?: number;
	/** Fraction of running probe pods evicted for memory pressure. */
	evictRate?: number;
	/** How long a node stays away under node-not-ready (default 30 s). */
	nodeOutageMs?: number;
	/** The dice for the rate faults (tests pass their own). */
	random?: () => number;
	/** The exec module's runPodCommand (injected so tests can substitute the host). */
	runCommand: (request: ExecRequest) => Promise<ExecResult>;
};

const probeLabel = 'app.kubernetes.io/name';
type Run = {controller: AbortController; deadline: NodeJS.Timeout | null; running: boolean; node: string; nodeFails: boolean; evict: NodeJS.Timeout | null};

function clearTimers(run: Run): void {
	if (run.deadline) clearTimeout(run.deadline);
	if (run.evict) clearTimeout(run.evict);
}

export class Kubelet {
	private readonly runs = new Map<string, Run>();
	private readonly pulledImages = new Map<string, Set<string>>();
	private readonly timers = new Set<NodeJS.Timeout>();
	/** Pods whose containers a stopped kubelet lost (the node comes back without them). */
	private readonly lost = new Set<string>();
	private readonly outages: NodeOutages;
	private stopped = false;

	constructor(private readonly options: KubeletOptions) {
		this.outages = new NodeOutages({
			store: options.store,
			events: options.events,
			graceMs: Math.max(20, options.latencyMs * 0.25),
			outageMs: options.nodeOutageMs ?? 30_000,
			onDown: (nodeName) => this.nodeDown(nodeName),
			onUp: (nodeName) => this.nodeUp(nodeName),
		});
	}

	private chance(rate: number | undefined): boolean {
		return rate !== undefined && rate > 0 && (this.options.random ?? Math.random)() < rate;
	}

	/** Bound to a node whose kubelet is away and not finished: nothing there can confirm a graceful delete. */
	isUnreachable(pod: KObject): boolean {
		return this.outages.isDown(pod.spec?.nodeName) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
	}

	/** Called for every added or changed pod. */
	observe(pod: KObject): void {
		if (this.stopped) return;
		const uid = pod.metadata.uid;
		// No kubelet is there to act on it; the node's pods are reconciled when it is back.
		if (this.outages.isDown(pod.spec?.nodeName)) return;
		if (pod.metadata.deletionTimestamp) {
			this.terminate(pod);
			return;
		}
		const nodeName = pod.spec?.nodeName;
		if (!nodeName || this.runs.has(uid) || pod.status?.phase !== 'Pending' || pod.status?.startTime) return;
		const node = this.options.store.get('nodes', null, nodeName)?.object;
		if (!node || !isNodeReady(node)) return;
		const probe = pod.metadata.labels?.[probeLabel] === 'prg-probe';
		const run: Run = {controller: new AbortController(), deadline: null, running: false, node: nodeName, nodeFails: probe && this.chance(this.options.nodeNotReadyRate), evict: null};
		this.runs.set(uid, run);
		this.lifecycle(pod, node, run).catch((error: unknown) => {
			if (!(error instanceof Stopped)) this.startError(pod, run, error);
		});
	}

	/** A kubelet that cannot start a container fails the pod (StartError) instead of taking the sim down. */
	private startError(pod: KObject, run: Run, error: unknown): void {
		clearTimers(run);
		if (this.runs.get(pod.metadata.uid) === run) this.runs.delete(pod.metadata.uid);
		const message = error instanceof Error ? error.message : String(error);
		const at = nowStamp();
		const updated = this.update(pod, (copy) => setStartError(copy, message, at));
		if (updated) {
			for (const container of containersOf(updated)) {
				this.options.events.record(updated, 'Warning', 'Failed', `Error: ${message}`, {component: 'kubelet', host: updated.spec.nodeName}, `spec.containers{${container.name}}`);
				this.options.logs.finish(updated.metadata.uid, container.name);
			}
		}
	}

	/** True while the kubelet owns the pod (a delete must wait for it to stop the containers). */
	isRunning(uid: string): boolean {
		return this.runs.has(uid);
	}

	forget(uid: string): void {
		const run = this.runs.get(uid);
		if (run) {
			run.controller.abort();
			clearTimers(run);
			this.runs.delete(uid);
		}
		this.lost.delete(uid);
		this.options.logs.forget(uid);
	}

	stop(): void {
		this.stopped = true;
		this.outages.stop();
		for (const uid of [...this.runs.keys()]) this.forget(uid);
		for (const timer of this.timers) clearTimeout(timer);
	}

	private later(ms: number, action: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!this.stopped) action();
		}, ms);
		this.timers.add(timer);
	}

	private update(pod: KObject, change: (copy: KObject) => void): KObject | null {
		const current = this.options.store.get('pods', pod.metadata.namespace, pod.metadata.name)?.object;
		if (!current || current.metadata.uid !== pod.metadata.uid) return null;
		return this.options.store.update('pods', pod.metadata.namespace, pod.metadata.name, change)?.object ?? null;
	}

	private terminate(pod: KObject): void {
		const uid = pod.metadata.uid;
		const run = this.runs.get(uid);
		if (run?.running) {
			for (const container of containersOf(pod)) {
				this.options.events.record(pod, 'Normal', 'Killing', `Stopping container ${container.name}`, {component: 'kubelet', host: pod.spec.nodeName}, `spec.containers{${container.name}}`);
			}
		}
		if (run) {
			run.controller.abort();
			clearTimers(run);
			this.runs.delete(uid);
		}
		// The container runtime needs a moment to stop; then the kubelet confirms the deletion.
		this.later(Math.min(200, Math.max(10, this.options.latencyMs / 8)), () => {
			const current = this.options.store.get('pods', pod.metadata.namespace, pod.metadata.name)?.object;
			if (current && current.metadata.uid === uid) this.options.store.remove('pods', pod.metadata.namespace, pod.metadata.name);
		});
	}

	private async lifecycle(pod: KObject, node: KObject, run: Run): Promise<void> {
		const {latencyMs, events, logs} = this.options;
		const signal = run.controller.signal;
		const nodeName: string = node.metadata.name;
		const source = {component: 'kubelet' as const, host: nodeName};
		const hostIP = (node.status?.addresses ?? []).find((address: {type: string}) => address.type === 'InternalIP')?.address ?? '10.0.0.10';
		const containers = containersOf(pod);
		const fieldPath = (name: string): string => `spec.containers{${name}}`;

		await sleep(latencyMs * 0.1, signal);
		const startTime = nowStamp();
		const started = this.update(pod, (copy) => setStarting(copy, hostIP, startTime));
		if (!started) return;
		const deadlineSeconds = pod.spec?.activeDeadlineSeconds;
		if (typeof deadlineSeconds === 'number') {
			run.deadline = setTimeout(() => this.deadlineExceeded(pod, run), deadlineSeconds * 1000);
		}

		const imagePullFails = this.options.imagePullFault && pod.metadata.labels?.[probeLabel] === 'prg-probe';
		const pulled = this.pulledImages.get(nodeName) ?? new Set<string>();
		this.pulledImages.set(nodeName, pulled);
		for (const container of containers) {
			const present = pulled.has(container.image) && !imagePullFails;
			if (present) events.record(started, 'Normal', 'Pulled', `Container image "${container.image}" already present on machine`, source, fieldPath(container.name));
			else events.record(started, 'Normal', 'Pulling', `Pulling image "${container.image}"`, source, fieldPath(container.name));
		}
		if (imagePullFails) return imagePullBackOff({events, latencyMs, update: (target, change) => this.update(target, change)}, started, signal, source);

		await sleep(latencyMs * 0.25, signal);
		const pullMs = Math.round(latencyMs * 0.25);
		for (const container of containers) {
			if (!pulled.has(container.image)) {
				const seconds = (pullMs / 1000).toFixed(3);
				events.record(started, 'Normal', 'Pulled', `Successfully pulled image "${container.image}" in ${seconds}s (${seconds}s including waiting). Image size: 3419706 bytes.`, source, fieldPath(container.name));
				pulled.add(container.image);
			}
			events.record(started, 'Normal', 'Created', `Created container: ${container.name}`, source, fieldPath(container.name));
			events.record(started, 'Normal', 'Started', `Started container ${container.name}`, source, fieldPath(container.name));
		}
		const runningAt = nowStamp();
		const ids = new Map(containers.map((container) => [container.name, containerId(node.status?.nodeInfo?.containerRuntimeVersion)]));
		const podIP = podAddress(node, pod.metadata.uid);
		for (const container of containers) logs.start(pod.metadata.uid, container.name);
		const running = this.update(pod, (copy) => setRunning(copy, podIP, ids, runningAt));
		if (!running) return;
		run.running = true;
		if (run.nodeFails) {
			await sleep(latencyMs * 0.2, signal);
			this.outages.begin(nodeName);
			throw new Stopped();
		}
		if (pod.metadata.labels?.[probeLabel] === 'prg-probe' && this.chance(this.options.evictRate)) {
			run.evict = setTimeout(() => this.evict(running, run), Math.max(1, latencyMs * 0.3));
		}

		const simNode = this.options.nodes.get(nodeName);
		const podContext = pod.spec?.securityContext ?? {};
		const finishBy = Date.now() + latencyMs * 0.6;
		const results = await Promise.all(containers.map(async (container) => {
			// A real run streams its output into the log book as it comes (so `logs -f` follows it);
			// whatever it did not stream (a recording, a truncation notice) is appended at the end.
			let streamed = 0;
			const onOutput = (chunk: string): void => {
				if (signal.aborted) return;
				streamed += chunk.length;
				logs.append(pod.metadata.uid, container.name, chunk);
			};
			try {
				if (!simNode) throw new Error(`node ${nodeName} has no simulated host`);
				const result = await this.options.runCommand({
					command: container.command ?? [],
					args: container.args ?? [],
					runAsUser: container.securityContext?.runAsUser ?? podContext.runAsUser ?? null,
					runAsGroup: container.securityContext?.runAsGroup ?? podContext.runAsGroup ?? null,
					node: simNode,
					mode: this.options.mode,
					signal,
					onOutput,
				});
				const rest = result.log.slice(streamed);
				if (rest !== '' && !signal.aborted) logs.append(pod.metadata.uid, container.name, rest);
				return {name: container.name, exitCode: result.exitCode};
			} catch (error) {
				if (signal.aborted) throw new Stopped();
				logs.append(pod.metadata.uid, container.name, `${error instanceof Error ? error.message : String(error)}\n`);
				return {name: container.name, exitCode: 128};
			}
		}));
		if (signal.aborted) throw new Stopped();
		// A pod about to be evicted does not get to finish first, however fast its command was.
		if (run.evict) await sleep(2_000_000_000, signal);
		await sleep(Math.max(0, finishBy - Date.now()), signal);
		const finishedAt = nowStamp();
		this.update(pod, (copy) => setFinished(copy, results, runningAt, finishedAt));
		for (const container of containers) logs.finish(pod.metadata.uid, container.name);
		clearTimers(run);
		run.running = false;
		if (this.runs.get(pod.metadata.uid) === run) this.runs.delete(pod.metadata.uid);
	}

	/** The evict fault: the eviction manager picks the pod under memory pressure and kills it. */
	private evict(pod: KObject, run: Run): void {
		if (this.runs.get(pod.metadata.uid) !== run) return;
		run.controller.abort();
		clearTimers(run);
		this.runs.delete(pod.metadata.uid);
		const message = memoryEvictionMessage(pod);
		const evicted = this.update(pod, (copy) => setEvicted(copy, message, nowStamp()));
		if (!evicted) return;
		const source = {component: 'kubelet' as const, host: run.node};
		this.options.events.record(evicted, 'Warning', 'Evicted', message, source);
		for (const container of containersOf(evicted)) {
			this.options.events.record(evicted, 'Normal', 'Killing', `Stopping container ${container.name}`, source, `spec.containers{${container.name}}`);
			this.options.logs.finish(evicted.metadata.uid, container.name);
		}
	}

	/** The node's kubelet stopped: what it ran there is lost to it (the pods keep their last status). */
	private nodeDown(nodeName: string): void {
		for (const [uid, run] of [...this.runs]) {
			if (run.node !== nodeName) continue;
			run.controller.abort();
			clearTimers(run);
			this.runs.delete(uid);
			this.lost.add(uid);
			const pod = this.options.store.list('pods', null).find((stored) => stored.object.metadata.uid === uid)?.object;
			for (const container of pod ? containersOf(pod) : []) this.options.logs.finish(uid, container.name);
		}
	}

	/** The kubelet is back: it confirms deletions it missed, fails pods whose containers it lost, starts the rest. */
	private nodeUp(nodeName: string): void {
		for (const stored of this.options.store.list('pods', null)) {
			const pod = stored.object;
			if (pod.spec?.nodeName !== nodeName) continue;
			const uid = pod.metadata.uid;
			if (pod.metadata.deletionTimestamp) {
				this.options.store.remove('pods', pod.metadata.namespace, pod.metadata.name);
			} else if (this.lost.delete(uid)) {
				this.options.logs.forget(uid);
				this.update(pod, (copy) => setContainersLost(copy, nowStamp()));
			} else {
				this.observe(pod);
			}
		}
	}

	private deadlineExceeded(pod: KObject, run: Run): void {
		if (!this.runs.has(pod.metadata.uid)) return;
		run.controller.abort();
		this.runs.delete(pod.metadata.uid);
		const current = this.options.store.get('pods', pod.metadata.namespace, pod.metadata.name)?.object;
		if (!current || current.metadata.uid !== pod.metadata.uid) return;
		const message = 'Pod was active on the node longer than the specified deadline';
		this.options.events.record(current, 'Warning', 'DeadlineExceeded', message, {component: 'kubelet', host: current.spec.nodeName});
		const at = nowStamp();
		this.update(current, (copy) => setDeadlineExceeded(copy, message, at));
		for (const container of containersOf(current)) this.options.logs.finish(current.metadata.uid, container.name);
	}
}
