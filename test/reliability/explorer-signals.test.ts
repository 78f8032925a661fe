// The interactive explorer, probing every node in a real terminal (tmux), stopped the three ways a
// user stops it: Ctrl-C, `kill` (SIGTERM) from another terminal, and closing the terminal window
// (SIGHUP). Every way out deletes the run's pods (SPEC section 4) and the process ends.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {baseEnv, ensureBuilt, shellQuote, waitFor} from '../helpers/cli.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {hasTmux} from '../e2e/tmux.js';

let sim: TestSim;

before(async () => {
	if (!hasTmux) return;
	ensureBuilt();
	// About 8 s per pod: every pod is still running when the explorer is stopped.
	sim = await startTestSim(null, {latencyMs: 8000});
});

after(() => sim?.stop());

/**
 * The explorer in its own tmux server, on `context`, with all its nodes being probed. The server
 * is killed when the test ends, however it ends.
 */
async function explorerProbing(t: {after(fn: () => void): void}, context: string, name: string) {
	// A socket of our own in a directory we remove, so nothing of this tmux server outlives the test.
	const dir = mkdtempSync(join(tmpdir(), `prg-doctor-tmux-${name}-`));
	const tmux = (...args: string[]) => spawnSync('tmux', ['-S', join(dir, 'socket'), ...args], {encoding: 'utf8'});
	t.after(() => {
		tmux('kill-server');
		rmSync(dir, {recursive: true, force: true});
	});
	// The monitor records how the process ended, for the test that closes the pane with it.
	const trace = join(dir, 'trace');
	const env = {...baseEnv(), KUBECONFIG: sim.kubeconfigPath, TERM: 'xterm-256color', NODE_OPTIONS: `--require ${join(import.meta.dirname, 'exit-trace.cjs')}`, PRG_DOCTOR_EXIT_TRACE: trace};
	const variables = Object.entries(env).flatMap(([key, value]) => (/^[A-Z_][A-Z0-9_]*$/.test(key) && value !== undefined ? ['-e', `${key}=${value}`] : []));
	const command = `${shellQuote(process.execPath)} ${shellQuote(ensureBuilt())} --context ${context}; echo EXIT=$?; sleep 600`;
	const started = tmux('new-session', '-d', '-x', '100', '-y', '30', ...variables, command);
	assert.equal(started.status, 0, started.stderr);
	const screen = () => tmux('capture-pane', '-p', '-t', '0').stdout;
	await waitFor(() => /quit/.test(screen()) && /ready|READY/.test(screen()), `the explorer on ${context}`);
	const shell = Number(tmux('display-message', '-p', '-t', '0', '#{pane_pid}').stdout.trim());
	const pid = Number(spawnSync('pgrep', ['-P', String(shell)], {encoding: 'utf8'}).stdout.trim().split('\n')[0]);
	assert.ok(pid > 0, 'found the explorer process');
	tmux('send-keys', '-t', '0', 'P');
	const live = await waitFor(async () => {
		const {probePods} = await sim.stats(context);
		return probePods > 0 ? probePods : null;
	}, `probe pods on ${context}`);
	return {tmux, screen, pid, live, trace, kill: () => tmux('kill-server')};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('the explorer stopped in the middle of a probe run', {skip: !hasTmux && 'needs tmux', concurrency: 3}, () => {
	it('Ctrl-C: pods deleted, exit 2', async (t) => {
		const explorer = await explorerProbing(t, 'sim-eks', 'ctrl-c');
		explorer.tmux('send-keys', '-t', '0', 'C-c');
		const exited = await waitFor(() => /EXIT=(\d+)/.exec(explorer.screen()), 'the explorer to exit after Ctrl-C', 30_000);
		assert.equal(exited[1], '2', explorer.screen());
		await waitFor(async () => (await sim.stats('sim-eks')).probePods === 0, `zero probe pods after Ctrl-C (${explorer.live} were live)`, 10_000);
	});

	it('SIGTERM from another terminal: pods deleted, exit 2', async (t) => {
		const explorer = await explorerProbing(t, 'sim-openshift', 'sigterm');
		process.kill(explorer.pid, 'SIGTERM');
		const exited = await waitFor(() => /EXIT=(\d+)/.exec(explorer.screen()), 'the explorer to exit after SIGTERM', 30_000);
		assert.equal(exited[1], '2', explorer.screen());
		await waitFor(async () => (await sim.stats('sim-openshift')).probePods === 0, `zero probe pods after SIGTERM (${explorer.live} were live)`, 10_000);
	});

	it('closing the terminal (SIGHUP): pods deleted, exit 2, no uncaught write error', async (t) => {
		const explorer = await explorerProbing(t, 'kind-sim', 'sighup');
		explorer.kill();
		await waitFor(async () => (await sim.stats('kind-sim')).probePods === 0, `zero probe pods after the terminal closed (${explorer.live} were live)`, 10_000);
		await waitFor(() => !isAlive(explorer.pid), 'the explorer process to end after SIGHUP', 30_000);
		// Ink's next frame to the closed terminal fails with EIO: that must not kill the process first.
		const record = await waitFor(() => (existsSync(explorer.trace) && /^exit \d+$/m.test(readFileSync(explorer.trace, 'utf8')) ? readFileSync(explorer.trace, 'utf8') : null), 'the exit record');
		assert.doesNotMatch(record, /^uncaught/m, `the explorer died of an uncaught exception:\n${record}`);
		assert.match(record, /^exit 2$/m);
	});
});
