// `nodes -o json` on the sim-large context against `kubectl get nodes -o json` on the same
// simulated cluster. kubectl gets its own discovery cache, warmed once, as it would be on a
// workstation; each side's first run is a discarded warm-up and its output is checked once for
// the full node count, so both did the same work.
import {join} from 'node:path';
import type {BenchContext} from '../context.js';
import {median, runTimed} from '../measure.js';

type NodesJson = {pools: Array<{nodes: unknown[]}>};

export async function benchNodes(context: BenchContext, kubeconfig: string): Promise<{nodesMs: number; kubectlNodesMs: number}> {
	const expected = context.sizes.nodes;
	const ours = [context.cli, 'nodes', '-o', 'json', '--kubeconfig', kubeconfig, '--context', 'sim-large'];
	const theirs = ['get', 'nodes', '-o', 'json', '--kubeconfig', kubeconfig, '--context', 'sim-large', '--cache-dir', join(context.dir, 'kubectl-cache')];
	const mineOnce = await runTimed(process.execPath, ours);
	const listed = (JSON.parse(mineOnce.stdout) as NodesJson).pools.reduce((sum, pool) => sum + pool.nodes.length, 0);
	if (listed !== expected) throw new Error(`nodes -o json listed ${listed} nodes, expected ${expected}`);
	const theirsOnce = await runTimed('kubectl', theirs);
	const items = (JSON.parse(theirsOnce.stdout) as {items: unknown[]}).items.length;
	if (items !== expected) throw new Error(`kubectl get nodes listed ${items} nodes, expected ${expected}`);
	const mine: number[] = [];
	const kubectl: number[] = [];
	for (let index = 0; index < context.sizes.listRuns; index++) {
		mine.push((await runTimed(process.execPath, ours)).ms);
		kubectl.push((await runTimed('kubectl', theirs)).ms);
	}
	context.progress(`nodes (${expected}) ${mine.map(Math.round).join(' ')} ms; kubectl ${kubectl.map(Math.round).join(' ')} ms`);
	return {nodesMs: median(mine), kubectlNodesMs: median(kubectl)};
}
