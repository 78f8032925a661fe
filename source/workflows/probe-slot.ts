// The life of one node's probe inside a run: create the pinned pod (safely: a lost response is
// resolved by label, never by blindly creating a twin), wait for the run's watch to report a final
// state, read the log, classify it, delete the pod.
import {buildProbePod, probeLabels} from '../domain/probe-pod.js';
import {classify} from '../domain/gates.js';
import {interpretPod, nodeNotReady, type PodState} from '../domain/pod-state.js';
import type {KPod} from '../domain/k8s.js';
import type {NodeInfo, ProbeErrorReason, ProbeResult, ProbeStatus} from '../domain/types.js';
import type {KubeClient} from '../kube/client.js';
import {KubeError} from '../errors.js';

export const slotLabel = 'prg-doctor.io/slot';

export type SlotSettings = {
	readonly client: KubeClient;
	readonly namespace: string;
	readonly image: string;
	readonly imagePullSecret: string | null;
	readonly runId: string;
	readonly timeoutSeconds: number;
	readonly keep: boolean;
};

/** Final states are delivered by the run's single watch through `observe`. */
export class ProbeSlot {
	status: ProbeStatus = 'pending';
	podName: string | null = null;
	startedAt: number | null = null;
	deleted = false;
	private lastState: PodState | null = null;
	private wake: (() => void) | null = null;

	constructor(
		readonly index: number,
		readonly node: NodeInfo,
	) {}

	observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: KPod): void {
		if (this.podName === null) this.podName = pod.metadata?.name ?? null;
		this.lastState = type === 'DELETED' && !this.isFinal(interpretPod(pod)) ? {kind: 'error', reason: 'deleted', detail: 'the probe pod was deleted by someone else before it finished'} : interpretPod(pod);
		this.wake?.();
	}

	/** Runs the probe; resolves with the node's result (never rejects except for run-wide refusals). */
	async run(settings: SlotSettings, signal: AbortSignal, onStatus: (status: ProbeStatus) => void): Promise<ProbeResult> {
		if (signal.aborted) return this.result('skipped', {reason: 'the run was stopped before this node was probed'});
		if (this.node.ready === false) {
			return this.result('error', {errorReason: 'node-not-ready', reason: 'the node is NotReady, so no pod can run there; probe it again once it is Ready'});
		}
		this.startedAt = Date.now();
		await this.create(settings, signal);
		if (this.podName === null) return this.result('skipped', {reason: 'the run was stopped before this node was probed'});
		onStatus('running');
		this.status = 'running';

		const final = await this.waitForFinal(settings.timeoutSeconds * 1000, signal);
		if (final === 'aborted') return this.result('skipped', {reason: 'the run was stopped while this node was being probed'});
		if (final.kind === 'timeout' || final.kind === 'pending' || final.kind === 'running') {
			// A node that went away mid-run is why there is no result: say that, not "timeout".
			const lost = await this.nodeLost(settings, signal);
			if (lost !== null) return this.result('error', {errorReason: 'node-not-ready', reason: lost});
			return this.result('timeout', {reason: await this.timeoutReason(settings, final)});
		}
		if (final.kind === 'error') return this.result('error', {errorReason: final.reason, reason: withNextStep(final.reason, final.detail, settings)});
		return this.finish(settings, signal, final.exitCode);
	}

	private async create(settings: SlotSettings, signal: AbortSignal): Promise<void> {
		const pod = buildProbePod({
			namespace: settings.namespace,
			node: this.node.name,
			image: settings.image,
			runId: settings.runId,
			imagePullSecret: settings.imagePullSecret,
			// The kubelet stops the pod a little after we give up on it, so a crashed run's pods end by themselves.
			deadlineSeconds: settings.timeoutSeconds + 30,
		});
		pod.metadata = {...pod.metadata, labels: {...pod.metadata?.labels, [slotLabel]: String(this.index)}};
		for (let attempt = 1; ; attempt++) {
			if (signal.aborted) return;
			try {
				const created = await settings.client.createPod(settings.namespace, pod, {signal});
				this.podName = created.metadata?.name ?? null;
				return;
			} catch (error) {
				// A generated name that was taken (API servers before 1.31 do not draw again): nothing was created.
				if (error instanceof KubeError && error.kind === 'conflict' && attempt < 4) continue;
				if (!(error instanceof KubeError) || !isTransient(error) || attempt >= 4) throw error;
				// The create may have landed before the connection failed: look for it by label first.
				const existing = await this.findByLabel(settings, signal);
				if (existing !== null) {
					this.podName = existing;
					return;
				}
				await delay(200 * attempt, signal);
			}
		}
	}

	private async findByLabel(settings: SlotSettings, signal: AbortSignal): Promise<string | null> {
		try {
			const selector = `${probeLabels.run}=${settings.runId},${slotLabel}=${this.index}`;
			const list = await settings.client.listPods(settings.namespace, {labelSelector: selector, signal});
			return list.items[0]?.metadata?.name ?? null;
		} catch {
			return null;
		}
	}

	private waitForFinal(timeoutMs: number, signal: AbortSignal): Promise<PodState | 'aborted'> {
		return new Promise((resolve) => {
			const finish = (value: PodState | 'aborted') => {
				clearTimeout(timer);
				signal.removeEventListener('abort', onAbort);
				this.wake = null;
				resolve(value);
			};
			const onAbort = () => finish('aborted');
			const timer = setTimeout(() => finish(this.lastState ?? {kind: 'pending', detail: null}), timeoutMs);
			signal.addEventListener('abort', onAbort, {once: true});
			this.wake = () => {
				if (this.lastState !== null && this.isFinal(this.lastState)) finish(this.lastState);
			};
			this.wake();
		});
	}

	private isFinal(state: PodState): boolean {
		return state.kind === 'finished' || state.kind === 'error' || state.kind === 'timeout';
	}

	private async finish(settings: SlotSettings, signal: AbortSignal, exitCode: number | null): Promise<ProbeResult> {
		let output: string;
		try {
			output = await settings.client.readPodLog(settings.namespace, this.podName!, {signal});
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			return this.result('error', {errorReason: 'api-error', reason: `the probe finished but its log could not be read: ${detail}`});
		}
		const verdict = classify(output, {environment: this.node.environment});
		if (verdict.status === 'unknown') {
			const code = exitCode === null ? '' : ` (exit code ${exitCode})`;
			return this.result('error', {errorReason: 'container-error', reason: `the probe container ended without a verdict${code}; check that --image runs busybox sh`, output});
		}
		return this.result(verdict.status === 'ok' ? 'ok' : 'failed', {reason: verdict.reason, output, gate: verdict.gate, fix: verdict.fix});
	}

	/** Why the node is not Ready now, or null when it is (or cannot be read: then it stays a timeout). */
	private async nodeLost(settings: SlotSettings, signal: AbortSignal): Promise<string | null> {
		try {
			return nodeNotReady(await settings.client.getNode(this.node.name, {signal}));
		} catch {
			return null;
		}
	}

	private async timeoutReason(settings: SlotSettings, last: PodState): Promise<string> {
		const waited = `no result after ${settings.timeoutSeconds}s`;
		if (last.kind === 'pending' && last.detail !== null) return `${waited}; the pod stayed Pending (${last.detail})`;
		if (last.kind === 'pending') return `${waited}; the pod stayed Pending (is the node Ready and the image reachable?)`;
		if (last.kind === 'running') return `${waited}; the probe was still running`;
		return `${waited}; ${'detail' in last ? last.detail : ''}`.trim();
	}

	private result(status: ProbeStatus, extra: {reason: string; errorReason?: ProbeErrorReason; output?: string; gate?: ProbeResult['gate']; fix?: ProbeResult['fix']}): ProbeResult {
		this.status = status;
		return {
			node: this.node.name,
			pool: this.node.pool,
			environment: this.node.environment,
			status,
			gate: extra.gate ?? null,
			fix: extra.fix ?? null,
			reason: extra.errorReason === undefined ? extra.reason : `${extra.errorReason}: ${extra.reason}`,
			output: extra.output ?? null,
			pod: this.podName,
			durationMs: this.startedAt === null ? null : Date.now() - this.startedAt,
		};
	}
}

function isTransient(error: KubeError): boolean {
	return error.kind === 'unreachable' || error.kind === 'server' || error.kind === 'timeout';
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		}, {once: true});
	});
}

/** The kubelet's words, then what the user can do about it where there is something. */
function withNextStep(reason: ProbeErrorReason, detail: string, settings: SlotSettings): string {
	if (reason !== 'image-pull') return detail;
	return `${detail} — the node could not pull ${settings.image}: pass --image with a copy it can reach (a registry mirror), or --image-pull-secret NAME for a private registry`;
}
