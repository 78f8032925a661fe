// The built binary in tmux against the simulated clusters: open sim-eks, see the Bottlerocket pool
// predicted blocked, probe it, see `0/3 ready` and the gate, open the fix, see the quoted TOML key,
// copy it (the OSC 52 sequence must reach the terminal), go back, quit — and no probe pod is left.
// The same at 80x24 and with NO_COLOR=1; and --demo, which must clean up after itself.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {ensureBuilt, hasTmux, openTerminal, type Terminal} from './tmux.js';

const snippet = "[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'";
const osc52 = `\x1b]52;c;${Buffer.from(snippet).toString('base64')}\x07`;
// Any SGR that sets a foreground or background colour.
const colourCode = /\x1b\[(?:[0-9;]*;)?(?:3[0-79]|4[0-79]|9[0-7]|10[0-7]|38;[25]|48;[25])(?:;[0-9;]*)?m/;

function isolatedHome(t: {after(fn: () => void): void}): string {
	const home = mkdtempSync(join(tmpdir(), 'prg-doctor-e2e-home-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	return home;
}

async function openSimEks(terminal: Terminal): Promise<void> {
	await terminal.waitFor('sim-eks-readonly');
	terminal.type('/');
	terminal.type('sim-eks');
	await terminal.waitFor(/\/sim-eks .*match/);
	terminal.keys('Enter');
	await terminal.waitFor(/› \*?sim-eks\s/);
	terminal.keys('Enter');
}

/** The flow of the issue, on whatever terminal size; returns the pools screen after the probe. */
async function probeAndFix(terminal: Terminal): Promise<string> {
	await openSimEks(terminal);
	let screen = await terminal.waitFor(/bottlerocket-workers.*likely blocked/);
	assert.match(screen, /PREDICTION/);
	assert.doesNotMatch(screen, /✗ failed/);
	assert.match(screen, /› bottlerocket-workers/, 'the blocked pool sorts first');
	terminal.type('p');
	// Done: every result in and the run's summary (after its pods were deleted) on screen.
	screen = await terminal.waitFor((now) => /bottlerocket-workers\s+\d+\/\d+ ready(?! ·)/.test(now) && /Last run \w+: \d+ probed/.test(now), 30_000);
	const [, ready, total] = /bottlerocket-workers\s+(\d+)\/(\d+) ready/.exec(screen)!;
	assert.equal(ready, '0');
	assert.ok(Number(total) >= 1);
	assert.match(screen, /userns-limit/);
	assert.match(screen, /Last run \w+: \d+ probed/);
	terminal.type('f');
	screen = await terminal.waitFor("'user.max_user_namespaces' = '15000'");
	assert.match(screen, /Fix bottlerocket-sysctl/);
	terminal.type('c');
	await terminal.waitFor('Copied');
	assert.ok(terminal.raw().includes(osc52), 'the OSC 52 sequence reached the terminal');
	terminal.keys('Escape');
	screen = await terminal.waitFor(/POOL\s+READY/);
	return screen;
}

/** Deleted means the API accepted the deletes; a pod may still terminate for a moment. */
async function probePodsLeft(sim: TestSim): Promise<number> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const {probePods} = await sim.stats('sim-eks');
		if (probePods === 0 || Date.now() > deadline) return probePods;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

async function quitAndCheck(terminal: Terminal, sim: TestSim): Promise<void> {
	terminal.type('q');
	await terminal.waitForExit();
	assert.match(terminal.screen(), /\[exited 0\]/);
	assert.equal(await probePodsLeft(sim), 0, 'no probe pod left behind');
}

for (const size of [{columns: 120, rows: 40}, {columns: 80, rows: 24}]) {
	test(`explorer at ${size.columns}x${size.rows}: probe the Bottlerocket pool, open and copy the fix, quit clean`, {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
		ensureBuilt();
		const sim = await startTestSim(t);
		const terminal = openTerminal({...size, args: ['--kubeconfig', sim.kubeconfigPath], env: {HOME: isolatedHome(t)}});
		t.after(() => terminal.close());
		const screen = await probeAndFix(terminal);
		for (const line of screen.split('\n')) assert.ok(line.length <= size.columns, line);
		if (size.columns === 80) assert.match(screen, /bottlerocket-workers\s+0\/\d+ ready/);
		await quitAndCheck(terminal, sim);
	});
}

test('explorer with NO_COLOR=1 keeps its meaning in words and symbols and sends no colour', {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
	ensureBuilt();
	const sim = await startTestSim(t);
	const terminal = openTerminal({columns: 120, rows: 40, args: ['--kubeconfig', sim.kubeconfigPath], env: {HOME: isolatedHome(t), NO_COLOR: '1'}});
	t.after(() => terminal.close());
	const screen = await probeAndFix(terminal);
	assert.match(screen, /~ likely ready/);
	assert.doesNotMatch(terminal.raw(), colourCode);
	await quitAndCheck(terminal, sim);
});

test('--demo: the same flow on the built-in simulated clusters, and no temp files left behind', {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
	ensureBuilt();
	const temp = mkdtempSync(join(tmpdir(), 'prg-doctor-e2e-tmp-'));
	t.after(() => rmSync(temp, {recursive: true, force: true}));
	const terminal = openTerminal({columns: 120, rows: 40, args: ['--demo'], env: {HOME: isolatedHome(t), TMPDIR: temp}});
	t.after(() => terminal.close());
	await terminal.waitFor('DEMO');
	await probeAndFix(terminal);
	terminal.type('q');
	await terminal.waitForExit();
	assert.match(terminal.screen(), /\[exited 0\]/);
	assert.deepEqual(readdirSync(temp), [], 'the demo removed its kubeconfig and temp files');
});

test('Esc during a run asks first; y stops it, the pods are deleted and the explorer keeps working', {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
	ensureBuilt();
	const sim = await startTestSim(t, {latencyMs: 20_000});
	const terminal = openTerminal({columns: 120, rows: 40, args: ['--kubeconfig', sim.kubeconfigPath, '--context', 'sim-eks'], env: {HOME: isolatedHome(t)}});
	t.after(() => terminal.close());
	await terminal.waitFor(/bottlerocket-workers.*likely blocked/);
	terminal.type('P');
	await terminal.waitFor(/Probing 7 nodes \(run \w+\)/);
	const deadline = Date.now() + 15_000;
	while ((await sim.stats('sim-eks')).probePods === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
	assert.ok((await sim.stats('sim-eks')).probePods > 0, 'the run created its pods');
	terminal.keys('Escape');
	await terminal.waitFor('Stop probing?');
	terminal.type('y');
	await terminal.waitFor(/Run \w+ stopped · probe pods deleted/, 20_000);
	assert.equal(await probePodsLeft(sim), 0);
	terminal.keys('Enter');
	await terminal.waitFor(/NODE\s+PROBE\s+GATE/);
	terminal.type('q');
	await terminal.waitForExit();
	assert.match(terminal.screen(), /\[exited 0\]/);
});

test('a fix step’s local command: shown, run only after typing y, the terminal handed over and taken back', {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
	ensureBuilt();
	const sim = await startTestSim(t);
	const terminal = openTerminal({columns: 120, rows: 40, args: ['--kubeconfig', sim.kubeconfigPath, '--context', 'kind-sim'], env: {HOME: isolatedHome(t)}});
	t.after(() => terminal.close());
	await terminal.waitFor(/control-plane.*likely blocked/);
	terminal.type('f');
	await terminal.waitFor('Command: sysctl kernel.apparmor_restrict_unprivileged_userns');
	terminal.type('x');
	await terminal.waitFor('Type y and press Enter');
	terminal.keys('Enter');
	await terminal.waitFor('Not run. Type y exactly');
	terminal.type('y');
	terminal.keys('Enter');
	await terminal.waitFor('Press Enter to return to prg-doctor');
	assert.match(terminal.screen(), /\$ sysctl kernel\.apparmor_restrict_unprivileged_userns/);
	terminal.keys('Enter');
	await terminal.waitFor(/`sysctl kernel\.apparmor_restrict_unprivileged_userns` exited with \d+/);
	terminal.keys('Right');
	await terminal.waitFor('Step 2 of');
	terminal.type('q');
	await terminal.waitForExit();
});

test('--read-only shows the command but offers no way to run it', {skip: !hasTmux && 'tmux is not installed', timeout: 90_000}, async (t) => {
	ensureBuilt();
	const sim = await startTestSim(t);
	const terminal = openTerminal({columns: 120, rows: 40, args: ['--kubeconfig', sim.kubeconfigPath, '--context', 'kind-sim', '--read-only'], env: {HOME: isolatedHome(t)}});
	t.after(() => terminal.close());
	await terminal.waitFor(/control-plane.*likely blocked/);
	terminal.type('f');
	const screen = await terminal.waitFor('--read-only: prg-doctor runs nothing');
	assert.doesNotMatch(screen, /x run the command/);
	terminal.type('x');
	terminal.keys('Right');
	await terminal.waitFor('Step 2 of');
	assert.doesNotMatch(terminal.screen(), /Run this command/);
	terminal.type('q');
	await terminal.waitForExit();
});
