// Deleting probe pods: at the end of a run (bounded in time, even after Ctrl-C), and sweeping the
// pods a crashed run left behind (by label, past their deadline) at the next start and by `cleanup`.
import {probeLabels} from '../domain/probe-pod.js';
import type {KPod} from '../domain/k8s.js';
import type {KubeClient} from '../kube/client.js';

const cleanupBudgetMs = 15_000;
export const probeSelector = `${probeLabels.name}=prg-probe,${probeLabels.managedBy}=prg-doctor`;

export type CleanupOutcome = {readonly deleted: number; readonly failed: readonly string[]};

/** Deletes the named pods, then sweeps the run's label in one call to catch any we never heard of. */
export async function deleteRunPods(client: KubeClient, namespace: string, runId: string, names: readonly string[]): Promise<CleanupOutcome> {
	// A fresh signal: the user's one is usually already aborted when we get here.
	const signal = AbortSignal.timeout(cleanupBudgetMs);
	const failed: string[] = [];
	let deleted = 0;
	await Promise.all(names.map(async (name) => {
		try {
			await client.deletePod(namespace, name, {signal});
			deleted++;
		} catch {
			failed.push(name);
		}
	}));
	try {
		await client.deletePods(namespace, `${probeLabels.run}=${runId}`, {signal});
		return {deleted: deleted + failed.length, failed: []};
	} catch {
		return {deleted, failed};
	}
}

export type SweepOptions = {
	readonly namespace: string | null; // null: every namespace the user can list
	/** Only pods older than their activeDeadlineSeconds plus this grace (crashed runs); 0 = all. */
	readonly onlyExpired: boolean;
	readonly signal: AbortSignal;
	readonly now?: number;
};

export type SweepResult = {
	readonly found: readonly KPod[];
	readonly deleted: readonly string[];
	readonly failed: readonly string[];
	/** Why the first failed delete failed (an RBAC refusal, say), for the one-line cause. */
	readonly failure?: unknown;
};

export async function sweepProbePods(client: KubeClient, options: SweepOptions): Promise<SweepResult> {
	const namespace = options.namespace ?? '';
	const list = await client.listPods(namespace, {labelSelector: probeSelector, signal: options.signal});
	const now = options.now ?? Date.now();
	const found = list.items.filter((pod) => !options.onlyExpired || isExpired(pod, now));
	const deleted: string[] = [];
	const failed: string[] = [];
	let failure: unknown;
	await Promise.all(found.map(async (pod) => {
		const name = pod.metadata?.name ?? '';
		const ns = pod.metadata?.namespace ?? options.namespace ?? client.namespace;
		try {
			await client.deletePod(ns, name, {signal: options.signal});
			deleted.push(`${ns}/${name}`);
		} catch (error) {
			failure ??= error;
			failed.push(`${ns}/${name}`);
		}
	}));
	return {found, deleted, failed, failure};
}

/** A pod past its own deadline (plus a minute) belongs to a run that is no longer watching it. */
export function isExpired(pod: KPod, now: number): boolean {
	const created = Date.parse(pod.metadata?.creationTimestamp ?? '');
	if (Number.isNaN(created)) return false;
	const deadline = (pod.spec?.activeDeadlineSeconds ?? 150) * 1000 + 60_000;
	return now - created > deadline;
}
