import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {classify} from '../../../source/domain/gates.js';
import {probeScript} from '../../../source/domain/probe-pod.js';
import {realKubeletAvailable, realKubeletProblem, runPodCommand, type ExecRequest} from '../../../source/sim/exec/index.js';
import {hostIdBase} from '../../../source/sim/exec/real.js';
import {clusterProfiles, type SimNode} from '../../../source/sim/profiles/index.js';

// These run the pod's command on this machine for real: they need root, busybox, unshare and setpriv.
const skip = realKubeletAvailable() ? false : `no real kubelet here: ${realKubeletProblem()}`;

const profiles = clusterProfiles();
const eks = profiles.find((profile) => profile.id === 'sim-eks')!;
const bottlerocket = eks.nodes.find((node) => node.gate === 'userns-limit')!;
const al2023 = eks.nodes.find((node) => node.gate === 'none')!;
const kindWorker = profiles.find((profile) => profile.id === 'kind-sim')!.nodes[1];

function readIfThere(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}

const run = (node: SimNode, script: string, extra: Partial<ExecRequest> = {}) =>
	runPodCommand({command: ['sh', '-c'], args: [script], runAsUser: 3377, runAsGroup: 3377, node, mode: 'real', signal: new AbortController().signal, ...extra});

describe('real kubelet', {skip}, () => {
	test('a Bottlerocket-profile node: the kernel refuses the documented probe with ENOSPC', async () => {
		const result = await run(bottlerocket, 'unshare -U echo OK || echo FAILED');
		assert.deepEqual(result, {exitCode: 0, log: 'unshare: unshare(0x10000000): No space left on device\nFAILED\n', mode: 'real'});
	});

	test('a ready node: the documented probe prints OK', async () => {
		assert.deepEqual(await run(al2023, 'unshare -U echo OK || echo FAILED'), {exitCode: 0, log: 'OK\n', mode: 'real'});
	});

	test("the evidence probe reads the node's limit from the kernel and classifies by it", async () => {
		const blocked = await run(bottlerocket, probeScript);
		assert.equal(blocked.mode, 'real');
		assert.match(blocked.log, /^max_user_namespaces=0$/m);
		assert.match(blocked.log, /^unshare_map=unshare: unshare\(0x10000000\): No space left on device$/m);
		assert.equal(blocked.log.trimEnd().split('\n').at(-1), 'FAILED');
		assert.equal(classify(blocked.log, {environment: 'eks-bottlerocket'}).gate, 'userns-limit');
		const ready = await run(al2023, probeScript);
		assert.match(ready.log, new RegExp(`^max_user_namespaces=${al2023.maxUserNamespaces}$`, 'm'));
		assert.match(ready.log, /^unshare_map=ok$/m);
		assert.equal(classify(ready.log).status, 'ok');
	});

	test("runs as the pod's runAsUser and runAsGroup, with no supplementary groups and no new privileges", async () => {
		const result = await run(al2023, 'id -u; id -g; id -G; grep NoNewPrivs /proc/self/status', {runAsUser: 3377, runAsGroup: 4455});
		assert.deepEqual(result.log.split('\n').slice(0, 3), ['3377', '4455', '4455']);
		assert.match(result.log, /NoNewPrivs:\s+1/);
		const root = await run(al2023, 'id -u', {runAsUser: null, runAsGroup: null});
		assert.equal(root.log, '0\n');
		const noGroup = await run(al2023, 'id -u; id -g', {runAsUser: 3377, runAsGroup: null});
		assert.equal(noGroup.log, '3377\n0\n');
	});

	test("on this machine the pod's IDs are unused ones, and a root pod has no capabilities", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-exec-test-'));
		chmodSync(dir, 0o1777);
		try {
			await runPodCommand({command: ['touch'], args: [join(dir, 'made-by-pod')], runAsUser: 3377, runAsGroup: 3377, node: al2023, mode: 'real', signal: new AbortController().signal});
			const made = statSync(join(dir, 'made-by-pod'));
			assert.deepEqual([made.uid, made.gid], [hostIdBase + 3377, hostIdBase + 3377]);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
		const root = await run(al2023, 'id -u; grep -E "^Cap(Eff|Bnd)" /proc/self/status', {runAsUser: null, runAsGroup: null});
		assert.deepEqual(root.log.trimEnd().split('\n').map((line) => line.replace(/\s+/g, ' ')), ['0', 'CapEff: 0000000000000000', 'CapBnd: 0000000000000000']);
	});

	test("a pod left as root is nobody here: it cannot write this machine's root-owned files", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-exec-test-'));
		const file = join(dir, 'owned-by-root');
		writeFileSync(file, 'untouched\n', {mode: 0o644});
		chmodSync(dir, 0o755);
		try {
			const result = await runPodCommand({command: ['sh', '-c'], args: [`echo changed > ${file}; touch ${dir}/new`], runAsUser: null, runAsGroup: null, node: al2023, mode: 'real', signal: new AbortController().signal});
			assert.match(result.log, /Permission denied/);
			assert.equal(readFileSync(file, 'utf8'), 'untouched\n');
			assert.equal(existsSync(join(dir, 'new')), false);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	test('only the busybox applets are on PATH, as in an alpine image', async () => {
		const result = await run(al2023, 'echo "$PATH"; which unshare; readlink "$(which uname)"; which node || echo no-node');
		const [path, unshare, target, node] = result.log.trimEnd().split('\n');
		assert.equal(unshare, `${path}/unshare`);
		assert.equal(target, '/usr/bin/busybox');
		assert.equal(node, 'no-node');
	});

	test('stdout and stderr interleave in one log; exit codes pass through', async () => {
		const result = await run(al2023, 'echo one; echo two >&2; echo three; exit 3');
		assert.deepEqual(result, {exitCode: 3, log: 'one\ntwo\nthree\n', mode: 'real'});
		const missing = await runPodCommand({command: ['no-such-program'], args: [], runAsUser: 3377, runAsGroup: 3377, node: al2023, mode: 'real', signal: new AbortController().signal});
		assert.equal(missing.exitCode, 128);
		assert.match(missing.log, /executable file not found in \$PATH/);
	});

	test('pod fields travel as argv: shell syntax in them is never interpreted by the kubelet', async () => {
		const result = await runPodCommand({command: ['echo'], args: ['$(id -u)', '; touch /tmp/x', '"quoted"'], runAsUser: 3377, runAsGroup: 3377, node: al2023, mode: 'real', signal: new AbortController().signal});
		assert.equal(result.log, '$(id -u) ; touch /tmp/x "quoted"\n');
	});

	test('an abort kills the whole process group at once and reports 137', async () => {
		const controller = new AbortController();
		// A unique duration marks this test's processes in /proc.
		const marker = `${30 + Math.floor(Math.random() * 1000) / 1000}`;
		const pending = run(al2023, `echo started; sleep ${marker} & sleep ${marker}; echo never`, {signal: controller.signal});
		const sleepers = (): string[] =>
			readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && readIfThere(`/proc/${entry}/cmdline`) === `sleep\0${marker}\0`);
		const deadline = Date.now() + 15_000;
		while (sleepers().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		assert.equal(sleepers().length, 2, 'both sleeps started');
		controller.abort();
		const result = await pending;
		assert.equal(result.exitCode, 137);
		assert.equal(result.log, 'started\n');
		assert.deepEqual(sleepers(), [], 'the background sleep went with the group');
	});

	test('a run past its time limit is killed (137)', async () => {
		const result = await run(al2023, 'echo start; sleep 30', {timeoutMs: 1500});
		assert.deepEqual(result, {exitCode: 137, log: 'start\n', mode: 'real'});
	});

	test('modes: auto runs reproducible gates for real and records the rest; recorded still runs unknown scripts', async () => {
		const auto = (node: SimNode, script: string) => run(node, script, {mode: 'auto'});
		assert.equal((await auto(bottlerocket, probeScript)).mode, 'real');
		assert.equal((await auto(kindWorker, probeScript)).mode, 'recorded');
		// Asked for real, an AppArmor node still answers with its recording: this host cannot produce it.
		assert.equal((await run(kindWorker, 'unshare -U echo OK || echo FAILED')).mode, 'recorded');
		assert.equal((await run(al2023, probeScript, {mode: 'recorded'})).mode, 'recorded');
		const other = await run(kindWorker, 'echo hello from $(uname -s)', {mode: 'recorded'});
		assert.deepEqual(other, {exitCode: 0, log: 'hello from Linux\n', mode: 'real'});
	});

	test('many runs at once', async () => {
		const results = await Promise.all(Array.from({length: 20}, (_, index) => run(index % 2 ? bottlerocket : al2023, 'unshare -U echo OK || echo FAILED')));
		results.forEach((result, index) => assert.equal(result.log.trimEnd().split('\n').at(-1), index % 2 ? 'FAILED' : 'OK'));
	});
});
