// What a real outage does to a run (issue 6, Deliver 1 and 2): the built binary probes a sim whose
// nodes go NotReady mid-run (`--fault node-not-ready:RATE`) or whose kubelet evicts probe pods
// (`--fault evict:RATE`). Whatever happens, no affected node is reported `ok`, the run ends with
// exit 3 (undetermined, SPEC section 3) and leaves no probe pod behind; nodes the fault missed
// keep their real verdict.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {ensureBuilt, noStack, runCli, startupMs, type CliResult} from '../helpers/cli.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

type Result = {node: string; status: string; gate: string | null; reason: string | null; output: string | null; pod: string | null};
type Run = {summary: Record<string, number>; results: Result[]};

/** The rate faults roll once per probe pod: the first pod rolls a hit, every later one a miss. */
function firstPodOnly(): () => number {
	let rolls = 0;
	return () => (rolls++ === 0 ? 0 : 0.99);
}

function probeRun(result: CliResult): Run {
	noStack(result.stderr);
	try {
		return JSON.parse(result.stdout) as Run;
	} catch {
		assert.fail(`probe -o json printed no JSON (exit ${result.code}): ${result.stderr}`);
	}
}

/** The nodes prg-doctor itself now sees as NotReady. */
async function notReadyNodes(sim: TestSim): Promise<string[]> {
	const result = await runCli(['nodes', '--context', 'sim-eks', '-o', 'json'], {env: {KUBECONFIG: sim.kubeconfigPath}});
	assert.equal(result.code, 0, result.stderr);
	const listing = JSON.parse(result.stdout) as {pools: {nodes: {name: string; ready: boolean | null}[]}[]};
	return listing.pools.flatMap((pool) => pool.nodes).filter((node) => node.ready === false).map((node) => node.name);
}

const readyPools = ['--pool', 'al2023-general', '--pool', 'ci-runners'];

let nodeLoss: TestSim;
let oneEviction: TestSim;
let allEvicted: TestSim;

before(async () => {
	ensureBuilt();
	[nodeLoss, oneEviction, allEvicted] = await Promise.all([
		// The node stays away for a minute: longer than the run's --timeout, as in a real outage.
		startTestSim(null, {faults: ['node-not-ready:0.5'], nodeOutageMs: 60_000, random: firstPodOnly()}),
		startTestSim(null, {faults: ['evict:0.5'], random: firstPodOnly()}),
		startTestSim(null, {faults: ['evict:1']}),
	]);
});

after(async () => {
	await Promise.all([nodeLoss?.stop(), oneEviction?.stop(), allEvicted?.stop()]);
});

describe('outage faults against the built binary', {concurrency: 3}, () => {
	// Shared by the two node-not-ready tests below (one run, two expectations of different standing).
	let nodeLossRun: Promise<{result: CliResult; run: Run; lost: string[]}> | null = null;
	const runNodeLoss = () =>
		(nodeLossRun ??= (async () => {
			const result = await runCli(['probe', '--context', 'sim-eks', ...readyPools, '--timeout', '5', '-o', 'json'], {env: {KUBECONFIG: nodeLoss.kubeconfigPath}, timeoutMs: 60_000});
			return {result, run: probeRun(result), lost: await notReadyNodes(nodeLoss)};
		})());

	it('node-not-ready: the node lost mid-run is never ok, the others keep their verdict, exit 3, no pod left', async () => {
		const {result, run, lost} = await runNodeLoss();
		assert.equal(result.code, 3, result.stderr);
		assert.equal(lost.length, 1, `exactly one node went NotReady: ${lost.join(', ')}`);
		assert.equal(run.results.length, 4);
		const affected = run.results.find((entry) => entry.node === lost[0]);
		assert.ok(affected, `the NotReady node ${lost[0]} has a result`);
		assert.equal(affected.status, 'error', `undetermined, never ok: ${JSON.stringify(affected)}`);
		assert.equal(affected.gate, null);
		for (const entry of run.results.filter((other) => other.node !== lost[0])) {
			assert.equal(entry.status, 'ok', `a node the fault missed keeps its verdict: ${JSON.stringify(entry)}`);
		}
		// The probe pod has terminationGracePeriodSeconds 0, so its delete needs no kubelet to confirm it.
		assert.equal((await nodeLoss.stats('sim-eks')).probePods, 0);
	});

	it('node-not-ready: the node lost mid-run is reported as error node-not-ready with the node\'s own words (not a bare timeout)', async () => {
		const {run, lost} = await runNodeLoss();
		const affected = run.results.find((entry) => entry.node === lost[0]);
		assert.equal(affected?.status, 'error', JSON.stringify(affected));
		assert.match(affected?.reason ?? '', /^node-not-ready: the node went NotReady while the probe ran \(Ready Unknown, NodeStatusUnknown: Kubelet stopped posting node status\.\)/);
	});

	it('evict on one pod: that node is error evicted (with the kubelet\'s message), the others ok, exit 3, no pod left', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', ...readyPools, '--timeout', '30', '-o', 'json'], {env: {KUBECONFIG: oneEviction.kubeconfigPath}, timeoutMs: 60_000});
		const run = probeRun(result);
		assert.equal(result.code, 3, result.stderr);
		assert.equal(run.results.length, 4);
		const evicted = run.results.filter((entry) => entry.status === 'error');
		assert.equal(evicted.length, 1, JSON.stringify(run.results));
		assert.match(evicted[0]!.reason ?? '', /^evicted: The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+Ki\. Container probe was using \d+Ki, request is 16Mi/);
		assert.equal(evicted[0]!.gate, null);
		assert.equal(run.results.filter((entry) => entry.status === 'ok').length, 3, JSON.stringify(run.results));
		assert.equal((await oneEviction.stats('sim-eks')).probePods, 0);
	});

	it('evict on every pod of the cluster: every node error evicted, none ok, exit 3 well before --timeout, no pod left', async () => {
		const startup = await startupMs();
		const result = await runCli(['probe', '--context', 'sim-eks', '--timeout', '30', '-o', 'json'], {env: {KUBECONFIG: allEvicted.kubeconfigPath}, timeoutMs: 60_000});
		const run = probeRun(result);
		assert.equal(result.code, 3, result.stderr);
		assert.ok(run.results.length >= 7, `every sim-eks node was probed: ${run.results.length}`);
		for (const entry of run.results) {
			assert.equal(entry.status, 'error', JSON.stringify(entry));
			assert.match(entry.reason ?? '', /^evicted: /);
		}
		assert.equal(run.summary.ok, 0);
		assert.equal(run.summary.error, run.results.length);
		assert.ok(result.durationMs - startup < 20_000, `an eviction is reported when the pod fails, not at the 30 s timeout (took ${result.durationMs} ms)`);
		assert.equal((await allEvicted.stats('sim-eks')).probePods, 0);
	});
});
