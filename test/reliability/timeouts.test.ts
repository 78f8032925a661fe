// The other ways out of a run (SPEC section 4): nodes that never answer within --timeout end as
// `timeout` with their pods deleted and exit 3; an API server that fails every request is refused
// in one line (exit 2) after bounded retries, not hung on and not a stack trace.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {assertRefusal, ensureBuilt, noStack, runCli, startCli, startupMs, waitFor} from '../helpers/cli.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let slow: TestSim;
let failing: TestSim;

before(async () => {
	ensureBuilt();
	[slow, failing] = await Promise.all([
		// A pod lifecycle of a minute: no probe finishes within --timeout 5.
		startTestSim(null, {latencyMs: 60_000}),
		startTestSim(null, {latencyMs: 30, faults: ['api-error:1']}),
	]);
});

after(async () => {
	await Promise.all([slow?.stop(), failing?.stop()]);
});

describe('ways out of a run', {concurrency: 2}, () => {
	it('--timeout 5 on nodes that never finish: every node timeout with a reason, exit 3, pods deleted', async () => {
		const startup = await startupMs();
		const result = await runCli(['probe', '--context', 'sim-eks', '--pool', 'al2023-general', '--timeout', '5', '-o', 'json'], {env: {KUBECONFIG: slow.kubeconfigPath}, timeoutMs: 60_000});
		noStack(result.stderr);
		assert.equal(result.code, 3, result.stderr);
		const run = JSON.parse(result.stdout) as {summary: Record<string, number>; results: {status: string; gate: string | null; fix: string | null; output: string | null; pod: string | null; reason: string | null}[]};
		assert.ok(run.results.length > 0);
		assert.equal(run.summary.timeout, run.results.length);
		for (const entry of run.results) {
			assert.equal(entry.status, 'timeout', JSON.stringify(entry));
			assert.match(entry.reason ?? '', /5 ?s/);
			// Nothing was decided: gate and fix are null (unknown), not "none"; the pod is named.
			assert.equal(entry.gate, null);
			assert.equal(entry.fix, null);
			assert.match(entry.pod ?? '', /^prg-probe-/);
		}
		assert.ok(result.durationMs - startup < 15_000, `a 5 s timeout took ${result.durationMs} ms (start-up alone ${startup} ms)`);
		await waitFor(async () => (await slow.stats('sim-eks')).probePods === 0, 'zero probe pods after the timeouts', 10_000);
	});

	it('an API server that answers every request with 500/429: exit 2, one line, bounded', async () => {
		const result = await runCli(['probe', '--context', 'minikube'], {env: {KUBECONFIG: failing.kubeconfigPath}, timeoutMs: 90_000});
		assertRefusal(result, {cause: /429|500|overloaded|failing|InternalError|request timed out/i, next: /retry|later|--concurrency/i});
		assert.ok(result.durationMs < 60_000, `gave up after ${result.durationMs} ms`);
		assert.equal((await failing.stats('minikube')).probePods, 0);
	});

	it('nodes against that server: the same refusal, not an empty table', async () => {
		const result = await runCli(['nodes', '--context', 'sim-eks', '-o', 'json'], {env: {KUBECONFIG: failing.kubeconfigPath}, timeoutMs: 90_000});
		assertRefusal(result);
	});
});

describe('the API server goes away in the middle of a run', () => {
	it('the run ends promptly, says the cluster went unreachable and names cleanup', async () => {
		const doomed = await startTestSim(null, {latencyMs: 8000});
		try {
			const child = startCli(['probe', '--context', 'minikube', '--timeout', '15'], {env: {KUBECONFIG: doomed.kubeconfigPath}, timeoutMs: 60_000});
			await waitFor(async () => (await doomed.stats('minikube')).probePods > 0, 'the probe pod on minikube', 60_000);
			await doomed.stop();
			const stoppedAt = Date.now();
			const result = await child.done;
			noStack(result.stderr);
			assert.match(result.stderr, /prg-doctor cleanup/, 'the pods it could not delete are named with the way to delete them');
			assert.equal(result.code, 2, `exit ${result.code} ${Date.now() - stoppedAt} ms after the server went away\n${result.stdout}\n${result.stderr}`);
			assert.match(result.stderr, /refused|unreachable/);
			assert.ok(Date.now() - stoppedAt < 10_000, `took ${Date.now() - stoppedAt} ms to give up on a server that is gone`);
		} finally {
			await doomed.stop();
		}
	});
});
