// The built binary, interrupted in the middle of a probe run (SPEC section 4: every pod it created
// is deleted on every way out — Ctrl-C, SIGTERM, SIGHUP): a real child process, a sim slow enough
// that the probe pods are live when the signal lands, then /sim/stats must reach zero probe pods
// and the process must exit 2 promptly. A SIGKILLed run (nothing can clean up) is swept by
// `cleanup`.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {ensureBuilt, noStack, runCli, startCli, waitFor} from '../helpers/cli.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim;

before(async () => {
	ensureBuilt();
	// About 8 s per pod lifecycle: long enough that every pod is still running when we signal.
	sim = await startTestSim(null, {latencyMs: 8000});
});

after(() => sim?.stop());

/** Starts `probe` on a context, waits until its pods are live on the sim, and returns the child. */
async function probeUntilPodsLive(context: string, extra: string[] = []) {
	const child = startCli(['probe', '--context', context, ...extra], {env: {KUBECONFIG: sim.kubeconfigPath}, timeoutMs: 60_000});
	const live = await waitFor(async () => {
		const {probePods} = await sim.stats(context);
		return probePods > 0 ? probePods : null;
	}, `probe pods on ${context}`, 60_000);
	return {child, live};
}

describe('a probe run interrupted by a signal deletes its pods and exits 2', {concurrency: 3}, () => {
	// Each signal on its own cluster, so the runs can share the sim and go in parallel.
	const cases = [
		{signal: 'SIGINT', context: 'sim-eks'},
		{signal: 'SIGTERM', context: 'sim-openshift'},
		{signal: 'SIGHUP', context: 'kind-sim'},
	] as const;
	for (const {signal, context} of cases) {
		it(`${signal} (probe --context ${context})`, async () => {
			const {child, live} = await probeUntilPodsLive(context);
			const signalledAt = Date.now();
			child.child.kill(signal);
			const result = await child.done;
			const exitMs = Date.now() - signalledAt;
			noStack(result.stderr);
			assert.equal(result.timedOut, false, 'still running after the helper timeout');
			assert.equal(result.code, 2, `exit ${result.code} (${result.signal}) after ${signal}\nstderr: ${result.stderr}`);
			assert.ok(exitMs < 15_000, `took ${exitMs} ms to exit after ${signal}`);
			// Zero pods, soon: the deletes were sent before the process exited.
			await waitFor(async () => (await sim.stats(context)).probePods === 0, `zero probe pods on ${context} after ${signal} (${live} were live)`, 10_000);
			assert.match(result.stderr, /interrupt|stopp|cancel/i, `stderr does not say the run was interrupted: ${result.stderr}`);
		});
	}
});

describe('runs that cannot clean up after themselves', () => {
	it('a second Ctrl-C during a slow cleanup exits 2 at once and names `prg-doctor cleanup`', async (t) => {
		// Every API request of this cluster takes 1.5 s, so the deletes are still in flight when the
		// second Ctrl-C lands (two signals sent back to back would merge into one).
		const slow = await startTestSim(t, {latencyMs: 8000, faults: ['latency:1500']});
		const env = {KUBECONFIG: slow.kubeconfigPath};
		const child = startCli(['probe', '--context', 'minikube'], {env, timeoutMs: 60_000});
		await waitFor(async () => (await slow.stats('minikube')).probePods > 0, 'the probe pod on minikube', 60_000);
		child.child.kill('SIGINT');
		await new Promise((resolve) => setTimeout(resolve, 300));
		const secondAt = Date.now();
		child.child.kill('SIGINT');
		const result = await child.done;
		noStack(result.stderr);
		assert.equal(result.code, 2, result.stderr);
		assert.ok(Date.now() - secondAt < 2000, `took ${Date.now() - secondAt} ms to stop after the second Ctrl-C`);
		assert.match(result.stderr, /prg-doctor cleanup/);
		// Whatever the second signal cut short, `cleanup` finishes the job.
		const cleaned = await runCli(['cleanup', '--context', 'minikube'], {env});
		assert.equal(cleaned.code, 0, cleaned.stderr);
		await waitFor(async () => (await slow.stats('minikube')).probePods === 0, 'zero probe pods on minikube', 15_000);
	});

	it('--keep, then Ctrl-C: the pods stay as asked, and stderr says so (not that they were deleted)', async (t) => {
		t.after(() => runCli(['cleanup', '--context', 'minikube'], {env: {KUBECONFIG: sim.kubeconfigPath}}));
		const {child, live} = await probeUntilPodsLive('minikube', ['--keep']);
		child.child.kill('SIGINT');
		const result = await child.done;
		noStack(result.stderr);
		assert.equal(result.code, 2, result.stderr);
		assert.equal((await sim.stats('minikube')).probePods, live, '--keep keeps the pods even when interrupted');
		assert.doesNotMatch(result.stderr, /were deleted/, 'stderr claims the kept pods were deleted');
		assert.match(result.stderr, /prg-doctor cleanup/);
	});

	it('Ctrl-C before any pod exists (the API is slow, the run is still checking): exit 2 promptly, no pod created', async (t) => {
		const slow = await startTestSim(t, {latencyMs: 50, faults: ['latency:1500']});
		const child = startCli(['probe', '--context', 'sim-eks'], {env: {KUBECONFIG: slow.kubeconfigPath}, timeoutMs: 60_000});
		// Wait until the run has reached the server (its first requests are in flight), then stop it.
		await waitFor(async () => (await slow.stats('sim-eks')).total > 0, 'the first API request');
		child.child.kill('SIGINT');
		const signalledAt = Date.now();
		const result = await child.done;
		noStack(result.stderr);
		assert.equal(result.code, 2, result.stderr);
		assert.ok(Date.now() - signalledAt < 5000, `took ${Date.now() - signalledAt} ms to stop a run that had created nothing`);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const stats = await slow.stats('sim-eks');
		assert.equal(stats.probePods, 0);
		assert.equal(stats.requests['create pods'] ?? 0, 0, 'no pod was created after the Ctrl-C');
	});

	it('SIGKILL leaves the pods (nothing can run); `prg-doctor cleanup` deletes every one of them', async () => {
		const {child, live} = await probeUntilPodsLive('sim-eks', ['--pool', 'bottlerocket-workers']);
		child.child.kill('SIGKILL');
		const result = await child.done;
		assert.equal(result.signal, 'SIGKILL');
		const left = (await sim.stats('sim-eks')).probePods;
		assert.ok(left > 0, `the killed run left ${left} pods (${live} were live)`);
		const cleaned = await runCli(['cleanup', '--context', 'sim-eks', '-o', 'json'], {env: {KUBECONFIG: sim.kubeconfigPath}});
		noStack(cleaned.stderr);
		assert.equal(cleaned.code, 0, cleaned.stderr);
		const view = JSON.parse(cleaned.stdout) as {deleted: string[]; failed: string[]};
		assert.ok(view.deleted.length >= left, `cleanup deleted ${view.deleted.length} of ${left}`);
		assert.deepEqual(view.failed, []);
		await waitFor(async () => (await sim.stats('sim-eks')).probePods === 0, 'zero probe pods on sim-eks after cleanup', 10_000);
	});
});
