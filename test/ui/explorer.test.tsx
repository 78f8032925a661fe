import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {Explorer} from '../../source/ui/explorer.js';
import {initialState} from '../../source/ui/state.js';
import {Tasks} from '../../source/ui/tasks.js';
import {frameOf, keys, press, resize, waitForFrame} from '../helpers/ink.js';
import {catalog, contexts} from './fixtures.js';
import {fakeServices, type Fake} from './fake-services.js';
import {fixFor} from '../../source/domain/fixes/index.js';
import type {Catalog} from '../../source/ui/model.js';
import {KubeError} from '../../source/errors.js';

function mount(options: {context?: string; readOnly?: boolean; isColor?: boolean; services?: Fake; banner?: string; catalog?: Catalog} = {}) {
	const services = options.services ?? fakeServices();
	const tasks = new Tasks(new AbortController().signal);
	let exited = false;
	const instance = render(
		<Explorer
			initial={initialState({contexts, readOnly: options.readOnly ?? false, context: options.context ?? null})}
			services={services}
			catalog={options.catalog ?? catalog}
			tasks={tasks}
			isColor={options.isColor ?? true}
			banner={options.banner ?? null}
			onExit={() => {
				exited = true;
			}}
		/>,
	);
	return {instance, services, tasks, hasExited: () => exited};
}

test('contexts show at once; reachability arrives; a dead context shows its cause and next step', async (t) => {
	const {instance} = mount();
	t.after(() => instance.unmount());
	let frame = await waitForFrame(instance, '✓ v1.30.2-eks');
	assert.match(frame, /sim-openshift/);
	assert.match(frame, /kind-sim\s.*kind/);
	frame = await press(instance, 'G', 'next: check the VPN');
	assert.match(frame, /✗ prod-dead: cannot reach https:\/\/10\.0\.0\.1:6443/);
	assert.match(frame, /↵ open/);
});

test('pools: prediction labelled as such, probing a pool moves rows from running to results', async (t) => {
	const {instance, services} = mount();
	t.after(() => instance.unmount());
	let frame = await press(instance, keys.enter, 'bottlerocket-ng');
	assert.match(frame, /prg-doctor › sim-eks/);
	assert.match(frame, /bottlerocket-ng\s+not probed\s+~ likely blocked\s+~userns-limit/);
	assert.doesNotMatch(frame, /✗ failed/, 'no result before a probe');
	frame = await press(instance, 'p', '↻ Probing 3 nodes (run r1x2y3)');
	assert.match(frame, /3 probing/);
	assert.equal(services.runs[0]?.nodes.length, 3);
	services.runs[0]!.release();
	frame = await waitForFrame(instance, 'Last run');
	assert.match(frame, /bottlerocket-ng\s+0\/3 ready .*userns-limit/);
	assert.match(frame, /Last run r1x2y3: 3 probed .* 3 failed \(blocked\)/);
	assert.match(frame, /probe pods deleted/);
});

test('nodes → node: probe output, evidence, the gate in plain words; f opens the fix; c copies the TOML', async (t) => {
	const {instance, services} = mount({context: 'sim-eks'});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	await press(instance, keys.enter, 'ip-10-0-1-11.ec2.internal');
	await press(instance, 'p', '↻ running');
	services.runs[0]!.release();
	await waitForFrame(instance, /✗ failed/);
	let frame = await press(instance, keys.enter, 'Evidence the probe printed');
	assert.match(frame, /Gate userns-limit: User namespaces capped at 0/);
	assert.match(frame, /max_user_namespaces\s+0/);
	frame = await press(instance, 'f', 'Fix bottlerocket-sysctl');
	assert.match(frame, /'user\.max_user_namespaces' = '15000'/);
	await press(instance, 'c', 'Copied the toml snippet');
	assert.deepEqual(services.copies, ["[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'"]);
	await press(instance, 'w', 'Wrote /tmp/prg-doctor-bottlerocket-sysctl-step-1.toml');
	await press(instance, keys.right, 'Step 2 of 2');
	frame = await press(instance, keys.right, 'Verify:');
	assert.match(frame, /re-probes 1 node of sim-eks/);
	await press(instance, keys.enter, '↻ running');
	services.runs[1]!.release();
	frame = await waitForFrame(instance, /✗ failed\s+│\s+✗ failed/);
	assert.match(frame, /node\s+│\s+before\s+│\s+after/);
	await press(instance, keys.left, 'Step 2 of 2');
	await press(instance, keys.escape, 'Evidence the probe printed');
});

test('Esc during a run asks first; y stops it and the pods are cleaned up', async (t) => {
	const {instance, services} = mount({context: 'sim-eks'});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	await press(instance, 'P', 'Probing 5 nodes (run r1x2y3)');
	const frame = await press(instance, keys.escape, 'Stop probing?');
	assert.match(frame, /deletes its probe pods/);
	assert.equal(services.runs[0]!.signal.aborted, false);
	await press(instance, 'y', 'stopped · probe pods deleted');
	assert.equal(services.runs[0]!.signal.aborted, true);
	assert.match(frameOf(instance), /bottlerocket-ng\s+not probed/);
});

test('q during a run asks, then stops, waits for cleanup and exits', async (t) => {
	const {instance, services, hasExited} = mount({context: 'sim-eks'});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	await press(instance, 'p', 'Probing 3 nodes (run r1x2y3)');
	await press(instance, 'q', 'Quit while probing?');
	await press(instance, 'y', 'Quitting');
	const deadline = Date.now() + 2000;
	while (!hasExited() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
	assert.equal(hasExited(), true);
	assert.equal(services.runs[0]!.signal.aborted, true);
});

test('? lists every key of the screen underneath', async (t) => {
	const {instance} = mount({context: 'sim-eks'});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	const frame = await press(instance, '?', 'Keys on this screen');
	for (const text of ['probe pool', 'probe all nodes', 'fix', 'filter', 'copy', 'refresh', 'quit', 'PgUp/PgDn', '↑/k', '↓/j']) assert.ok(frame.includes(text), text);
	await press(instance, keys.escape, (now) => !now.includes('Keys on this screen'));
});

test('a context that cannot load shows the cause and the next step in place', async (t) => {
	const {instance} = mount();
	t.after(() => instance.unmount());
	await waitForFrame(instance, '✓ v1.30.2-eks');
	await press(instance, 'j', '› ');
	await press(instance, keys.enter, 'Cannot list the nodes of sim-openshift');
	assert.match(frameOf(instance), /next: check the VPN/);
	await press(instance, keys.escape, 'REACHABLE');
});

test('80x24: every line fits, the frame is shorter than the terminal, less important columns drop', async (t) => {
	const {instance} = mount({context: 'sim-eks', banner: 'DEMO · simulated clusters'});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	await press(instance, keys.enter, 'ip-10-0-1-11');
	resize(instance, 200, 60);
	let frame = await waitForFrame(instance, 'RUNTIME');
	assert.match(frame, /containerd:\/\/1\.6\.23\+bottlerocket/);
	resize(instance, 80, 24);
	frame = await waitForFrame(instance, (now) => !now.includes('RUNTIME'));
	const lines = frame.split('\n');
	assert.ok(lines.length <= 23, `${lines.length} lines`);
	for (const line of lines) assert.ok(line.length <= 80, `too wide (${line.length}): ${line}`);
	assert.match(frame, /NODE\s+PROBE\s+GATE/);
	assert.match(frame, /DEMO/);
	assert.match(frame, /~userns-limit \(predicted\)/);
});

test('without colour every status keeps its words and symbols', async (t) => {
	const {instance, services} = mount({context: 'sim-eks', isColor: false});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	await press(instance, 'p', 'Probing 3 nodes (run r1x2y3)');
	services.runs[0]!.release();
	await waitForFrame(instance, 'Last run');
	const raw = instance.lastFrame() ?? '';
	assert.doesNotMatch(raw, /\x1b\[(3[0-7]|9[0-7]|38;)/, 'no foreground colour codes');
	assert.match(frameOf(instance), /~ likely blocked/);
});

test('read-only: the host fix shows the command but offers no way to run it', async (t) => {
	const {instance} = mount({context: 'kind-sim', readOnly: true});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'Host check: blocked by apparmor-userns');
	await press(instance, 'h', 'kernel.apparmor_restrict_unprivileged_userns');
	const frame = await press(instance, 'f', 'Command: sudo sysctl');
	assert.match(frame, /--read-only: prg-doctor runs nothing/);
	assert.doesNotMatch(frame, /x run the command/);
	await press(instance, 'x', (now) => !now.includes('Run this command'));
});

test('a local command runs only after typing yes', async (t) => {
	const {instance, services} = mount({context: 'kind-sim'});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'Host check: blocked');
	await press(instance, 'h', 'unshare -Ur');
	await press(instance, 'f', 'x run the command');
	await press(instance, 'x', 'Type yes and press Enter');
	await press(instance, 'y', /Enter to run it, Esc to cancel: y/);
	await press(instance, keys.enter, 'Not run. Type yes exactly');
	assert.equal(services.commands.length, 0);
	await press(instance, 'yes', ': yes');
	await press(instance, keys.enter, 'exited with 0');
	assert.deepEqual(services.commands.map((command) => command.run), ['sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0']);
});

test('with the real fix catalog: the Bottlerocket pool’s fix, its variants step by step, copied without a trailing newline', async (t) => {
	const {instance, services} = mount({context: 'sim-eks', catalog: {fixFor}});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	let frame = await press(instance, 'f', "'user.max_user_namespaces' = '15000'");
	assert.match(frame, /invalid type: map, expected a string/);
	await press(instance, 'c', 'Copied the toml snippet');
	assert.deepEqual(services.copies, ["[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'"]);
	frame = await press(instance, keys.right, 'eksctl');
	frame = await press(instance, keys.right, 'EC2NodeClass');
	frame = await press(instance, keys.right, 'apiclient set');
	frame = await press(instance, keys.right, 'Verify:');
	assert.match(frame, /re-probes 3 nodes of sim-eks/);
});

test('read-only: a snippet can be copied but not written to a file, and the screen does not offer it', async (t) => {
	const {instance, services} = mount({context: 'sim-eks', readOnly: true, catalog: {fixFor}});
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'bottlerocket-ng');
	const frame = await press(instance, 'f', "'user.max_user_namespaces' = '15000'");
	assert.match(frame, /│ toml — c copies it +│/);
	assert.doesNotMatch(frame, /w writes|w write to a file/);
	// w is not bound here; c after it proves the key was handled (keys are taken in order).
	instance.stdin.write('w');
	await press(instance, 'c', 'Copied the toml snippet');
	assert.deepEqual(services.files, []);
});

test('contexts: a context whose probe was refused reads “✗ could not probe” in its row, at 80 columns too', async (t) => {
	const services = fakeServices();
	const {instance} = mount({services: {...services, runProbes: async () => {
		throw new KubeError('forbidden', 'context sim-eks may not create pods in namespace default (RBAC)', 'ask an admin to bind the Role "prg-doctor-probe" from the README in that namespace, or pick another with -n', 403);
	}}});
	t.after(() => instance.unmount());
	await waitForFrame(instance, '✓ v1.30.2-eks');
	resize(instance, 80, 24);
	const frame = await press(instance, 'P', '✗ could not probe');
	assert.match(frame, /sim-eks\s+✓ v1\.30\.2-eks\S*\s+✗ could not probe/);
	assert.match(frame, /may not create pods/);
});

test('a terminal under 60x15 gets one line saying so, and the screen comes back when it grows', async (t) => {
	const {instance} = mount();
	t.after(() => instance.unmount());
	await waitForFrame(instance, 'sim-openshift');
	resize(instance, 40, 12);
	const small = await waitForFrame(instance, 'too small');
	assert.match(small.replace(/\n/g, ' '), /Terminal 40x12 is too small: enlarge it to 60x15 or more \(80x24 is best\) · q quits/);
	for (const line of small.split('\n')) assert.ok(line.length <= 40, line);
	resize(instance, 80, 24);
	await waitForFrame(instance, 'sim-openshift');
});

test('80x24: a node’s screen scrolls (j/k, G/g) to the end of the probe output and back, saying what is out of view', async (t) => {
	const {instance, services} = mount({context: 'sim-eks'});
	t.after(() => instance.unmount());
	resize(instance, 80, 24);
	await waitForFrame(instance, 'bottlerocket-ng');
	await press(instance, keys.enter, 'ip-10-0-1-11.ec2.internal');
	await press(instance, 'p', '↻ running');
	services.runs[0]!.release();
	await waitForFrame(instance, /✗ failed/);
	let frame = await press(instance, keys.enter, /more lines? below \(↓\/j scrolls, G to the end\)/);
	assert.doesNotMatch(frame, /^\s+FAILED$/m, 'the verdict line of the output is below the fold at first');
	assert.match(frame, /↑↓\/jk scroll/, 'the footer says the screen scrolls');
	frame = await press(instance, 'G', /^\s+FAILED$/m);
	assert.match(frame, /lines? above \(↑\/k scrolls, g to the top\)/);
	assert.doesNotMatch(frame, /below \(↓\/j/);
	for (const line of frame.split('\n')) assert.ok(line.length <= 80, line);
	frame = await press(instance, 'k', /lines? below/);
	frame = await press(instance, 'g', /ip-10-0-1-11\.ec2\.internal · pool/);
	assert.doesNotMatch(frame, /above \(↑\/k/);
});
