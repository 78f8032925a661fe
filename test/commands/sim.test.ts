// `prg-doctor sim` as a user runs it: prints the kubeconfig, contexts and an example, serves kubectl
// until SIGTERM, then removes its temp kubeconfig; bad flags are one-line refusals (exit 2).
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {assertRefusal, noStack, runCli, startCli, waitFor} from '../helpers/cli.js';
import {hasKubectl} from '../helpers/sim.js';
import {spawn} from 'node:child_process';

function kubectlAt(kubeconfig: string, args: string[]): Promise<{status: number | null; stdout: string}> {
	return new Promise((resolve) => {
		const child = spawn('kubectl', args, {env: {...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: `${kubeconfig}.cache`}});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.on('close', (status) => resolve({status, stdout}));
	});
}

describe('prg-doctor sim', () => {
	it('serves every context until SIGTERM, then removes its temp kubeconfig', {skip: hasKubectl ? false : 'kubectl is not on PATH'}, async () => {
		const sim = startCli(['sim', '--latency', '50', '--nodes', '20']);
		const out = await waitFor(() => (sim.stdout().includes('Press Ctrl-C') ? sim.stdout() : null), 'the sim to start');
		const kubeconfig = /^kubeconfig: (\S+)$/m.exec(out)?.[1];
		assert.ok(kubeconfig && existsSync(kubeconfig), out);
		for (const context of ['sim-eks', 'sim-eks-readonly', 'sim-openshift', 'kind-sim', 'minikube', 'sim-large']) {
			assert.match(out, new RegExp(`^  ${context}\\s+https://127\\.0\\.0\\.1:\\d+$`, 'm'));
		}
		assert.ok(out.includes(`KUBECONFIG=${kubeconfig} kubectl get nodes`), out);
		const nodes = await kubectlAt(kubeconfig, ['--context', 'sim-large', 'get', 'nodes', '-o', 'name']);
		assert.equal(nodes.status, 0);
		assert.equal(nodes.stdout.trim().split('\n').length, 20);
		sim.child.kill('SIGTERM');
		const result = await sim.done;
		assert.equal(result.timedOut, false);
		noStack(result.stderr);
		assert.equal(existsSync(kubeconfig), false, 'the temp kubeconfig is removed on exit');
	});

	it('never overwrites a kubeconfig it did not write', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-doctor-sim-cmd-'));
		try {
			const foreign = join(dir, 'config');
			writeFileSync(foreign, 'apiVersion: v1\nkind: Config\nclusters: []\n');
			const refused = await runCli(['sim', '--kubeconfig', foreign], {timeoutMs: 20_000});
			assertRefusal(refused, {cause: /exists and was not written by prg-doctor sim/});
			assert.equal(readFileSync(foreign, 'utf8'), 'apiVersion: v1\nkind: Config\nclusters: []\n');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('refuses a --kubeconfig it cannot write (a missing directory) with a one-line cause and exit 2', async () => {
		const refused = await runCli(['sim', '--kubeconfig', '/nonexistent/dir/kc', '--latency', '0'], {timeoutMs: 20_000});
		const {cause, next} = assertRefusal(refused, {cause: /--kubeconfig \/nonexistent\/dir\/kc cannot be written: its directory does not exist/});
		assert.doesNotMatch(cause, /internal error/);
		assert.match(next, /--kubeconfig \/tmp\/sim\.kubeconfig|leave --kubeconfig out/);
		assert.equal(existsSync('/nonexistent/dir/kc'), false);
	});

	it('refuses bad flag values with a one-line cause and exit 2', async () => {
		for (const args of [['--kubelet', 'fast'], ['--fault', 'explode'], ['--fault', 'api-error:2'], ['--nodes', '0'], ['--latency', '-1']]) {
			const result = await runCli(['sim', ...args], {timeoutMs: 20_000});
			assertRefusal(result);
		}
	});

	it('refuses bad node-not-ready and evict rates in one line, naming the fault and an example', async () => {
		for (const [spec, cause] of [
			['node-not-ready:1.5', /--fault node-not-ready:1\.5: the rate must be a number from 0 to 1/],
			['node-not-ready', /--fault node-not-ready: the rate must be a number from 0 to 1/],
			['evict:-0.1', /--fault evict:-0\.1: the rate must be a number from 0 to 1/],
			['evict:half', /--fault evict:half: the rate must be a number from 0 to 1/],
		] as const) {
			const result = await runCli(['sim', '--fault', spec], {timeoutMs: 20_000});
			const {next} = assertRefusal(result, {cause});
			assert.match(next, new RegExp(`--fault ${spec.split(':')[0]}:0\\.1`));
		}
		const unknown = await runCli(['sim', '--fault', 'evicted:0.5'], {timeoutMs: 20_000});
		const {next} = assertRefusal(unknown, {cause: /--fault evicted:0\.5 is not a fault/});
		assert.match(next, /node-not-ready:RATE/);
		assert.match(next, /evict:RATE/);
	});

	it('starts with the outage faults and names them in its banner', async () => {
		const sim = startCli(['sim', '--latency', '50', '--fault', 'node-not-ready:0.2', '--fault', 'evict:0.1']);
		const out = await waitFor(() => (sim.stdout().includes('Press Ctrl-C') ? sim.stdout() : null), 'the sim to start');
		assert.match(out, /^latency 50 ms, kubelet auto, faults node-not-ready:0\.2 evict:0\.1$/m);
		sim.child.kill('SIGTERM');
		const result = await sim.done;
		assert.equal(result.timedOut, false);
		noStack(result.stderr);
	});
});
