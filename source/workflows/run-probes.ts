// A probe run: one pinned pod per target node, at most `concurrency` at once, one label watch for
// the whole run, and every pod deleted on every way out (unless --keep) — success, failure,
// timeout, abort (Ctrl-C, SIGTERM, SIGHUP) and API errors alike.
import {setMaxListeners} from 'node:events';
import {newRunId, probeLabels} from '../domain/probe-pod.js';
import type {NodeInfo, ProbeResult} from '../domain/types.js';
import type {KubeClient} from '../kube/client.js';
import {ProbeSlot, slotLabel} from './probe-slot.js';
import {watchPods} from './pod-watch.js';
import {deleteRunPods} from './cleanup.js';
import {poolReadiness, summarize} from './probe-summary.js';
import type {ProbeOptions, ProbeRun} from './types.js';

export async function runProbes(client: KubeClient, targets: readonly NodeInfo[], options: ProbeOptions): Promise<ProbeRun> {
	const runId = newRunId();
	const started = Date.now();
	const slots = targets.map((node, index) => new ProbeSlot(index, node));
	const emit = options.onProgress ?? (() => {});
	emit({type: 'planned', runId, nodes: targets.map((node) => ({node: node.name, pool: node.pool}))});

	// The watch outlives the user's signal only long enough to observe deletions during cleanup.
	const watchController = new AbortController();
	const stopWatch = () => watchController.abort();
	options.signal.addEventListener('abort', stopWatch, {once: true});
	let refusal: unknown = null;
	const runController = new AbortController();
	// Every slot at work listens on the run's signal, a few times while it retries: not a leak.
	setMaxListeners(Math.max(options.concurrency, 1) * 4 + 20, runController.signal);
	const stopRun = () => runController.abort();
	options.signal.addEventListener('abort', stopRun, {once: true});

	const results: ProbeResult[] = new Array(slots.length);
	// A finished node's pod is deleted while its worker already creates the next one: waiting for
	// each delete held every slot one more round trip per node (1,000 nodes at concurrency 50:
	// about 1.5 s of a 10 s run). All of them are awaited before the run's final sweep.
	const deletions: Promise<void>[] = [];
	try {
		// The watch delivers every pod's fate; if it gives up (the server is gone), so does the run.
		let watchReady!: () => void;
		const ready = new Promise<void>((resolve) => (watchReady = resolve));
		const watching = watchPods(client, {
			namespace: options.namespace,
			labelSelector: `${probeLabels.run}=${runId}`,
			signal: watchController.signal,
			onReady: watchReady,
			onPod({type, pod}) {
				const index = Number(pod.metadata?.labels?.[slotLabel]);
				slots[index]?.observe(type, pod);
			},
		}).catch((error: unknown) => {
			if (watchController.signal.aborted) return;
			refusal ??= error;
			runController.abort();
			throw error;
		});
		watching.catch(() => {});
		await Promise.race([ready, watching]);

		const settings = {client, runId, namespace: options.namespace, image: options.image, imagePullSecret: options.imagePullSecret, timeoutSeconds: options.timeoutSeconds, keep: options.keep};
		let next = 0;
		const worker = async () => {
			while (next < slots.length) {
				const slot = slots[next++]!;
				try {
					results[slot.index] = await slot.run(settings, runController.signal, (status) => {
						emit({type: 'node', node: slot.node.name, status, startedAt: slot.startedAt, result: null});
					});
				} catch (error) {
					// Admission, RBAC and auth refusals are the same for every node: stop the run.
					refusal ??= error;
					runController.abort();
					results[slot.index] = await slot.run(settings, runController.signal, () => {});
				}
				emit({type: 'node', node: slot.node.name, status: results[slot.index]!.status, startedAt: slot.startedAt, result: results[slot.index]!});
				if (!options.keep && slot.podName !== null) deletions.push(deleteOne(client, options.namespace, slot));
			}
		};
		await Promise.all(Array.from({length: Math.min(Math.max(options.concurrency, 1), Math.max(slots.length, 1))}, worker));
	} finally {
		await Promise.all(deletions);
		if (!options.keep) {
			const outcome = await deleteRunPods(client, options.namespace, runId, slots.filter((slot) => slot.podName !== null && !slot.deleted).map((slot) => slot.podName!));
			emit({type: 'cleanup', deleted: outcome.deleted, failed: outcome.failed});
		}
		watchController.abort();
		options.signal.removeEventListener('abort', stopWatch);
		options.signal.removeEventListener('abort', stopRun);
	}
	if (refusal !== null) throw refusal;

	return {
		context: client.context,
		namespace: options.namespace,
		image: options.image,
		runId,
		durationMs: Date.now() - started,
		summary: summarize(results),
		pools: poolReadiness(results),
		results,
	};
}

async function deleteOne(client: KubeClient, namespace: string, slot: ProbeSlot): Promise<void> {
	try {
		await client.deletePod(namespace, slot.podName!, {signal: AbortSignal.timeout(10_000)});
		slot.deleted = true;
	} catch {
		// Left for the run's final sweep by label, which reports what it could not delete.
	}
}
