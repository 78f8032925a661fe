// Bad input, clearly refused (SPEC section 3): every case runs the built binary and expects the
// right exit code, one `prg-doctor: <cause>` line, one `  next: <step>` line and no stack trace.
// The first group needs no cluster; the second talks to the simulated clusters (one sim for the
// file, plus a small one with the image-pull fault).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import yaml from 'js-yaml';
import {runPodCommand} from '../../source/sim/exec/index.js';
import {closedPort} from '../helpers/net.js';
import {launchSim, type SimHandle} from '../../source/sim/launch.js';
import {clusterProfiles} from '../../source/sim/profiles/index.js';
import {minikubeProfile} from '../../source/sim/profiles/minikube.js';
import {makeCertificates} from '../../source/sim/tls.js';
import {assertRefusal, baseEnv, ensureBuilt, noStack, repoRoot, runCli, shellQuote, simStats, startupMs, type CliOptions, type CliResult, type Refusal, waitFor} from '../helpers/cli.js';

const bad = (name: string) => join(repoRoot, 'test', 'fixtures', 'kubeconfigs-bad', name);
const good = (name: string) => join(repoRoot, 'test', 'fixtures', 'kubeconfigs', name);
const scratch = mkdtempSync(join(tmpdir(), 'prg-doctor-bad-input-'));

type Case = Refusal & {readonly name: string; readonly args: readonly string[]; readonly options?: CliOptions; readonly todo?: string};

function write(name: string, content: string | Buffer): string {
	const path = join(scratch, name);
	writeFileSync(path, content);
	return path;
}

function runCases(cases: readonly Case[]): void {
	for (const entry of cases) {
		it(entry.name, {todo: entry.todo}, async () => {
			const result = await runCli(entry.args, {timeoutMs: 30_000, ...entry.options});
			assertRefusal(result, entry);
		});
	}
}

before(() => ensureBuilt());

describe('bad input without a cluster', {concurrency: 4}, () => {
	const binary = write('random.bin', Buffer.from(Array.from({length: 4096}, (_, index) => (index * 7919 + 13) % 256)));
	const noNul = Buffer.from(Array.from({length: 200}, (_, index) => 128 + ((index * 37 + 11) % 128)));
	const empty = write('empty.txt', '');
	runCases([
		{name: '--kubeconfig that does not exist', args: ['nodes', '--kubeconfig', '/nonexistent/kubeconfig'], cause: /\/nonexistent\/kubeconfig.*does not exist/, next: /--demo|KUBECONFIG|--kubeconfig/},
		{name: 'KUBECONFIG naming a missing file', args: ['nodes'], options: {env: {KUBECONFIG: '/nonexistent/a:/nonexistent/b'}}, cause: /KUBECONFIG/, next: /KUBECONFIG/},
		{name: 'no kubeconfig anywhere (no KUBECONFIG, no ~/.kube/config)', args: ['probe'], cause: /no kubeconfig/, next: /--demo/},
		{name: 'empty kubeconfig', args: ['nodes', '--kubeconfig', bad('empty.yaml')], cause: /empty/},
		{name: 'malformed kubeconfig (unterminated quote, tab indent)', args: ['nodes', '--kubeconfig', bad('malformed.yaml')], cause: /not valid YAML at line \d+/},
		{name: 'a Pod manifest passed as the kubeconfig', args: ['contexts', '--kubeconfig', bad('not-a-kubeconfig.yaml')], cause: /not a kubeconfig.*Pod/},
		{name: 'a binary file passed as the kubeconfig', args: ['nodes', '--kubeconfig', binary], cause: /random\.bin/},
		{
			name: 'a directory passed as the kubeconfig',
			args: ['nodes', '--kubeconfig', scratch],
			cause: /is a directory/,
		},
		{name: 'unknown --context', args: ['nodes', '--kubeconfig', good('kind.yaml'), '--context', 'prod'], cause: /context "prod" is not in/, next: /kind-kind/},
		{name: 'empty --context', args: ['nodes', '--kubeconfig', good('kind.yaml'), '--context', ''], cause: /--context is empty/},
		{name: 'context without a cluster', args: ['nodes', '--kubeconfig', bad('no-cluster.yaml')], cause: /names no cluster/, next: /contexts\[\]\.context\.cluster/},
		{name: 'context naming a cluster that is not defined', args: ['probe', '--kubeconfig', bad('undefined-cluster.yaml')], cause: /cluster "kind-old", which is not defined/},
		{name: 'context without a user', args: ['nodes', '--kubeconfig', bad('no-user.yaml')], cause: /names no user/, next: /contexts\[\]\.context\.user/},
		{name: 'cluster without a server URL', args: ['nodes', '--kubeconfig', bad('no-server.yaml')], cause: /no server URL/},
		{name: 'exec credential plugin not installed', args: ['nodes', '--kubeconfig', bad('exec-missing.yaml')], cause: /gke-gcloud-auth-plugin-not-installed-here.*not installed/, next: /Install gke-gcloud-auth-plugin/},
		{name: 'exec credential plugin failing (aws: no credentials, exit 255)', args: ['probe', '--kubeconfig', bad('exec-failing.yaml')], cause: /exit 255.*Unable to locate credentials/},
		{name: 'exec credential plugin printing no ExecCredential', args: ['nodes', '--kubeconfig', bad('exec-garbage.yaml')], cause: /no usable ExecCredential/},
		{name: 'probe --concurrency 0', args: ['probe', '--kubeconfig', good('kind.yaml'), '--concurrency', '0'], cause: /--concurrency "?0"? /, next: /--concurrency \d+/},
		{name: 'probe --concurrency 1.5', args: ['probe', '--kubeconfig', good('kind.yaml'), '--concurrency', '1.5'], cause: /--concurrency "?1\.5"? /},
		{
			name: 'probe --timeout abc',
			args: ['probe', '--kubeconfig', good('kind.yaml'), '--timeout', 'abc'],
			// The user typed abc; echoing "NaN" back names something they never wrote.
			cause: /--timeout "?abc"?/,
			next: /--timeout \d+/,
		},
		{name: 'probe --timeout 0', args: ['probe', '--kubeconfig', good('kind.yaml'), '--timeout', '0'], cause: /--timeout "?0"? /},
		{name: 'probe --per-pool -1', args: ['probe', '--kubeconfig', good('kind.yaml'), '--per-pool', '-1'], cause: /--per-pool "?-1"? /},
		{name: "probe --image ''", args: ['probe', '--kubeconfig', good('kind.yaml'), '--image', ''], cause: /--image is empty/},
		{name: '-o xml', args: ['nodes', '--kubeconfig', good('kind.yaml'), '-o', 'xml'], cause: /xml/, next: /table.*json.*markdown/},
		{
			name: 'unknown flag',
			args: ['nodes', '--kubeconfig', good('kind.yaml'), '--bogus-flag'],
			cause: /--bogus-flag/,
			next: /--help/,
		},
		{name: 'unknown command', args: ['frobnicate'], cause: /unknown command "frobnicate"/, next: /--help/},
		{name: 'fix --gate bogus', args: ['fix', '--gate', 'bogus'], cause: /unknown gate "bogus"/, next: /userns-limit/},
		{name: 'fix without a gate', args: ['fix'], cause: /needs a gate/, next: /--gate/},
		{name: 'fix --environment bogus', args: ['fix', '--gate', 'userns-limit', '--environment', 'mars'], cause: /unknown environment "mars"/, next: /eks-bottlerocket/},
		{name: 'explain --environment bogus', args: ['explain', '-', '--environment', 'bogus'], options: {stdin: 'FAILED\n'}, cause: /unknown environment "bogus"/},
		{name: 'explain on empty stdin', args: ['explain', '-'], cause: /stdin is empty/},
		{name: 'explain on an empty file', args: ['explain', empty], cause: /empty/},
		{name: 'explain on binary input', args: ['explain', binary], cause: /binary/},
		{name: 'explain on binary stdin', args: ['explain', '-'], options: {stdin: readFileSync(binary)}, cause: /binary/},
		// Random bytes with no NUL and few control bytes (a compressed or encrypted file): not UTF-8.
		{name: 'explain on binary data without a NUL byte', args: ['explain', '-'], options: {stdin: noNul}, cause: /binary/},
		{name: 'explain on a directory', args: ['explain', scratch], cause: /is a directory/, next: /file/},
		{name: 'explain on a missing file', args: ['explain', join(scratch, 'probe-output.txt')], cause: /no such file/},
		{name: 'explain with two files', args: ['explain', empty, binary], cause: /one FILE/},
		{name: 'explain --node-file with a Pod instead of a Node', args: ['explain', '-', '--node-file', bad('not-a-kubeconfig.yaml')], options: {stdin: 'FAILED\n'}, cause: /Pod/},
		{name: 'nodes --from-file on a Pod manifest', args: ['nodes', '--from-file', bad('not-a-kubeconfig.yaml')], cause: /Pod.*not nodes|not nodes.*Pod/, next: /kubectl get nodes -o json/},
		{name: 'nodes --from-file on a kubeconfig', args: ['nodes', '--from-file', good('kind.yaml')], cause: /Config/},
		{name: 'nodes --from-file on package.json', args: ['nodes', '--from-file', join(repoRoot, 'package.json')], cause: /not nodes/},
		{
			name: 'nodes --from-file - on an empty stdin (kubectl failed; only its stderr had output)',
			args: ['nodes', '--from-file', '-'],
			cause: /stdin is empty/,
		},
		{name: 'nodes --from-file=- on an empty stdin', args: ['nodes', '--from-file=-'], cause: /stdin is empty/},
		{name: 'nodes --from-file on truncated JSON', args: ['nodes', '--from-file', write('truncated.json', '{"apiVersion": "v1", "items": [{"kind": "Node", "metadata": {"name": "ip-10-0-1-17')], cause: /truncated\.json|JSON|YAML/},
		{name: 'manifest pinned to two nodes', args: ['manifest', '--node', 'a', '--node', 'b'], cause: /one --node/},
		{name: 'sim --fault bogus', args: ['sim', '--fault', 'bogus'], cause: /--fault bogus/, next: /api-error:RATE/},
		{name: 'sim --fault api-error:2', args: ['sim', '--fault', 'api-error:2'], cause: /rate/},
		{name: 'sim --kubelet fake', args: ['sim', '--kubelet', 'fake'], cause: /--kubelet fake/},
	]);

	it('a failing exec plugin that echoes its secret: the refusal does not repeat the secret', async () => {
		const result = await runCli(['nodes', '--kubeconfig', bad('exec-echoes-secret.yaml')]);
		assertRefusal(result, {cause: /credential plugin/});
		assert.ok(!result.stderr.includes('plugin-token-7f3a9c1e5b2d8f4a6c0e'), `the secret is printed:\n${result.stderr}`);
	});

	it('bad input never leaves a stack trace, even with DEBUG-ish environment variables set', async () => {
		const result = await runCli(['nodes', '--kubeconfig', bad('malformed.yaml')], {env: {NODE_OPTIONS: '--enable-source-maps', DEBUG: '*'}});
		assertRefusal(result, {cause: /not valid YAML/});
	});
});

/** A server that accepts connections and never says a word: a firewall that eats the TLS handshake. */
async function silentServer(): Promise<{port: number; connections(): number; close(): Promise<void>}> {
	const sockets = new Set<Socket>();
	let connections = 0;
	const server: Server = createServer((socket) => {
		connections++;
		sockets.add(socket);
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as {port: number}).port,
		connections: () => connections,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

function tokenKubeconfig(name: string, server: string, extra: string[] = []): string {
	return write(
		name,
		[
			'apiVersion: v1',
			'kind: Config',
			'clusters:',
			'- name: remote',
			'  cluster:',
			`    server: ${server}`,
			'    insecure-skip-tls-verify: true',
			...extra,
			'contexts:',
			'- name: remote',
			'  context: {cluster: remote, user: remote}',
			'current-context: remote',
			'users:',
			'- name: remote',
			'  user: {token: "abcdef.0123456789abcdef"}',
			'',
		].join('\n'),
	);
}

describe('an unreachable server is refused quickly', {concurrency: 2}, () => {
	it('connection refused: exit 2 within a few seconds, naming the server', async () => {
		const port = await closedPort();
		const startup = await startupMs();
		const result = await runCli(['nodes', '--kubeconfig', tokenKubeconfig('refused.yaml', `https://127.0.0.1:${port}`)], {timeoutMs: 60_000});
		assertRefusal(result, {cause: new RegExp(`127\\.0\\.0\\.1:${port}`)});
		assert.ok(result.durationMs - startup < 5000, `took ${result.durationMs} ms (start-up alone ${startup} ms)`);
	});

	it('connection refused by a server named by host name (localhost): the server is named, not mistaken for a proxy', async () => {
		const port = await closedPort();
		const result = await runCli(['nodes', '--kubeconfig', tokenKubeconfig('refused-by-name.yaml', `https://localhost:${port}`)]);
		const {cause} = assertRefusal(result, {cause: new RegExp(`localhost:${port}`)});
		assert.doesNotMatch(cause, /proxy/);
	});

	it('a server that accepts and never answers (nodes): exit 2 within a few seconds', async (t) => {
		const silent = await silentServer();
		t.after(() => silent.close());
		const startup = await startupMs();
		// Killed after 40 s: long enough for a sane connect timeout (client-go's TLS handshake
		// timeout is 10 s) on a loaded machine, far short of the 120 s list deadline.
		const result = await runCli(['nodes', '--kubeconfig', tokenKubeconfig('silent.yaml', `https://127.0.0.1:${silent.port}`)], {timeoutMs: 40_000});
		assertRefusal(result, {cause: new RegExp(`127\\.0\\.0\\.1:${silent.port}`)});
		assert.ok(result.durationMs - startup < 15_000, `took ${result.durationMs} ms to give up on a silent server (start-up alone ${startup} ms)`);
	});

	it('a server that accepts and never answers (contexts): every context still listed, unreachable, promptly', async (t) => {
		const silent = await silentServer();
		t.after(() => silent.close());
		const startup = await startupMs();
		const result = await runCli(['contexts', '-o', 'json', '--kubeconfig', tokenKubeconfig('silent-contexts.yaml', `https://127.0.0.1:${silent.port}`)], {timeoutMs: 60_000});
		noStack(result.stderr);
		assert.equal(result.code, 0, result.stderr);
		const view = JSON.parse(result.stdout) as {contexts: {name: string; reachable: boolean; version: string | null; error: string | null}[]};
		assert.equal(view.contexts.length, 1);
		assert.equal(view.contexts[0]!.reachable, false);
		assert.equal(view.contexts[0]!.version, null, 'an unknown version is null');
		assert.ok(view.contexts[0]!.error, 'the context says why it is unreachable');
		assert.ok(result.durationMs - startup < 8000, `took ${result.durationMs} ms (start-up alone ${startup} ms)`);
	});
});

it('nodes --from-file - reads the dump from stdin', async () => {
	const result = await runCli(['nodes', '--from-file', '-', '-o', 'json'], {stdin: readFileSync(join(repoRoot, 'test', 'fixtures', 'nodes', 'kind.json'))});
	noStack(result.stderr);
	assert.equal(result.code, 0, result.stderr);
	const view = JSON.parse(result.stdout) as {pools: {environment: string}[]};
	assert.equal(view.pools[0]?.environment, 'kind');
});

type Kubeconfig = {
	clusters: {name: string; cluster: Record<string, unknown>}[];
	contexts: {name: string; context: {cluster: string; user: string; namespace?: string}}[];
	users: {name: string; user: Record<string, unknown>}[];
	'current-context': string;
};

/** The sim's kubeconfig cut down to one context, changed by `edit` (a wrong token, another CA). */
function variant(sim: SimHandle, context: string, name: string, edit: (config: {cluster: Record<string, unknown>; user: Record<string, unknown>}) => void): string {
	const config = yaml.load(readFileSync(sim.kubeconfigPath, 'utf8')) as Kubeconfig;
	const entry = config.contexts.find((candidate) => candidate.name === context)!;
	const cluster = structuredClone(config.clusters.find((candidate) => candidate.name === entry.context.cluster)!);
	const user = structuredClone(config.users.find((candidate) => candidate.name === entry.context.user)!);
	edit({cluster: cluster.cluster, user: user.user});
	return write(name, yaml.dump({apiVersion: 'v1', kind: 'Config', clusters: [cluster], contexts: [entry], users: [user], 'current-context': context}));
}

type ProbeJson = {summary: Record<string, number>; results: {node: string; status: string; gate: string | null; reason: string | null}[]};

function probeJson(result: CliResult): ProbeJson {
	noStack(result.stderr);
	try {
		return JSON.parse(result.stdout) as ProbeJson;
	} catch {
		return assert.fail(`probe -o json printed no JSON (exit ${result.code})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}
}

// A node whose kubelet stopped posting status, as the node lifecycle controller marks it.
const notReadyNode = 'ip-10-0-0-250.us-west-2.compute.internal';

let sim: SimHandle;
let pullSim: SimHandle;
// One sim for the file (sim-eks with a NotReady node added) and a one-node sim with the image-pull fault.
let env: NodeJS.ProcessEnv;

before(async () => {
	const profiles = clusterProfiles();
	const eks = profiles.find((profile) => profile.id === 'sim-eks')!;
	const template = eks.nodes.find((node) => node.object.metadata?.labels?.['karpenter.sh/nodepool'] !== undefined) ?? eks.nodes.at(-1)!;
	const lost = structuredClone(template);
	lost.object.metadata = {...lost.object.metadata, name: notReadyNode, labels: {...lost.object.metadata?.labels, 'kubernetes.io/hostname': notReadyNode}};
	lost.object.status!.conditions = (lost.object.status!.conditions ?? []).map((condition) =>
		condition.type === 'Ready' ? {...condition, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'} : condition,
	);
	eks.nodes.push(lost);
	[sim, pullSim] = await Promise.all([
		launchSim({profiles, runCommand: runPodCommand}, {latencyMs: 50, kubelet: 'recorded'}),
		launchSim({profiles: [minikubeProfile()], runCommand: runPodCommand}, {latencyMs: 50, kubelet: 'recorded', faults: ['image-pull']}),
	]);
	env = {KUBECONFIG: sim.kubeconfigPath};
});

after(async () => {
	await Promise.all([sim?.stop(), pullSim?.stop()]);
	rmSync(scratch, {recursive: true, force: true});
});

describe('contexts --no-check', () => {
	it('lists from the kubeconfig alone: no connection to the server, reachable and version null', async (t) => {
		const silent = await silentServer();
		t.after(() => silent.close());
		const result = await runCli(['contexts', '--no-check', '-o', 'json', '--kubeconfig', tokenKubeconfig('no-check.yaml', `https://127.0.0.1:${silent.port}`)]);
		noStack(result.stderr);
		assert.equal(result.code, 0, result.stderr);
		const view = JSON.parse(result.stdout) as {contexts: {reachable: boolean | null; version: string | null; error: string | null}[]};
		assert.deepEqual(view.contexts.map(({reachable, version, error}) => ({reachable, version, error})), [{reachable: null, version: null, error: null}]);
		assert.equal(silent.connections(), 0, 'contexts --no-check connected to the server');
	});
});

describe('a proxy that fails is named, not the server behind it', {concurrency: 2}, () => {
	it('proxy-url whose host does not resolve', async () => {
		const kubeconfig = tokenKubeconfig('proxy-unresolvable.yaml', 'https://10.20.30.40:6443', ['    proxy-url: http://proxy.corp.invalid:3128']);
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		assertRefusal(result, {cause: /proxy\.corp\.invalid/});
	});

	it('proxy-url on a port nothing listens on', async () => {
		const port = await closedPort();
		const kubeconfig = tokenKubeconfig('proxy-refused.yaml', 'https://10.20.30.40:6443', [`    proxy-url: http://127.0.0.1:${port}`]);
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		assertRefusal(result, {cause: new RegExp(`proxy.*127\\.0\\.0\\.1:${port}|127\\.0\\.0\\.1:${port}.*proxy`)});
	});
});

describe('a dead context never blocks the others', () => {
	it('contexts: the sim\'s contexts reachable, a silent server\'s context unreachable, all within a few seconds', async (t) => {
		const silent = await silentServer();
		t.after(() => silent.close());
		const dead = tokenKubeconfig('dead-beside-live.yaml', `https://127.0.0.1:${silent.port}`);
		const startup = await startupMs();
		const result = await runCli(['contexts', '-o', 'json'], {env: {KUBECONFIG: `${sim.kubeconfigPath}:${dead}`}, timeoutMs: 60_000});
		noStack(result.stderr);
		assert.equal(result.code, 0, result.stderr);
		const view = JSON.parse(result.stdout) as {contexts: {name: string; reachable: boolean; error: string | null}[]};
		for (const context of view.contexts) {
			if (context.name === 'remote') assert.equal(context.reachable, false);
			else assert.equal(context.reachable, true, `${context.name}: ${context.error}`);
		}
		assert.equal(view.contexts.length, sim.contexts.length + 1);
		assert.ok(result.durationMs - startup < 8000, `took ${result.durationMs} ms (start-up alone ${startup} ms)`);
	});

	it('contexts as a table: the dead context\'s cause and next step under the table, wrapped, not in a column', async () => {
		const dead = tokenKubeconfig('refused-beside-live.yaml', 'https://127.0.0.1:9');
		const result = await runCli(['contexts'], {env: {KUBECONFIG: `${sim.kubeconfigPath}:${dead}`, COLUMNS: '80'}, timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		const [table, notes] = result.stdout.split(/\n\n/);
		assert.doesNotMatch(table!, /ERROR|refused/);
		assert.match(table!, /│ remote +│.*│ no +│/);
		assert.match(notes!, /^✗ remote: .*refused/);
		for (const line of notes!.trimEnd().split('\n')) assert.ok(line.length <= 100, line);
	});
});

describe('bad input against the simulated clusters', {concurrency: 3}, () => {
	it('expired or wrong bearer token (401): names the context and says to log in again', async () => {
		const kubeconfig = variant(sim, 'sim-eks', 'expired-token.yaml', ({user}) => {
			user.token = 'k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9uPUdldENhbGxlcklkZW50aXR5JlZlcnNpb249MjAxMS0wNi0xNSZYLUFtei1FeHBpcmVzPTA';
		});
		const result = await runCli(['probe', '--kubeconfig', kubeconfig]);
		const {cause} = assertRefusal(result, {cause: /refused the credentials|[Uu]nauthori[sz]ed|401/});
		assert.match(cause, /sim-eks/);
		assert.doesNotMatch(result.stderr, /k8s-aws-v1\.aHR0/, 'the token itself is never printed');
	});

	it('TLS verification failure (the sim\'s server, another CA in the kubeconfig)', async () => {
		const other = await makeCertificates();
		const kubeconfig = variant(sim, 'sim-eks', 'other-ca.yaml', ({cluster}) => {
			cluster['certificate-authority-data'] = Buffer.from(other.caPem).toString('base64');
		});
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		assertRefusal(result, {cause: /certificate/, next: /kubeconfig|certificate-authority/});
	});

	it('certificate-authority-data that holds no PEM (a truncated paste) is named as such, not blamed on the server', async () => {
		const kubeconfig = variant(sim, 'sim-eks', 'truncated-ca.yaml', ({cluster}) => {
			cluster['certificate-authority-data'] = String(cluster['certificate-authority-data']).slice(40, 400);
		});
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		const {cause, next} = assertRefusal(result, {cause: /certificate-authority-data holds no PEM certificate/, next: /regenerate the kubeconfig/});
		assert.match(cause, /sim-eks/);
		assert.doesNotMatch(`${cause} ${next}`, /does not trust/);
	});

	it('RBAC refusal (403, sim-eks-readonly): names the verb and the resource, exit 2, no pod created', async () => {
		const before = await simStats(sim, 'sim-eks');
		const result = await runCli(['probe', '--context', 'sim-eks-readonly'], {env});
		const {cause, next} = assertRefusal(result, {cause: /RBAC|forbidden|may not|cannot/});
		assert.match(`${cause} ${next}`, /create/);
		assert.match(`${cause} ${next}`, /pods/);
		const after = await simStats(sim, 'sim-eks');
		assert.equal(after.probePods, before.probePods);
	});

	it('Pod Security refusal (-n restricted-ns): names Pod Security and the label to set', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '-n', 'restricted-ns'], {env});
		const {cause, next} = assertRefusal(result, {cause: /Pod Security/});
		assert.match(cause, /restricted-ns/);
		assert.match(`${cause} ${next}`, /pod-security\.kubernetes\.io\/enforce=privileged/);
		assert.equal((await simStats(sim, 'sim-eks')).probePods, 0);
	});

	it('OpenShift SCC refusal (sim-openshift -n scc-restricted): says SCC and what to grant', async () => {
		const result = await runCli(['probe', '--context', 'sim-openshift', '-n', 'scc-restricted'], {env});
		const {cause, next} = assertRefusal(result, {cause: /security context constraint|SCC/i});
		assert.match(next, /SCC/);
		assert.match(`${cause} ${next}`, /[Uu]nconfined|seccomp/);
		assert.equal((await simStats(sim, 'sim-openshift')).probePods, 0);
	});

	it('OpenShift SCC refusal: the cause is one readable sentence, not the server\'s whole provider list', async () => {
		const result = await runCli(['probe', '--context', 'sim-openshift', '-n', 'scc-restricted'], {env});
		const {cause} = assertRefusal(result);
		assert.ok(cause.length <= 300, `the cause is ${cause.length} characters long`);
	});

	it('probe -n on a namespace that does not exist', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '-n', 'no-such-namespace'], {env});
		assertRefusal(result, {cause: /no-such-namespace/, next: /kubectl create namespace no-such-namespace|-n/});
	});

	it('unknown --pool names the pools there are', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '--pool', 'gpu-workers'], {env});
		assertRefusal(result, {cause: /gpu-workers/, next: /bottlerocket-workers/});
	});

	it('unknown --node (a node that is gone)', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '--node', 'ip-10-0-0-1.us-west-2.compute.internal'], {env});
		assertRefusal(result, {cause: /ip-10-0-0-1\.us-west-2\.compute\.internal/});
	});

	it('fix --context --pool with an unknown pool', async () => {
		const result = await runCli(['fix', '--context', 'sim-eks', '--pool', 'gpu-workers'], {env});
		assertRefusal(result, {cause: /gpu-workers/, next: /bottlerocket-workers/});
	});

	it('report --context naming a context the kubeconfig lacks', async () => {
		const result = await runCli(['report', '--context', 'prod'], {env});
		assertRefusal(result, {cause: /context "prod"/, next: /sim-eks/});
	});

	it('fix --pool on a pool that is not predicted blocked', async () => {
		const result = await runCli(['fix', '--context', 'sim-eks', '--pool', 'al2023-general'], {env});
		assertRefusal(result, {cause: /al2023-general/, next: /probe/});
	});

	it('probe --image \'\' (an empty image reference)', async () => {
		const result = await runCli(['probe', '--context', 'minikube', '--image', ''], {env});
		assertRefusal(result, {cause: /image/});
		assert.equal((await simStats(sim, 'minikube')).probePods, 0);
	});

	it('a kubeconfig with no current-context and no --context', async () => {
		const kubeconfig = write('no-current.yaml', readFileSync(sim.kubeconfigPath, 'utf8').replace(/^current-context:.*$/m, ''));
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		assertRefusal(result, {cause: /no current-context/, next: /--context/});
	});

	it('certificate-authority-data that is not a certificate', async () => {
		const kubeconfig = variant(sim, 'sim-eks', 'garbage-ca.yaml', ({cluster}) => {
			cluster['certificate-authority-data'] = Buffer.from('not a certificate\n').toString('base64');
		});
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		assertRefusal(result, {cause: /certificate/});
	});

	it('client certificate and CA files that do not exist (a deleted minikube profile)', async () => {
		const kubeconfig = variant(sim, 'minikube', 'missing-files.yaml', ({cluster, user}) => {
			delete cluster['certificate-authority-data'];
			cluster['certificate-authority'] = join(scratch, 'profiles', 'minikube', 'ca.crt');
			delete user.token;
			user['client-certificate'] = join(scratch, 'profiles', 'minikube', 'client.crt');
			user['client-key'] = join(scratch, 'profiles', 'minikube', 'client.key');
		});
		const result = await runCli(['nodes', '--kubeconfig', kubeconfig]);
		assertRefusal(result, {cause: /does not exist/});
	});

	it('KUBECONFIG listing one missing file beside a good one: a warning, then the command runs', async () => {
		const result = await runCli(['nodes', '--context', 'minikube', '-o', 'json'], {env: {KUBECONFIG: `${join(scratch, 'gone.yaml')}:${sim.kubeconfigPath}`}});
		noStack(result.stderr);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, /^prg-doctor: warning: .*gone\.yaml/m);
		assert.equal((JSON.parse(result.stdout) as {context: string}).context, 'minikube');
	});

	it('a NotReady node: status error, reason node-not-ready, exit 3, no pod left', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '--node', notReadyNode, '-o', 'json'], {env});
		const run = probeJson(result);
		assert.equal(result.code, 3, result.stderr);
		assert.equal(run.results.length, 1);
		assert.equal(run.results[0]!.node, notReadyNode);
		assert.equal(run.results[0]!.status, 'error');
		assert.match(run.results[0]!.reason ?? '', /^node-not-ready/);
		// Nothing ran there: what is unknown is null, never missing (SPEC section 6).
		const entry = run.results[0] as unknown as Record<string, unknown>;
		assert.deepEqual(Object.keys(entry), ['node', 'pool', 'environment', 'status', 'gate', 'fix', 'reason', 'output', 'pod', 'durationMs']);
		assert.equal(entry.gate, null);
		assert.equal(entry.fix, null);
		assert.equal(entry.output, null);
		assert.equal((await simStats(sim, 'sim-eks')).probePods, 0);
	});

	it('image pull failure (fault image-pull): status error, reason image-pull, exit 3, no pod left', async () => {
		const startup = await startupMs();
		const result = await runCli(['probe', '--context', 'minikube', '--timeout', '30', '-o', 'json'], {env: {KUBECONFIG: pullSim.kubeconfigPath}, timeoutMs: 60_000});
		const run = probeJson(result);
		assert.equal(result.code, 3, result.stderr);
		assert.ok(run.results.length > 0);
		for (const entry of run.results) {
			assert.equal(entry.status, 'error', JSON.stringify(entry));
			assert.match(entry.reason ?? '', /^image-pull/);
		}
		assert.ok(result.durationMs - startup < 25_000, `an image pull failure should be reported when the kubelet says so, not at the 30 s timeout (took ${result.durationMs} ms, start-up ${startup} ms)`);
		assert.equal((await simStats(pullSim, 'minikube')).probePods, 0);
	});
});

// Alone, after the refusals above: it is the one run here that creates pods on sim-eks.
describe('a whole-cluster run with a NotReady node', () => {
	it('a blocked pool and a NotReady node in one run: exit 1 (a gate found wins over an undetermined node)', async () => {
		const result = await runCli(['probe', '--context', 'sim-eks', '-o', 'json'], {env});
		const run = probeJson(result);
		assert.equal(result.code, 1, result.stderr);
		assert.equal(run.results.find((entry) => entry.node === notReadyNode)?.status, 'error');
		assert.ok(run.results.some((entry) => entry.status === 'failed' && entry.gate === 'userns-limit'));
		assert.equal(run.summary.error, 1);
		assert.equal((await simStats(sim, 'sim-eks')).probePods, 0);
	});
});

describe('the explorer without a TTY or with a small terminal', () => {
	it('without a TTY, `prg-doctor` prints the nodes table and exits 0', async () => {
		const result = await runCli(['--context', 'sim-eks'], {env: {KUBECONFIG: sim.kubeconfigPath}});
		noStack(result.stderr);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /Context sim-eks/);
		assert.match(result.stdout, /bottlerocket-workers/);
		assert.match(result.stdout, /likely-blocked/);
		assert.doesNotMatch(result.stdout, /\x1b\[\?1049h/, 'no alternate screen without a TTY');
	});

	it('without a TTY, `-o json` gives the nodes JSON', async () => {
		const result = await runCli(['--context', 'minikube', '-o', 'json'], {env: {KUBECONFIG: sim.kubeconfigPath}});
		assert.equal(result.code, 0, result.stderr);
		const view = JSON.parse(result.stdout) as {context: string; pools: unknown[]};
		assert.equal(view.context, 'minikube');
		assert.equal(view.pools.length, 1);
	});

	const tmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'});
	it('`prg-doctor explain` typed at a terminal (stdin is a TTY): refused at once instead of waiting for input', {skip: tmux.status !== 0 && 'needs tmux'}, async (t) => {
		const socket = join(mkdtempSync(join(tmpdir(), 'prg-doctor-tmux-')), 'socket');
		const run = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'});
		t.after(() => {
			run('kill-server');
			rmSync(dirname(socket), {recursive: true, force: true});
		});
		const environment = {...baseEnv(), TERM: 'xterm-256color'};
		const started = run('new-session', '-d', '-x', '100', '-y', '20', ...Object.entries(environment).flatMap(([key, value]) => (/^[A-Z_][A-Z0-9_]*$/.test(key) && value !== undefined ? ['-e', `${key}=${value}`] : [])), `${shellQuote(process.execPath)} ${shellQuote(ensureBuilt())} explain; echo EXIT=$?; sleep 600`);
		assert.equal(started.status, 0, started.stderr);
		const screen = () => run('capture-pane', '-p', '-t', '0').stdout;
		const exited = await waitFor(() => /EXIT=(\d+)/.exec(screen()), 'explain to refuse a terminal stdin');
		assert.equal(exited[1], '2', screen());
		assert.match(screen(), /^prg-doctor: .*stdin is a terminal/m);
		assert.match(screen(), /^ {2}next: .*pipe/m);
		noStack(screen());
	});

	it('in a 60x15 terminal the explorer draws a whole frame (header on top, keys at the bottom) and quits on q', {skip: tmux.status !== 0 && 'needs tmux'}, async (t) => {
		const socket = join(mkdtempSync(join(tmpdir(), 'prg-doctor-tmux-')), 'socket');
		const run = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'});
		t.after(() => {
			run('kill-server');
			rmSync(dirname(socket), {recursive: true, force: true});
		});
		const environment = {...baseEnv(), KUBECONFIG: sim.kubeconfigPath, TERM: 'xterm-256color'};
		const started = run('new-session', '-d', '-x', '60', '-y', '15', ...Object.entries(environment).flatMap(([key, value]) => (/^[A-Z_][A-Z0-9_]*$/.test(key) && value !== undefined ? ['-e', `${key}=${value}`] : [])), `${shellQuote(process.execPath)} ${shellQuote(ensureBuilt())} --context sim-eks; echo EXIT=$?; sleep 600`);
		assert.equal(started.status, 0, started.stderr);
		const screen = () => run('capture-pane', '-p', '-t', '0').stdout;
		const frame = await waitFor(() => (/bottlerocket-workers/.test(screen()) && /quit/.test(screen()) ? screen() : null), 'the pools screen in a 60x15 terminal');
		const lines = frame.split('\n');
		assert.match(lines[0]!, /prg-doctor/, `the header is not on the top line:\n${frame}`);
		assert.equal(lines.filter((line) => /prg-doctor ›/.test(line)).length, 1, `the header is drawn more than once (a stale frame):\n${frame}`);
		assert.ok(lines.slice(-4).some((line) => /q quit/.test(line)), `the key footer is not at the bottom:\n${frame}`);
		for (const line of lines) assert.ok([...line].length <= 60, `wider than the terminal: ${line}`);
		run('send-keys', '-t', '0', 'Enter');
		const nodes = await waitFor(() => (/ip-10-0-0-/.test(screen()) ? screen() : null), 'the nodes of the pool');
		assert.match(nodes.split('\n')[0]!, /prg-doctor/, `the header scrolled away on the nodes screen:\n${nodes}`);
		run('send-keys', '-t', '0', 'q');
		const exited = await waitFor(() => /EXIT=(\d+)/.exec(screen()), 'the explorer to quit on q');
		assert.equal(exited[1], '0', screen());
		noStack(screen());
	});
});

