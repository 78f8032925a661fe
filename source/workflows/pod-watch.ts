// One watch per probe run, by label: list once, then watch from that resourceVersion, resuming from
// the last version seen when the server closes the stream, and re-listing when it answers 410 Gone.
// No polling: between streams it only waits out a backoff after an error.
import type {KPod} from '../domain/k8s.js';
import type {KubeClient} from '../kube/client.js';
import {KubeError} from '../errors.js';

export type PodEvent = {readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly pod: KPod};

export type PodWatchOptions = {
	readonly namespace: string;
	readonly labelSelector: string;
	readonly signal: AbortSignal;
	readonly onPod: (event: PodEvent) => void;
	/** Called once the first list has landed, so creators know no event can be missed. */
	readonly onReady?: () => void;
	/** Called with errors the watch keeps retrying through (for diagnostics). */
	readonly onTrouble?: (error: unknown) => void;
	/** After failing this long without a break, ask the server once; if it is gone, give up. */
	readonly checkServerAfterMs?: number;
};

export async function watchPods(client: KubeClient, options: PodWatchOptions): Promise<void> {
	const {namespace, labelSelector, signal, onPod} = options;
	let resourceVersion: string | null = null;
	let failures = 0;
	let troubleSince: number | null = null;
	let ready = false;
	const checkAfter = options.checkServerAfterMs ?? 3000;

	while (!signal.aborted) {
		try {
			if (resourceVersion === null) {
				const list = await client.listPods(namespace, {labelSelector, signal});
				for (const pod of list.items) onPod({type: 'ADDED', pod});
				resourceVersion = list.resourceVersion;
				troubleSince = null;
				if (!ready) {
					ready = true;
					options.onReady?.();
				}
			}
			await client.watchPods(namespace, {
				labelSelector,
				resourceVersion,
				signal,
				onEvent(event) {
					troubleSince = null;
					const version = event.object?.metadata?.resourceVersion;
					if (version !== undefined) resourceVersion = version;
					if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
						onPod({type: event.type, pod: event.object});
					}
				},
			});
			failures = 0;
		} catch (error) {
			if (signal.aborted) return;
			if (error instanceof KubeError && error.kind === 'gone') {
				resourceVersion = null; // re-list: what we missed arrives as ADDED/current state
				continue;
			}
			if (error instanceof KubeError && (error.kind === 'forbidden' || error.kind === 'unauthorized' || error.kind === 'config')) {
				throw error;
			}
			options.onTrouble?.(error);
			failures++;
			troubleSince ??= Date.now();
			// Streams break for many passing reasons; a server that stopped answering is not one of them.
			if (failures >= 3 && Date.now() - troubleSince >= checkAfter && (await serverIsGone(client, signal))) throw error;
			await sleep(Math.min(250 * 2 ** Math.min(failures, 5), 5000), signal);
		}
	}
}

async function serverIsGone(client: KubeClient, signal: AbortSignal): Promise<boolean> {
	try {
		await client.version({signal, timeoutMs: 3000});
		return false;
	} catch (error) {
		return error instanceof KubeError && (error.kind === 'unreachable' || error.kind === 'tls' || error.kind === 'timeout');
	}
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, {once: true});
	});
}
