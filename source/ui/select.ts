// Pure views over the state: which rows a list shows (after its filter), what is selected, and the
// live readiness of a pool. Shared by the reducer (to act on the selection) and the screens.
import type {NodeInfo, PoolInfo, Gate, ProbeStatus} from '../domain/types.js';
import type {ContextEntry} from '../workflows/types.js';
import type {ClusterLoad, ListScreen, NodeProbe, Screen, State} from './model.js';

export function listKey(screen: Screen): string | null {
	switch (screen.kind) {
		case 'contexts':
			return 'contexts';
		case 'pools':
			return `pools:${screen.context}`;
		case 'nodes':
			return `nodes:${screen.context}:${screen.pool}`;
		default:
			return null;
	}
}

/** Where a reading screen (a node, the host check) keeps its scroll position; null for screens that do not scroll. */
export function scrollKey(screen: Screen): string | null {
	if (screen.kind === 'node') return `node:${screen.context}:${screen.node}`;
	if (screen.kind === 'host') return `host:${screen.context}`;
	return null;
}

/**
 * How far a reading screen may scroll: its lines before wrapping, so a key never scrolls into
 * nothing for long (the screen itself clamps to what it drew).
 */
export function scrollLimit(state: State, screen: Screen): number {
	if (screen.kind === 'host') return state.host?.status === 'done' ? 12 + 4 * state.host.report.checks.length : 0;
	if (screen.kind !== 'node') return 0;
	const output = state.probes[screen.context]?.nodes[screen.node]?.result?.output ?? '';
	return output === '' ? 12 : 12 + 2 * output.split('\n').length;
}

export function isListScreen(screen: Screen): screen is ListScreen {
	return screen.kind === 'contexts' || screen.kind === 'pools' || screen.kind === 'nodes';
}

// Filtering 5,000 nodes on every key is cheap, but a frame renders several times per key; cache the
// last result per source array.
const filterCache = new WeakMap<readonly unknown[], {filter: string; rows: readonly unknown[]}>();

function filtered<T>(rows: readonly T[], filter: string, text: (row: T) => string): readonly T[] {
	const needle = filter.trim().toLowerCase();
	if (needle === '') return rows;
	const cached = filterCache.get(rows);
	if (cached !== undefined && cached.filter === needle) return cached.rows as readonly T[];
	const result = rows.filter((row) => text(row).toLowerCase().includes(needle));
	filterCache.set(rows, {filter: needle, rows: result});
	return result;
}

export function clusterOf(state: State, context: string): ClusterLoad | undefined {
	return state.clusters[context];
}

export function loadedCluster(state: State, context: string) {
	const load = state.clusters[context];
	if (load === undefined || load.status === 'failed') return null;
	return load.view;
}

export function findPool(state: State, context: string, pool: string): PoolInfo | null {
	return loadedCluster(state, context)?.pools.find((candidate) => candidate.name === pool) ?? null;
}

export function findNode(state: State, context: string, node: string): NodeInfo | null {
	for (const pool of loadedCluster(state, context)?.pools ?? []) {
		const found = pool.nodes.find((candidate) => candidate.name === node);
		if (found !== undefined) return found;
	}
	return null;
}

export function allNodes(state: State, context: string): NodeInfo[] {
	return (loadedCluster(state, context)?.pools ?? []).flatMap((pool) => pool.nodes);
}

export function contextRows(state: State): readonly ContextEntry[] {
	return filtered(state.contexts, state.filters.contexts ?? '', (entry) => `${entry.name} ${entry.cluster ?? ''} ${entry.server ?? ''} ${entry.local ?? ''}`);
}

export function poolRows(state: State, context: string): readonly PoolInfo[] {
	const pools = loadedCluster(state, context)?.pools ?? [];
	return filtered(pools, state.filters[`pools:${context}`] ?? '', (pool) => `${pool.name} ${pool.environment} ${pool.nodes[0]?.osImage ?? ''}`);
}

export function nodeRows(state: State, context: string, pool: string): readonly NodeInfo[] {
	const nodes = findPool(state, context, pool)?.nodes ?? [];
	return filtered(nodes, state.filters[`nodes:${context}:${pool}`] ?? '', (node) => `${node.name} ${node.osImage ?? ''} ${node.kernelVersion ?? ''} ${node.containerRuntime ?? ''}`);
}

export function rowCount(state: State, screen: ListScreen): number {
	switch (screen.kind) {
		case 'contexts':
			return contextRows(state).length;
		case 'pools':
			return poolRows(state, screen.context).length;
		case 'nodes':
			return nodeRows(state, screen.context, screen.pool).length;
	}
}

/** The cursor, clamped to the rows the list has now. */
export function cursorOf(state: State, screen: ListScreen): number {
	const key = listKey(screen)!;
	const count = rowCount(state, screen);
	return Math.max(0, Math.min(state.cursors[key] ?? 0, count - 1));
}

export function selectedContext(state: State): ContextEntry | null {
	return contextRows(state)[cursorOf(state, {kind: 'contexts'})] ?? null;
}

export function nodeProbe(state: State, context: string, node: string): NodeProbe | null {
	return state.probes[context]?.nodes[node] ?? null;
}

export type Readiness = {
	readonly total: number;
	readonly probed: number;
	readonly ready: number;
	readonly running: number;
	readonly blocked: number;
	/** The most common gate among failed nodes. */
	readonly gate: Gate | null;
};

const finished: readonly ProbeStatus[] = ['ok', 'failed', 'error', 'timeout'];

export function readinessOf(state: State, context: string, nodes: readonly NodeInfo[]): Readiness {
	const probes = state.probes[context]?.nodes ?? {};
	let probed = 0;
	let ready = 0;
	let running = 0;
	let blocked = 0;
	const gates = new Map<Gate, number>();
	for (const node of nodes) {
		const probe = probes[node.name];
		// A skipped node was never probed: it is neither ready nor blocked.
		if (probe === undefined || probe.status === 'skipped') continue;
		if (probe.status === 'pending' || probe.status === 'running') running++;
		if (finished.includes(probe.status) || probe.result !== null) probed++;
		if (probe.status === 'ok') ready++;
		if (probe.status === 'failed') {
			blocked++;
			const gate = probe.result?.gate ?? null;
			if (gate !== null && gate !== 'none') gates.set(gate, (gates.get(gate) ?? 0) + 1);
		}
	}
	let gate: Gate | null = null;
	let best = 0;
	for (const [candidate, count] of gates) {
		if (count > best) {
			gate = candidate;
			best = count;
		}
	}
	return {total: nodes.length, probed, ready, running, blocked, gate};
}

export function activeContexts(state: State): string[] {
	return Object.entries(state.probes)
		.filter(([, probes]) => probes.session?.active === true)
		.map(([context]) => context);
}

/** The context the current screen belongs to, if any. */
export function contextOfScreen(screen: Screen): string | null {
	switch (screen.kind) {
		case 'contexts':
			return null;
		case 'fix':
			return screen.verify.context;
		default:
			return screen.context;
	}
}

export function contextEntry(state: State, name: string): ContextEntry | null {
	return state.contexts.find((entry) => entry.name === name) ?? null;
}
