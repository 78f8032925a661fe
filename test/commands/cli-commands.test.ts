// Every plain command of the built binary against every simulated context, with the outcomes the
// simulated clusters are built to show (SPEC sections 3, 5, 6 and 8): the gates and fixes per
// pool, the exit codes, the JSON contract's exact keys, markdown for each command, and no probe
// pod left after any run. One sim for the whole file.
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {assertRefusal, ensureBuilt, noStack, runCli, type CliResult} from '../helpers/cli.js';
import {hasKubectl, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// SPEC section 6, key for key and in order.
const keys = {
	contexts: ['kubeconfig', 'current', 'contexts'],
	context: ['name', 'cluster', 'server', 'user', 'namespace', 'current', 'local', 'reachable', 'version', 'error'],
	nodes: ['context', 'server', 'version', 'pools'],
	nodesPool: ['name', 'environment', 'size', 'prediction', 'nodes'],
	node: ['name', 'pool', 'environment', 'osImage', 'kernelVersion', 'containerRuntime', 'kubeletVersion', 'architecture', 'ready', 'schedulable', 'taints', 'prediction'],
	prediction: ['status', 'gate', 'reason'],
	probe: ['context', 'namespace', 'image', 'runId', 'durationMs', 'summary', 'pools', 'results'],
	summary: ['probed', 'ok', 'failed', 'error', 'timeout', 'skipped'],
	probePool: ['name', 'environment', 'ready', 'total'],
	result: ['node', 'pool', 'environment', 'status', 'gate', 'fix', 'reason', 'output', 'pod', 'durationMs'],
	explain: ['status', 'gate', 'fix', 'reason', 'confidence', 'evidence'],
	fix: ['id', 'title', 'gate', 'environment', 'why', 'steps', 'verify'],
	step: ['title', 'text', 'snippet', 'command'],
	snippet: ['language', 'content'],
	command: ['run', 'needsRoot'],
	host: ['os', 'kernel', 'user', 'checks', 'unshare', 'gate', 'fix', 'runtimes'],
	hostOs: ['id', 'versionId', 'prettyName'],
	hostUser: ['uid', 'root'],
	check: ['id', 'status', 'detail'],
	unshare: ['status', 'error'],
	runtimes: ['docker', 'kind', 'minikube', 'dockerDesktop'],
};

type Json = Record<string, unknown>;

function keysOf(value: unknown, what: string): string[] {
	assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${what} is not an object: ${JSON.stringify(value)}`);
	return Object.keys(value as object);
}

function exactKeys(value: unknown, expected: readonly string[], what: string): void {
	assert.deepEqual(keysOf(value, what), [...expected], `${what} keys`);
}

/** Every key present, none undefined (JSON drops undefined), whatever extra keys there are. */
function hasKeys(value: unknown, expected: readonly string[], what: string): void {
	const present = keysOf(value, what);
	for (const key of expected) assert.ok(present.includes(key), `${what} lacks "${key}" (has ${present.join(', ')})`);
}

function parseJson(result: CliResult, what: string): Json {
	noStack(result.stderr);
	try {
		return JSON.parse(result.stdout) as Json;
	} catch {
		return assert.fail(`${what} -o json printed no JSON (exit ${result.code})\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr}`);
	}
}

type Result = {node: string; pool: string; environment: string; status: string; gate: string | null; fix: string | null; reason: string | null; output: string | null; pod: string | null; durationMs: number | null};
type ProbeRun = {context: string; namespace: string; summary: Record<string, number>; pools: {name: string; environment: string; ready: number; total: number}[]; results: Result[]};

let sim: TestSim;
let env: NodeJS.ProcessEnv;
const scratch = mkdtempSync(join(tmpdir(), 'prg-doctor-cli-commands-'));
const probes = new Map<string, {result: CliResult; run: ProbeRun; podsAfter: number}>();
const clusterOf = (context: string) => (context === 'sim-eks-readonly' ? 'sim-eks' : context);

/** `probe -o json` on a context, once per file; records the sim's live probe pods right after. */
async function probe(context: string): Promise<{result: CliResult; run: ProbeRun; podsAfter: number}> {
	const cached = probes.get(context);
	if (cached) return cached;
	const result = await runCli(['probe', '--context', context, '-o', 'json'], {env});
	const run = parseJson(result, `probe --context ${context}`) as unknown as ProbeRun;
	const podsAfter = (await sim.stats(clusterOf(context))).probePods;
	const entry = {result, run, podsAfter};
	probes.set(context, entry);
	return entry;
}

function inPool(run: ProbeRun, pool: string): Result[] {
	const results = run.results.filter((result) => result.pool === pool);
	assert.ok(results.length > 0, `no results for pool ${pool} (pools: ${[...new Set(run.results.map((result) => result.pool))].join(', ')})`);
	return results;
}

before(async () => {
	ensureBuilt();
	sim = await startTestSim(null, {latencyMs: 30});
	env = {KUBECONFIG: sim.kubeconfigPath};
});

after(async () => {
	await sim?.stop();
	rmSync(scratch, {recursive: true, force: true});
});

describe('contexts', () => {
	it('-o json: every sim context, reachable, with exactly the contract\'s keys', async () => {
		const result = await runCli(['contexts', '-o', 'json'], {env});
		assert.equal(result.code, 0, result.stderr);
		const view = parseJson(result, 'contexts');
		exactKeys(view, keys.contexts, 'contexts');
		assert.deepEqual(view.kubeconfig, [sim.kubeconfigPath]);
		const contexts = view.contexts as Json[];
		assert.deepEqual(contexts.map((context) => context.name).sort(), sim.contexts.map((context) => context.name).sort());
		for (const context of contexts) {
			exactKeys(context, keys.context, `context ${String(context.name)}`);
			assert.equal(context.reachable, true, `${String(context.name)}: ${String(context.error)}`);
			assert.equal(context.error, null);
			assert.match(String(context.version), /^v1\.\d+/);
			assert.equal(context.server, sim.contexts.find((entry) => entry.name === context.name)!.server);
		}
		const byName = Object.fromEntries(contexts.map((context) => [context.name, context]));
		assert.equal(byName['kind-sim']!.local, 'kind');
		assert.match(String(byName.minikube!.local), /^minikube-/);
		assert.equal(byName['sim-eks']!.local, null);
		assert.equal(byName['sim-openshift']!.local, null);
		assert.equal(contexts.filter((context) => context.current === true).length, 1);
		assert.equal(view.current, contexts.find((context) => context.current === true)!.name);
	});

	it('table and markdown list every context', async () => {
		for (const output of ['table', 'markdown']) {
			const result = await runCli(['contexts', '-o', output], {env});
			assert.equal(result.code, 0, result.stderr);
			noStack(result.stderr);
			for (const context of sim.contexts) assert.match(result.stdout, new RegExp(`\\b${context.name}\\b`), `${output} lacks ${context.name}`);
		}
	});
});

describe('nodes', {concurrency: 3}, () => {
	const expected: Record<string, {pools: Record<string, {environment: string; status?: string; gate?: string}>}> = {
		'sim-eks': {pools: {'bottlerocket-workers': {environment: 'eks-bottlerocket', status: 'likely-blocked', gate: 'userns-limit'}, 'al2023-general': {environment: 'eks-al2023', status: 'likely-ready', gate: 'none'}}},
		'sim-eks-readonly': {pools: {'bottlerocket-workers': {environment: 'eks-bottlerocket'}}},
		'sim-openshift': {pools: {infra: {environment: 'openshift-rhcos'}}},
		'kind-sim': {pools: {default: {environment: 'kind', status: 'likely-blocked', gate: 'apparmor-userns'}}},
		minikube: {pools: {'control-plane': {environment: 'minikube-vm', status: 'likely-ready', gate: 'none'}}},
	};
	for (const [context, want] of Object.entries(expected)) {
		it(`${context}: -o json pools, environments and predictions; every contract key`, async () => {
			const result = await runCli(['nodes', '--context', context, '-o', 'json'], {env});
			assert.equal(result.code, 0, result.stderr);
			const view = parseJson(result, `nodes --context ${context}`);
			hasKeys(view, keys.nodes, 'nodes');
			assert.equal(view.context, context);
			const pools = view.pools as Json[];
			for (const pool of pools) {
				exactKeys(pool, keys.nodesPool, `pool ${String(pool.name)}`);
				exactKeys(pool.prediction, keys.prediction, `pool ${String(pool.name)} prediction`);
				assert.equal(pool.size, (pool.nodes as unknown[]).length);
				for (const node of pool.nodes as Json[]) {
					exactKeys(node, keys.node, `node ${String(node.name)}`);
					exactKeys(node.prediction, keys.prediction, `node ${String(node.name)} prediction`);
					assert.equal(node.pool, pool.name);
					assert.ok(Array.isArray(node.taints));
				}
			}
			for (const [name, pool] of Object.entries(want.pools)) {
				const found = pools.find((candidate) => candidate.name === name);
				assert.ok(found, `no pool ${name} in ${context}`);
				assert.equal(found.environment, pool.environment);
				const prediction = found.prediction as Json;
				if (pool.status) assert.equal(prediction.status, pool.status, `${name}: ${String(prediction.reason)}`);
				if (pool.gate) assert.equal(prediction.gate, pool.gate);
			}
		});
	}

	it('--from-file with a bare Node: every key present, what the dump does not say is null', async () => {
		const result = await runCli(['nodes', '--from-file', '-', '-o', 'json'], {stdin: JSON.stringify({apiVersion: 'v1', kind: 'Node', metadata: {name: 'bare-node'}})});
		assert.equal(result.code, 0, result.stderr);
		const view = parseJson(result, 'nodes --from-file');
		hasKeys(view, keys.nodes, 'nodes');
		assert.equal(view.server, null);
		assert.equal(view.version, null);
		const node = ((view.pools as Json[])[0]!.nodes as Json[])[0]!;
		exactKeys(node, keys.node, 'bare node');
		for (const key of ['osImage', 'kernelVersion', 'containerRuntime', 'kubeletVersion', 'architecture', 'ready']) assert.equal(node[key], null, key);
		exactKeys(node.prediction, keys.prediction, 'bare node prediction');
		assert.equal((node.prediction as Json).status, 'unknown');
	});

	it('-o json has the contract\'s top-level keys, in order, then podUserNamespaces (SPEC section 5\'s per-context verdict)', async () => {
		const result = await runCli(['nodes', '--context', 'sim-eks', '-o', 'json'], {env});
		const json = parseJson(result, 'nodes');
		exactKeys(json, [...keys.nodes, 'podUserNamespaces'], 'nodes');
		exactKeys(json.podUserNamespaces, ['usable', 'reason'], 'podUserNamespaces');
	});

	it('table and markdown say they are predictions', async () => {
		for (const output of ['table', 'markdown']) {
			const result = await runCli(['nodes', '--context', 'sim-eks', '-o', output], {env});
			assert.equal(result.code, 0, result.stderr);
			assert.match(result.stdout, /bottlerocket-workers/);
			assert.match(result.stdout, /predict/i);
		}
		const markdown = await runCli(['nodes', '--context', 'kind-sim', '-o', 'markdown'], {env});
		assert.match(markdown.stdout, /^\|.*\|$/m, 'markdown has a table');
	});
});

describe('probe', () => {
	it('sim-eks: the Bottlerocket pool is blocked by userns-limit (fix bottlerocket-sysctl), AL2023 and Karpenter pools ready; exit 1', async () => {
		const {result, run} = await probe('sim-eks');
		assert.equal(result.code, 1, result.stderr);
		for (const entry of inPool(run, 'bottlerocket-workers')) {
			assert.equal(entry.status, 'failed', JSON.stringify(entry));
			assert.equal(entry.gate, 'userns-limit');
			assert.equal(entry.fix, 'bottlerocket-sysctl');
			assert.equal(entry.environment, 'eks-bottlerocket');
			assert.match(entry.output ?? '', /No space left on device/);
		}
		for (const entry of inPool(run, 'al2023-general')) {
			assert.equal(entry.status, 'ok', JSON.stringify(entry));
			assert.equal(entry.gate, 'none');
			assert.equal(entry.fix, null);
		}
		const ready = Object.fromEntries(run.pools.map((pool) => [pool.name, `${pool.ready}/${pool.total}`]));
		assert.equal(ready['bottlerocket-workers'], '0/3');
		assert.equal(ready['al2023-general'], '2/2');
		const karpenter = run.pools.filter((pool) => pool.name !== 'bottlerocket-workers' && pool.name !== 'al2023-general');
		assert.ok(karpenter.length > 0, 'the Karpenter pool was probed (its taint is tolerated)');
		for (const pool of karpenter) assert.equal(pool.ready, pool.total, `${pool.name} ready`);
	});

	it('sim-openshift: selinux-userns (openshift-selinux) and userns-limit (openshift-sysctl) pools, infra ready; exit 1', async () => {
		const {result, run} = await probe('sim-openshift');
		assert.equal(result.code, 1, result.stderr);
		const byGate = new Map<string, Result[]>();
		for (const entry of run.results) byGate.set(entry.gate ?? 'null', [...(byGate.get(entry.gate ?? 'null') ?? []), entry]);
		assert.ok(byGate.get('selinux-userns')?.length, `no selinux-userns node: ${JSON.stringify(run.pools)}`);
		assert.ok(byGate.get('userns-limit')?.length, `no userns-limit node: ${JSON.stringify(run.pools)}`);
		for (const entry of byGate.get('selinux-userns')!) {
			assert.equal(entry.status, 'failed');
			assert.equal(entry.fix, 'openshift-selinux');
			assert.equal(entry.environment, 'openshift-rhcos');
		}
		for (const entry of byGate.get('userns-limit')!) {
			assert.equal(entry.status, 'failed');
			assert.equal(entry.fix, 'openshift-sysctl');
		}
		for (const entry of inPool(run, 'infra')) assert.equal(entry.status, 'ok', JSON.stringify(entry));
		// A pool is blocked by one gate: no pool mixes the two.
		for (const pool of run.pools) assert.equal(new Set(inPool(run, pool.name).map((entry) => entry.gate)).size, 1, `pool ${pool.name} mixes gates`);
	});

	it('kind-sim: apparmor-userns with host-apparmor-sysctl, although the documented probe\'s bare unshare -U passes there; exit 1', async () => {
		const {result, run} = await probe('kind-sim');
		assert.equal(result.code, 1, result.stderr);
		assert.ok(run.results.length > 0);
		for (const entry of run.results) {
			assert.equal(entry.status, 'failed', JSON.stringify(entry));
			assert.equal(entry.gate, 'apparmor-userns');
			assert.equal(entry.fix, 'host-apparmor-sysctl');
			// The bare `unshare -U` of the documented probe succeeds; only the mapping fails.
			assert.match(entry.output ?? '', /^unshare=ok$/m);
			assert.doesNotMatch(entry.output ?? '', /^unshare_map=ok$/m);
			assert.match(entry.reason ?? '', /documented probe passes/i);
		}
	});

	it('minikube: every node ready; exit 0', async () => {
		const {result, run} = await probe('minikube');
		assert.equal(result.code, 0, result.stderr);
		assert.ok(run.results.length > 0);
		for (const entry of run.results) assert.equal(entry.status, 'ok');
		assert.equal(run.summary.ok, run.results.length);
	});

	it('-o json has exactly the contract\'s keys on every context', async () => {
		for (const context of ['sim-eks', 'sim-openshift', 'kind-sim', 'minikube']) {
			const {run} = await probe(context);
			exactKeys(run, keys.probe, `probe ${context}`);
			exactKeys(run.summary, keys.summary, `probe ${context} summary`);
			assert.equal(run.summary.probed, run.results.length);
			assert.equal(run.summary.ok + run.summary.failed + run.summary.error + run.summary.timeout + run.summary.skipped, run.results.length);
			for (const pool of run.pools) exactKeys(pool, keys.probePool, `probe ${context} pool`);
			for (const entry of run.results) {
				exactKeys(entry, keys.result, `probe ${context} result ${entry.node}`);
				assert.match(entry.pod ?? '', /^prg-probe-/);
				assert.equal(typeof entry.durationMs, 'number');
			}
			assert.equal(run.context, context);
			assert.equal(run.namespace, 'default');
			assert.equal((run as unknown as Json).image, 'alpine:3.19');
		}
	});

	it('no probe pod is left after any run', async () => {
		for (const context of ['sim-eks', 'sim-openshift', 'kind-sim', 'minikube']) {
			const {podsAfter} = await probe(context);
			assert.equal(podsAfter, 0, `${context}: ${podsAfter} probe pod(s) left`);
		}
	});

	it('sim-eks-readonly: exit 2 naming the missing permission', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks-readonly'], {env});
		const {cause, next} = assertRefusal(result);
		assert.match(`${cause} ${next}`, /create/);
		assert.match(`${cause} ${next}`, /pods/);
		assert.equal((await sim.stats('sim-eks')).probePods, 0);
	});

	it('sim-eks -n restricted-ns: exit 2 naming Pod Security and the label to set', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '-n', 'restricted-ns', '-o', 'json'], {env});
		const {cause, next} = assertRefusal(result, {cause: /Pod Security/});
		assert.match(`${cause} ${next}`, /pod-security\.kubernetes\.io\/enforce=privileged/);
		assert.equal((await sim.stats('sim-eks')).probePods, 0);
	});

	it('--pool and --per-pool select nodes; table and markdown name gate, fix and N/N ready', async () => {
		const table = await runCli(['probe', '--context', 'sim-eks', '--pool', 'bottlerocket-workers', '--per-pool', '1'], {env});
		assert.equal(table.code, 1, table.stderr);
		noStack(table.stderr);
		assert.match(table.stdout, /userns-limit/);
		assert.match(table.stdout, /bottlerocket-sysctl/);
		assert.match(table.stdout, /0\/1 ready/);
		assert.doesNotMatch(table.stdout, /al2023-general/);
		const markdown = await runCli(['probe', '--context', 'minikube', '-o', 'markdown'], {env});
		assert.equal(markdown.code, 0, markdown.stderr);
		assert.match(markdown.stdout, /^\| *minikube *\|.*ok/m);
		assert.match(markdown.stdout, /1\/1 ready/);
		assert.equal((await sim.stats('sim-eks')).probePods, 0);
		assert.equal((await sim.stats('minikube')).probePods, 0);
	});
});

describe('explain, fix, host', {concurrency: 3}, () => {
	it('explain: the probe output of a sim-eks Bottlerocket node → userns-limit, bottlerocket-sysctl; exact keys; exit 1', async () => {
		const {run} = await probe('sim-eks');
		const output = inPool(run, 'bottlerocket-workers')[0]!.output!;
		const result = await runCli(['explain', '-', '--environment', 'eks-bottlerocket', '-o', 'json'], {stdin: output});
		assert.equal(result.code, 1, result.stderr);
		const verdict = parseJson(result, 'explain');
		exactKeys(verdict, keys.explain, 'explain');
		assert.equal(verdict.status, 'failed');
		assert.equal(verdict.gate, 'userns-limit');
		assert.equal(verdict.fix, 'bottlerocket-sysctl');
		assert.equal((verdict.evidence as Json).max_user_namespaces, '0');
	});

	it('explain: kind-sim output read from a file (markdown) names the AppArmor gate and its fix; an OK output exits 0 with gate none and fix null', async () => {
		const {run} = await probe('kind-sim');
		const file = join(scratch, 'kind-probe.txt');
		writeFileSync(file, run.results[0]!.output!);
		const markdown = await runCli(['explain', file, '--environment', 'kind', '-o', 'markdown']);
		assert.equal(markdown.code, 1, markdown.stderr);
		assert.match(markdown.stdout, /apparmor-userns/);
		assert.match(markdown.stdout, /host-apparmor-sysctl/);
		const ok = await runCli(['explain', '-', '-o', 'json'], {stdin: (await probe('minikube')).run.results[0]!.output!});
		assert.equal(ok.code, 0, ok.stderr);
		const verdict = parseJson(ok, 'explain');
		exactKeys(verdict, keys.explain, 'explain');
		assert.equal(verdict.status, 'ok');
		assert.equal(verdict.gate, 'none');
		assert.equal(verdict.fix, null);
	});

	it('fix --context sim-eks --pool bottlerocket-workers: bottlerocket-sysctl with the quoted dotted key; exact keys', async () => {
		const result = await runCli(['fix', '--context', 'sim-eks', '--pool', 'bottlerocket-workers', '-o', 'json'], {env});
		assert.equal(result.code, 0, result.stderr);
		const fix = parseJson(result, 'fix');
		exactKeys(fix, keys.fix, 'fix');
		assert.equal(fix.id, 'bottlerocket-sysctl');
		assert.equal(fix.gate, 'userns-limit');
		assert.equal(fix.environment, 'eks-bottlerocket');
		const steps = fix.steps as Json[];
		assert.ok(steps.length > 0);
		for (const step of steps) {
			exactKeys(step, keys.step, 'fix step');
			if (step.snippet !== null) exactKeys(step.snippet, keys.snippet, 'fix step snippet');
			if (step.command !== null) exactKeys(step.command, keys.command, 'fix step command');
		}
		assert.ok(steps.some((step) => /'user\.max_user_namespaces' = '15000'/.test(String((step.snippet as Json | null)?.content))), 'the TOML snippet quotes the dotted key');
	});

	it('fix --context --pool on every context: the pool\'s environment picks the fix; a ready pool is refused', async () => {
		for (const [args, id, environment] of [
			[['--context', 'kind-sim', '--pool', 'default'], 'host-apparmor-sysctl', 'kind'],
			[['--context', 'sim-openshift', '--pool', 'worker-hardened', '--gate', 'userns-limit'], 'openshift-sysctl', 'openshift-rhcos'],
			[['--context', 'sim-openshift', '--pool', 'worker', '--gate', 'selinux-userns'], 'openshift-selinux', 'openshift-rhcos'],
			[['--context', 'sim-eks-readonly', '--pool', 'bottlerocket-workers'], 'bottlerocket-sysctl', 'eks-bottlerocket'],
		] as const) {
			const result = await runCli(['fix', ...args, '-o', 'json'], {env});
			assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
			const fix = parseJson(result, `fix ${args.join(' ')}`);
			assert.equal(fix.id, id, args.join(' '));
			assert.equal(fix.environment, environment, args.join(' '));
		}
		const ready = await runCli(['fix', '--context', 'minikube', '--pool', 'control-plane'], {env});
		assertRefusal(ready, {cause: /not predicted blocked/, next: /probe/});
	});

	it('fix --gate none has no fix: one line and exit 2 in every format, nothing on stdout', async () => {
		for (const output of ['table', 'json', 'markdown']) {
			const result = await runCli(['fix', '--gate', 'none', '--environment', 'generic', '-o', output]);
			assertRefusal(result, {cause: /gate "none" has no fix/, next: /userns-limit/});
			assert.equal(result.stdout, '');
		}
	});

	it('fix for each OpenShift gate and for kind, in markdown', async () => {
		for (const [gate, environment, id] of [
			['selinux-userns', 'openshift-rhcos', 'openshift-selinux'],
			['userns-limit', 'openshift-rhcos', 'openshift-sysctl'],
			['apparmor-userns', 'kind', 'host-apparmor-sysctl'],
		] as const) {
			const json = await runCli(['fix', '--gate', gate, '--environment', environment, '-o', 'json']);
			assert.equal(json.code, 0, json.stderr);
			assert.equal(parseJson(json, 'fix').id, id);
			const markdown = await runCli(['fix', '--gate', gate, '--environment', environment, '-o', 'markdown']);
			assert.equal(markdown.code, 0, markdown.stderr);
			assert.match(markdown.stdout, /^#/m, 'markdown has a heading');
			assert.match(markdown.stdout, /```/, 'markdown fences its snippets');
		}
	});

	it('host --context kind-sim: exact keys in JSON, markdown, exit 0 or 1 (this machine decides)', async () => {
		const json = await runCli(['host', '--context', 'kind-sim', '-o', 'json'], {env});
		assert.ok(json.code === 0 || json.code === 1, json.stderr);
		const report = parseJson(json, 'host');
		exactKeys(report, keys.host, 'host');
		exactKeys(report.os, keys.hostOs, 'host os');
		exactKeys(report.user, keys.hostUser, 'host user');
		exactKeys(report.unshare, keys.unshare, 'host unshare');
		exactKeys(report.runtimes, keys.runtimes, 'host runtimes');
		for (const check of report.checks as Json[]) exactKeys(check, keys.check, 'host check');
		assert.equal(json.code === 0, report.gate === 'none');
		const markdown = await runCli(['host', '--context', 'kind-sim', '-o', 'markdown'], {env});
		assert.equal(markdown.code, json.code, markdown.stderr);
		assert.match(markdown.stdout, /^\|.*\|$/m);
	});
});

// One at a time: these create and delete probe pods, and cleanup would sweep a neighbour's.
describe('manifest and cleanup', () => {
	it('manifest --node: the documented manual procedure works against kind-sim with kubectl and explain names apparmor-userns', {skip: !hasKubectl && 'needs kubectl'}, async () => {
		const manifest = await runCli(['manifest', '--node', 'sim-worker']);
		assert.equal(manifest.code, 0, manifest.stderr);
		assert.match(manifest.stdout, /nodeName: sim-worker/);
		const file = join(scratch, 'prg-probe.yaml');
		writeFileSync(file, manifest.stdout);
		const name = /^ {2}name: (\S+)$/m.exec(manifest.stdout)?.[1];
		assert.ok(name, 'the manifest names its pod');
		const context = ['--context', 'kind-sim'];
		const applied = await kubectl(sim, [...context, 'apply', '-f', file]);
		assert.equal(applied.status, 0, applied.stderr);
		const waited = await kubectl(sim, [...context, 'wait', `--for=jsonpath={.status.phase}=Succeeded`, `pod/${name}`, '--timeout=60s']);
		assert.equal(waited.status, 0, waited.stderr);
		const logs = await kubectl(sim, [...context, 'logs', name]);
		assert.equal(logs.status, 0, logs.stderr);
		const deleted = await kubectl(sim, [...context, 'delete', 'pod', name]);
		assert.equal(deleted.status, 0, deleted.stderr);
		const explained = await runCli(['explain', '-', '-o', 'json', '--environment', 'kind'], {stdin: logs.stdout});
		assert.equal(explained.code, 1, explained.stderr);
		assert.equal(parseJson(explained, 'explain').gate, 'apparmor-userns');
		assert.equal((await sim.stats('kind-sim')).probePods, 0);
	});

	it('cleanup: deletes a probe pod left by --keep, then finds none; json and markdown', async () => {
		const kept = await runCli(['probe', '--context', 'minikube', '--keep', '-o', 'json'], {env});
		assert.equal(kept.code, 0, kept.stderr);
		assert.equal((await sim.stats('minikube')).probePods, 1, '--keep leaves the pod');
		assert.match(kept.stderr, /--keep left this run's probe pods in namespace default .*\n {2}next: delete them with `prg-doctor cleanup --context minikube -n default`/);
		const cleaned = await runCli(['cleanup', '--context', 'minikube', '-o', 'json'], {env});
		assert.equal(cleaned.code, 0, cleaned.stderr);
		const view = parseJson(cleaned, 'cleanup');
		assert.equal((view.deleted as string[]).length, 1);
		assert.deepEqual(view.failed, []);
		assert.equal((await sim.stats('minikube')).probePods, 0);
		const again = await runCli(['cleanup', '--context', 'minikube', '-o', 'markdown'], {env});
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /No probe pods/);
	});

	it('cleanup --all-namespaces finds and deletes probe pods kept in another namespace', async () => {
		const kept = await runCli(['probe', '--context', 'minikube', '-n', 'kube-public', '--keep', '-o', 'json'], {env});
		assert.equal(kept.code, 0, kept.stderr);
		assert.equal((await sim.stats('minikube')).probePods, 1);
		const here = await runCli(['cleanup', '--context', 'minikube'], {env});
		assert.match(here.stdout, /No probe pods left in namespace default of minikube \(`prg-doctor cleanup --all-namespaces` looks in every namespace\)/);
		assert.equal((await sim.stats('minikube')).probePods, 1, 'cleanup in default leaves the pod in kube-public');
		const everywhere = await runCli(['cleanup', '--context', 'minikube', '--all-namespaces', '-o', 'json'], {env});
		assert.equal(everywhere.code, 0, everywhere.stderr);
		const view = parseJson(everywhere, 'cleanup');
		assert.equal(view.namespace, null);
		assert.equal((view.deleted as string[]).length, 1);
		assert.match((view.deleted as string[])[0]!, /^kube-public\/prg-probe-/);
		assert.equal((await sim.stats('minikube')).probePods, 0);
	});

	it('cleanup on every context finds nothing left', async () => {
		for (const context of sim.contexts.map((entry) => entry.name).filter((name) => name !== 'sim-eks-readonly')) {
			const result = await runCli(['cleanup', '--context', context], {env});
			assert.equal(result.code, 0, `${context}: ${result.stderr}`);
			assert.match(result.stdout, /No probe pods left/);
		}
	});
});

describe('cleanup without the right to delete', () => {
	it('sim-eks-readonly cannot delete the pods a --keep run left: exit 2 with the cause and the next step', async (t) => {
		t.after(() => runCli(['cleanup', '--context', 'sim-eks'], {env}));
		const kept = await runCli(['probe', '--context', 'sim-eks', '--pool', 'al2023-general', '--keep', '-o', 'json'], {env});
		assert.equal(kept.code, 0, kept.stderr);
		assert.ok((await sim.stats('sim-eks')).probePods > 0, '--keep left pods');
		const result = await runCli(['cleanup', '--context', 'sim-eks-readonly'], {env});
		const {cause, next} = assertRefusal(result, {allowStdout: true});
		assert.match(`${cause} ${next}`, /delete/);
		assert.match(`${cause} ${next}`, /pods/);
	});
});

describe('--demo (the simulated clusters in-process)', {concurrency: 2}, () => {
	async function demo(t: {after(fn: () => void): void}, mode: number): Promise<{result: CliResult; run: ProbeRun; left: string[]}> {
		// Beside /tmp, not inside the test's private scratch dir: its own mode is what is tested.
		const tmp = mkdtempSync(join(tmpdir(), 'prg-doctor-demo-tmp-'));
		t.after(() => rmSync(tmp, {recursive: true, force: true}));
		chmodSync(tmp, mode);
		const result = await runCli(['probe', '--demo', '--context', 'sim-eks', '-o', 'json'], {env: {TMPDIR: tmp}, timeoutMs: 90_000});
		const run = parseJson(result, 'probe --demo') as unknown as ProbeRun;
		return {result, run, left: readdirSync(tmp)};
	}

	function assertSimEksOutcome({result, run}: {result: CliResult; run: ProbeRun}): void {
		assert.equal(result.code, 1, `${result.stderr}\n${JSON.stringify(run.summary)}`);
		for (const entry of inPool(run, 'bottlerocket-workers')) assert.equal(entry.gate, 'userns-limit', JSON.stringify(entry));
		for (const entry of inPool(run, 'al2023-general')) assert.equal(entry.status, 'ok', JSON.stringify(entry));
	}

	it('probe --demo --context sim-eks: the same outcome as against a sim, and nothing left in TMPDIR', async (t) => {
		const outcome = await demo(t, 0o1777);
		assertSimEksOutcome(outcome);
		assert.deepEqual(outcome.left, [], 'the demo left files in TMPDIR');
	});

	it('probe --demo with a private TMPDIR (0700, as pam_tmpdir and macOS give)', async (t) => {
		const outcome = await demo(t, 0o700);
		assertSimEksOutcome(outcome);
		assert.deepEqual(outcome.left, []);
	});

	it('--demo with an unknown context is refused like any other', async () => {
		const result = await runCli(['nodes', '--demo', '--context', 'prod']);
		assertRefusal(result, {cause: /context "prod"/, next: /sim-eks/});
	});
});
