// `probe` in a real terminal (tmux) that goes away mid-run — an SSH session dropping is the usual
// SIGHUP. The terminal is gone, so writes to it fail (EIO); the run must still delete its pods and
// exit 2 as for any interruption, not die of an uncaught write error. The process runs in a pane the
// test closes, so a preloaded monitor (exit-trace.cjs) records how it ended.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {baseEnv, ensureBuilt, shellQuote, waitFor} from '../helpers/cli.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {hasTmux} from '../e2e/tmux.js';

const monitor = join(import.meta.dirname, 'exit-trace.cjs');
let sim: TestSim;

before(async () => {
	if (!hasTmux) return;
	ensureBuilt();
	sim = await startTestSim(null, {latencyMs: 8000});
});

after(() => sim?.stop());

describe('the terminal closes in the middle of a run', {skip: !hasTmux && 'needs tmux'}, () => {
	it('probe: pods deleted, exit 2, no uncaught write error', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-doctor-hangup-'));
		const tmux = (...args: string[]) => spawnSync('tmux', ['-S', join(dir, 'socket'), ...args], {encoding: 'utf8'});
		t.after(() => {
			tmux('kill-server');
			rmSync(dir, {recursive: true, force: true});
		});
		const trace = join(dir, 'trace');
		const env = {...baseEnv(), KUBECONFIG: sim.kubeconfigPath, TERM: 'xterm-256color', NODE_OPTIONS: `--require ${monitor}`, PRG_DOCTOR_EXIT_TRACE: trace};
		const variables = Object.entries(env).flatMap(([key, value]) => (/^[A-Z_][A-Z0-9_]*$/.test(key) && value !== undefined ? ['-e', `${key}=${value}`] : []));
		const started = tmux('new-session', '-d', '-x', '100', '-y', '30', ...variables, `${shellQuote(process.execPath)} ${shellQuote(ensureBuilt())} probe --context sim-eks; sleep 600`);
		assert.equal(started.status, 0, started.stderr);
		const live = await waitFor(async () => {
			const {probePods} = await sim.stats('sim-eks');
			return probePods > 0 ? probePods : null;
		}, 'probe pods on sim-eks');
		// Let the live progress draw at least once on the terminal, then close it.
		await new Promise((resolve) => setTimeout(resolve, 500));
		tmux('kill-server');
		const ended = await waitFor(() => (existsSync(trace) ? /^exit (\d+)$/m.exec(readFileSync(trace, 'utf8')) : null), 'the probe process to exit');
		await waitFor(async () => (await sim.stats('sim-eks')).probePods === 0, `zero probe pods after the terminal closed (${live} were live)`, 10_000);
		const record = readFileSync(trace, 'utf8');
		assert.doesNotMatch(record, /^uncaught/m, `the process died of an uncaught exception:\n${record}`);
		assert.equal(ended[1], '2', `exit ${ended[1]} after the terminal closed:\n${record}`);
	});
});
