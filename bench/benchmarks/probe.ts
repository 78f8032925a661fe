// Probing every node of sim-large at a given concurrency, with the sim's kubelet taking the given
// latency per pod: the wall time of the whole command (launch to exit) against the ideal,
// latency × ⌈N / concurrency⌉, and the API requests it made per probed node, from /sim/stats
// read before and after.
import type {BenchContext} from '../context.js';
import {median, runTimed} from '../measure.js';
import type {SimProcess, SimStats} from '../sim.js';

type ProbeJson = {summary: {probed: number; ok: number; failed: number; error: number; timeout: number; skipped: number}};

export type ProbeFigures = {wallMs: number; idealMs: number; requestsPerNode: number; requests: Record<string, number>; probed: number};

function delta(before: SimStats, after: SimStats): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [key, count] of Object.entries(after.requests)) {
		const added = count - (before.requests[key] ?? 0);
		if (added > 0) out[key] = added;
	}
	return out;
}

export async function benchProbe(context: BenchContext, sim: SimProcess): Promise<ProbeFigures> {
	const {probeNodes, probeConcurrency, probeLatencyMs, probeRuns} = context.sizes;
	const args = [context.cli, 'probe', '--kubeconfig', sim.kubeconfigPath, '--context', 'sim-large', '--all', '--concurrency', String(probeConcurrency), '--timeout', '60', '-o', 'json'];
	const walls: number[] = [];
	const perNode: number[] = [];
	let requests: Record<string, number> = {};
	let probed = 0;
	for (let index = 0; index < probeRuns; index++) {
		const before = await sim.stats();
		// 0 all ready, 1 a gate found, 3 some undetermined: all are finished runs.
		const run = await runTimed(process.execPath, args, {okCodes: [0, 1, 3], timeoutMs: 600_000});
		const after = await sim.stats();
		const {summary} = JSON.parse(run.stdout) as ProbeJson;
		if (summary.probed !== probeNodes) throw new Error(`probe probed ${summary.probed} nodes, expected ${probeNodes}`);
		if (summary.timeout > 0) throw new Error(`${summary.timeout} probes timed out; the figure would measure the timeout`);
		if (after.probePods !== 0) throw new Error(`${after.probePods} probe pods were left behind`);
		walls.push(run.ms);
		requests = delta(before, after);
		perNode.push((after.total - before.total) / summary.probed);
		probed = summary.probed;
	}
	const idealMs = probeLatencyMs * Math.ceil(probeNodes / probeConcurrency);
	context.progress(`probe ${probeNodes} nodes: ${walls.map(Math.round).join(' ')} ms (ideal ${idealMs}); requests ${JSON.stringify(requests)}`);
	return {wallMs: median(walls), idealMs, requestsPerNode: median(perNode), requests, probed};
}
