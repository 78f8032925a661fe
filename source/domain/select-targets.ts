// Which nodes a probe run covers: `--pool`, `--node` (repeatable), `--per-pool K`, else every node.
// Unknown names are refused with the names that do exist, so a typo never probes nothing silently.
import {UsageError} from '../errors.js';
import type {NodeInfo, PoolInfo} from './types.js';

export type TargetSelection = {
	readonly pools?: readonly string[];
	readonly nodes?: readonly string[];
	readonly perPool?: number;
};

export function selectTargets(pools: readonly PoolInfo[], selection: TargetSelection): NodeInfo[] {
	const wantedPools = selection.pools ?? [];
	const wantedNodes = selection.nodes ?? [];
	const poolNames = new Set(pools.map((pool) => pool.name));
	for (const name of wantedPools) {
		if (!poolNames.has(name)) {
			throw new UsageError(`no node pool named "${name}" in this context`, `pools here: ${listSome([...poolNames])} (see \`prg-doctor nodes\`)`);
		}
	}
	const byName = new Map(pools.flatMap((pool) => pool.nodes.map((node) => [node.name, node] as const)));
	for (const name of wantedNodes) {
		if (!byName.has(name)) {
			throw new UsageError(`no node named "${name}" in this context`, `nodes here include: ${listSome([...byName.keys()])} (see \`prg-doctor nodes\`)`);
		}
	}

	const everything = wantedPools.length === 0 && wantedNodes.length === 0;
	const chosen: NodeInfo[] = [];
	const seen = new Set<string>();
	for (const pool of pools) {
		if (!everything && !wantedPools.includes(pool.name)) continue;
		const nodes = selection.perPool === undefined ? pool.nodes : sample(pool.nodes, selection.perPool);
		for (const node of nodes) {
			chosen.push(node);
			seen.add(node.name);
		}
	}
	for (const name of wantedNodes) {
		if (!seen.has(name)) chosen.push(byName.get(name)!);
		seen.add(name);
	}
	return chosen;
}

/** K nodes of a pool, Ready ones first, so a sample says something about the pool. */
function sample(nodes: readonly NodeInfo[], k: number): NodeInfo[] {
	const ranked = [...nodes].sort((a, b) => rank(a) - rank(b));
	return ranked.slice(0, k);
}

function rank(node: NodeInfo): number {
	if (node.ready === true && node.schedulable) return 0;
	if (node.ready === true) return 1;
	return 2;
}

function listSome(names: readonly string[]): string {
	if (names.length === 0) return 'none';
	const shown = names.slice(0, 8).join(', ');
	return names.length > 8 ? `${shown}, … (${names.length} in all)` : shown;
}
