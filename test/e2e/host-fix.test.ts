// The host fix of a local cluster, end to end in tmux: the machine-changing `sudo sysctl …` step is
// shown, declined until `yes` is typed, then run with the terminal handed to it (a fake `sudo` on
// PATH records exactly what it was given), and the verify step re-probes and shows before → after.
// CI=true as in CI runs: a terminal is a terminal, and the explorer must draw on it (Ink alone would
// only print its last frame).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startTestSim} from '../helpers/sim.js';
import {ensureBuilt, hasTmux, openTerminal} from './tmux.js';

test('kind-sim host fix: declined, then accepted with a fake sudo, then verified', {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
	ensureBuilt();
	const sim = await startTestSim(t);
	const dir = mkdtempSync(join(tmpdir(), 'prg-fake-sudo-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const log = join(dir, 'argv.log');
	// Like sudo, it reads nothing from the terminal it is handed; it records its argv and exits 0.
	writeFileSync(join(dir, 'sudo'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\necho "fake sudo: $*"\n`);
	chmodSync(join(dir, 'sudo'), 0o755);

	const terminal = openTerminal({columns: 120, rows: 40, args: ['--kubeconfig', sim.kubeconfigPath, '--context', 'kind-sim'], env: {HOME: dir, PATH: `${dir}:${process.env.PATH}`, CI: 'true'}});
	t.after(() => terminal.close());
	await terminal.waitFor(/control-plane.*likely blocked/);
	terminal.type('f');
	await terminal.waitFor('Fix host-apparmor-sysctl');
	terminal.keys('Right');
	await terminal.waitFor('Command: sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0 (needs root) — changes this machine');

	terminal.type('x');
	await terminal.waitFor('Type yes and press Enter');
	terminal.type('y');
	terminal.keys('Enter');
	await terminal.waitFor('Not run. Type yes exactly');
	assert.equal(existsSync(log), false, 'nothing ran on a bare y');

	terminal.type('yes');
	terminal.keys('Enter');
	await terminal.waitFor('Press Enter to return to prg-doctor');
	assert.equal(readFileSync(log, 'utf8'), 'sysctl kernel.apparmor_restrict_unprivileged_userns=0\n');
	terminal.keys('Enter');
	await terminal.waitFor(/`sudo sysctl kernel\.apparmor_restrict_unprivileged_userns=0` exited with 0/);

	for (let step = 0; step < 4 && !/last step: verify/.test(terminal.screen()); step++) {
		terminal.keys('Right');
		await new Promise((resolve) => setTimeout(resolve, 150));
	}
	await terminal.waitFor('last step: verify');
	terminal.keys('Enter');
	// The simulated kind node does not read this machine's sysctl, so after the fix it still fails:
	// what matters is that the verify step re-probed it and shows before → after.
	// Wait for the run to end (its summary line), not for the first row: quitting mid-run asks first.
	const screen = await terminal.waitFor(/Last run.*probe pods deleted/, 30_000);
	assert.match(screen, /not probed\s+│\s+✗ failed\s+│\s+apparmor-userns/);
	assert.match(screen, /before\s+│\s+after/);
	assert.match(screen, /Host check/);
	terminal.type('q');
	await terminal.waitForExit();
	assert.equal((await sim.stats('kind-sim')).probePods, 0);
});
