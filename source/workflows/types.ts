// Contracts of the workflows: plain async functions that take a client (or a kubeconfig), an
// AbortSignal and an onProgress callback. The plain CLI and the explorer share them.

import type {ClusterView, EnvironmentId, Gate, FixId, ProbeResult, ProbeStatus} from '../domain/types.js';

export type ContextEntry = {
	readonly name: string;
	readonly cluster: string | null;
	readonly server: string | null;
	readonly user: string | null;
	readonly namespace: string | null;
	readonly current: boolean;
	/** Environment id of a local cluster (kind, minikube-docker, …), else null. */
	readonly local: EnvironmentId | null;
	/** null until checked (or when the check was skipped). */
	readonly reachable: boolean | null;
	readonly version: string | null;
	/** One line: cause and next step, when the check failed. */
	readonly error: string | null;
};

export type ContextsView = {
	readonly kubeconfig: readonly string[];
	readonly current: string | null;
	readonly contexts: readonly ContextEntry[];
};

/** Which nodes a probe run covers (SPEC section 3, `probe` flags). */
export type ProbeSelection = {
	readonly pools?: readonly string[];
	readonly nodes?: readonly string[];
	/** K nodes of each selected pool. */
	readonly perPool?: number;
};

export type ProbeOptions = {
	readonly namespace: string;
	readonly image: string;
	readonly imagePullSecret: string | null;
	readonly concurrency: number;
	readonly timeoutSeconds: number;
	readonly keep: boolean;
	readonly signal: AbortSignal;
	readonly onProgress?: (event: ProbeProgress) => void;
};

export type ProbeProgress =
	| {readonly type: 'planned'; readonly runId: string; readonly nodes: readonly {node: string; pool: string}[]}
	| {readonly type: 'node'; readonly node: string; readonly status: ProbeStatus; readonly startedAt: number | null; readonly result: ProbeResult | null}
	| {readonly type: 'cleanup'; readonly deleted: number; readonly failed: readonly string[]};

export type PoolReadiness = {
	readonly name: string;
	readonly environment: EnvironmentId;
	readonly ready: number;
	readonly total: number;
};

export type ProbeRun = {
	readonly context: string;
	readonly namespace: string;
	readonly image: string;
	readonly runId: string;
	readonly durationMs: number;
	readonly summary: {
		readonly probed: number;
		readonly ok: number;
		readonly failed: number;
		readonly error: number;
		readonly timeout: number;
		readonly skipped: number;
	};
	readonly pools: readonly PoolReadiness[];
	readonly results: readonly ProbeResult[];
};

export type {ClusterView, Gate, FixId};
