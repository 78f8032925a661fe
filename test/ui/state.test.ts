import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createReducer, initialState} from '../../source/ui/state.js';
import type {Action, State} from '../../source/ui/model.js';
import type {ProbeResult} from '../../source/domain/types.js';
import {readinessOf} from '../../source/ui/select.js';
import {bindingsFor} from '../../source/ui/keymap.js';
import {fixFor} from '../../source/domain/fixes/index.js';
import {catalog, contexts, eksView, failedResult, hostReport, kindView, okResult, runOf} from './fixtures.js';

const reduce = createReducer(catalog);
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const effects = (state: State, type: string) => state.outbox.filter((effect) => effect.type === type);
const start = () => initialState({contexts, readOnly: false});

function onEksPools(): State {
	return run(start(), {type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView});
}

test('the first state checks contexts in the background and shows them at once', () => {
	const state = start();
	assert.equal(state.screen.kind, 'contexts');
	assert.equal(state.contexts.length, 4);
	assert.equal(effects(state, 'check-contexts').length, 1);
});

test('--context opens on that context’s pools and loads it', () => {
	const state = initialState({contexts, readOnly: false, context: 'sim-openshift'});
	assert.deepEqual(state.screen, {kind: 'pools', context: 'sim-openshift'});
	assert.deepEqual(state.history, [{kind: 'contexts'}]);
	assert.equal(state.cursors.contexts, 1);
	assert.deepEqual(effects(state, 'load-cluster').map((effect) => effect.type === 'load-cluster' && effect.context), ['sim-openshift']);
});

test('navigation: contexts → pools → nodes → node and back, cursors clamp at the edges', () => {
	let state = onEksPools();
	assert.deepEqual(state.screen, {kind: 'pools', context: 'sim-eks'});
	state = run(state, {type: 'move-cursor', delta: -1});
	assert.equal(state.cursors['pools:sim-eks'] ?? 0, 0);
	state = run(state, {type: 'move-cursor', delta: 5});
	assert.equal(state.cursors['pools:sim-eks'], 1);
	state = run(state, {type: 'move-to-edge', edge: 'first'}, {type: 'open-selection'});
	assert.deepEqual(state.screen, {kind: 'nodes', context: 'sim-eks', pool: 'bottlerocket-ng'});
	state = run(state, {type: 'move-cursor', delta: 1}, {type: 'open-selection'});
	assert.deepEqual(state.screen, {kind: 'node', context: 'sim-eks', node: 'ip-10-0-1-12.ec2.internal'});
	state = run(state, {type: 'go-back'}, {type: 'go-back'}, {type: 'go-back'});
	assert.deepEqual(state.screen, {kind: 'contexts'});
	assert.equal(run(state, {type: 'go-back'}), state, 'back on the first screen changes nothing');
});

test('impossible steps return the very same state', () => {
	const state = start();
	for (const action of [{type: 'next-step'}, {type: 'verify-fix'}, {type: 'confirm-stop'}, {type: 'submit-confirmation'}, {type: 'keep-filter'}, {type: 'request-stop'}] as Action[]) {
		assert.equal(reduce(state, action), state, action.type);
	}
	const stale = reduce(state, {type: 'probe-finished', context: 'sim-eks', session: 99, run: runOf([]), at: 1});
	assert.equal(stale, state);
});

test('a context that cannot load shows its problem and the rest keeps working', () => {
	let state = run(start(), {type: 'move-to-edge', edge: 'last'}, {type: 'open-selection'});
	state = reduce(state, {type: 'cluster-failed', context: 'prod-dead', problem: {message: 'cannot reach https://10.0.0.1:6443', hint: 'check the VPN'}});
	assert.equal(state.clusters['prod-dead']?.status, 'failed');
	state = run(state, {type: 'go-back'}, {type: 'move-to-edge', edge: 'first'}, {type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView});
	assert.equal(state.clusters['sim-eks']?.status, 'loaded');
});

test('filter: typing narrows, Enter keeps it with the first match selected, Esc clears it', () => {
	let state = run(start(), {type: 'move-cursor', delta: 2}, {type: 'start-filter'}, {type: 'type-filter', text: 's'}, {type: 'type-filter', text: 'im-o'});
	assert.equal(state.filters.contexts, 'sim-o');
	state = reduce(state, {type: 'keep-filter'});
	assert.equal(state.isFiltering, false);
	assert.equal(state.cursors.contexts, 0);
	state = reduce(state, {type: 'open-selection'});
	assert.deepEqual(state.screen, {kind: 'pools', context: 'sim-openshift'});
	state = run(state, {type: 'go-back'}, {type: 'clear-filter'});
	assert.equal(state.filters.contexts, '');
});

test('probing a pool: pending → running → results, readiness per pool, summary kept', () => {
	let state = run(onEksPools(), {type: 'probe-selection'});
	const probe = effects(state, 'probe')[0];
	assert.ok(probe?.type === 'probe');
	assert.deepEqual(probe.nodes.map((node) => node.name), eksView.pools[0]!.nodes.map((node) => node.name));
	const session = probe.session;
	const names = probe.nodes.map((node) => node.name);
	assert.equal(state.probes['sim-eks']?.nodes[names[0]!]?.status, 'pending');
	state = reduce(state, {type: 'probe-progressed', context: 'sim-eks', session, at: 1000, events: [
		{type: 'planned', runId: 'r1x2y3', nodes: names.map((node) => ({node, pool: 'bottlerocket-ng'}))},
		{type: 'node', node: names[0]!, status: 'running', startedAt: 1000, result: null},
	]});
	assert.equal(state.probes['sim-eks']?.nodes[names[0]!]?.status, 'running');
	assert.equal(state.probes['sim-eks']?.session?.runId, 'r1x2y3');
	state = reduce(state, {type: 'probe-progressed', context: 'sim-eks', session, at: 3000, events: [
		{type: 'node', node: names[0]!, status: 'failed', startedAt: 1000, result: failedResult(names[0]!)},
	]});
	const pool = eksView.pools[0]!;
	assert.deepEqual(readinessOf(state, 'sim-eks', pool.nodes), {total: 3, probed: 1, ready: 0, running: 2, blocked: 1, gate: 'userns-limit'});
	assert.equal(reduce(state, {type: 'probe-selection'}).probes, state.probes, 'a second run on the same context waits');
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 5000, run: runOf(names.map(failedResult))});
	assert.deepEqual(readinessOf(state, 'sim-eks', pool.nodes), {total: 3, probed: 3, ready: 0, running: 0, blocked: 3, gate: 'userns-limit'});
	assert.equal(state.probes['sim-eks']?.session?.active, false);
	assert.equal(state.probes['sim-eks']?.session?.run?.summary.failed, 3);
});

test('Esc during a run asks first; stopping aborts and restores nodes the run never reached', () => {
	let state = run(onEksPools(), {type: 'move-cursor', delta: 1}, {type: 'open-selection'}, {type: 'probe-everything'});
	const session = state.probes['sim-eks']!.session!.id;
	state = reduce(state, {type: 'request-stop'});
	assert.deepEqual(state.dialog, {kind: 'confirm-stop', contexts: ['sim-eks'], then: 'stay'});
	assert.equal(effects(state, 'stop-probe').length, 0, 'nothing stops on a single key');
	state = reduce(state, {type: 'confirm-stop'});
	assert.equal(state.dialog, null);
	assert.equal(effects(state, 'stop-probe').length, 1);
	assert.equal(state.probes['sim-eks']?.session?.stopping, true);
	state = reduce(state, {type: 'probe-failed', context: 'sim-eks', session, problem: {message: 'aborted', hint: null}, aborted: true, at: 9});
	assert.equal(state.probes['sim-eks']?.session?.stopped, true);
	assert.deepEqual(state.probes['sim-eks']?.nodes, {}, 'no node keeps a pending status');
	assert.deepEqual(state.screen, {kind: 'nodes', context: 'sim-eks', pool: 'al2023-ng'});
});

test('q during a run asks, then stops and quits', () => {
	let state = run(onEksPools(), {type: 'probe-selection'}, {type: 'request-quit'});
	assert.equal(state.dialog?.kind, 'confirm-stop');
	assert.equal(effects(state, 'quit').length, 0);
	state = reduce(state, {type: 'confirm-stop'});
	assert.equal(state.isQuitting, true);
	assert.equal(effects(state, 'stop-probe').length, 1);
	assert.equal(effects(state, 'quit').length, 1);
	assert.equal(reduce(state, {type: 'open-selection'}), state, 'keys do nothing while quitting');
	assert.equal(effects(run(start(), {type: 'request-quit'}), 'quit').length, 1, 'without a run q quits at once');
});

test('p on a context not loaded yet loads it, then probes every node', () => {
	let state = reduce(start(), {type: 'probe-selection'});
	assert.deepEqual(state.clusters['sim-eks'], {status: 'loading', probeAfterLoad: true, view: null});
	state = reduce(state, {type: 'cluster-loaded', context: 'sim-eks', view: eksView});
	const probe = effects(state, 'probe')[0];
	assert.ok(probe?.type === 'probe');
	assert.equal(probe.nodes.length, 5);
});

test('p on an unreachable context says why instead of trying', () => {
	let state = reduce(start(), {type: 'context-checked', entry: {...contexts[3]!, reachable: false, error: 'cannot reach https://10.0.0.1:6443 — check the VPN'}});
	state = run(state, {type: 'move-to-edge', edge: 'last'}, {type: 'probe-selection'});
	assert.equal(effects(state, 'load-cluster').length, 0);
	assert.match(state.notice?.text ?? '', /unreachable: cannot reach/);
});

test('fix walkthrough: predicted-blocked pool opens its fix, steps are bounded, copy and write ask for effects', () => {
	let state = reduce(onEksPools(), {type: 'open-fix'});
	assert.equal(state.screen.kind, 'fix');
	state = reduce(state, {type: 'copy-current'});
	const copy = effects(state, 'copy')[0];
	assert.ok(copy?.type === 'copy');
	assert.match(copy.text, /'user\.max_user_namespaces' = '15000'/);
	state = reduce(state, {type: 'write-snippet'});
	const write = effects(state, 'write-file')[0];
	assert.ok(write?.type === 'write-file');
	assert.equal(write.name, 'prg-doctor-bottlerocket-sysctl-step-1.toml');
	assert.equal(reduce(state, {type: 'previous-step'}), state);
	state = run(state, {type: 'next-step'}, {type: 'next-step'}, {type: 'next-step'});
	assert.ok(state.screen.kind === 'fix' && state.screen.step === 2, 'the verify step follows the last fix step');
	state = reduce(state, {type: 'open-selection'});
	assert.ok(state.screen.kind === 'fix' && state.screen.verifySession !== null);
	const probe = effects(state, 'probe')[0];
	assert.ok(probe?.type === 'probe' && probe.nodes.length === 3);
	const session = state.probes['sim-eks']!.session!;
	assert.equal(session.previous['ip-10-0-1-11.ec2.internal'], null, 'before: not probed');
});

test('a pool that is not blocked has nothing to fix', () => {
	const state = run(onEksPools(), {type: 'move-cursor', delta: 1}, {type: 'open-fix'});
	assert.equal(state.screen.kind, 'pools');
	assert.match(state.notice?.text ?? '', /Nothing to fix/);
});

function onHostFix(readOnly: boolean): State {
	let state = initialState({contexts, readOnly, context: 'kind-sim'});
	assert.equal(effects(state, 'check-host').length, 1, 'a local context checks its host');
	state = run(state, {type: 'cluster-loaded', context: 'kind-sim', view: kindView}, {type: 'host-checked', report: hostReport}, {type: 'open-host-check'});
	assert.deepEqual(state.screen, {kind: 'host', context: 'kind-sim'});
	return reduce(state, {type: 'open-fix'});
}

test('a local command runs only after typing the word; read-only offers none', () => {
	let state = onHostFix(false);
	assert.ok(state.screen.kind === 'fix' && state.screen.verify.host && state.screen.verify.nodes.length === 1);
	state = reduce(state, {type: 'request-run-command'});
	assert.equal(state.dialog?.kind, 'confirm-run');
	state = run(state, {type: 'type-confirmation', text: 'y'}, {type: 'submit-confirmation'});
	assert.equal(effects(state, 'run-command').length, 0, '“y” is not “yes” for a command that changes the machine');
	assert.equal(state.dialog?.kind, 'confirm-run');
	state = run(state, {type: 'type-confirmation', text: 'yes'}, {type: 'submit-confirmation'});
	const command = effects(state, 'run-command')[0];
	assert.ok(command?.type === 'run-command');
	assert.deepEqual(command.command.argv, ['sudo', 'sysctl', 'kernel.apparmor_restrict_unprivileged_userns=0']);
	state = run(state, {type: 'command-started'}, {type: 'command-finished', outcome: {run: command.command.run, code: 0, problem: null}});
	assert.equal(state.lastCommand?.code, 0);
	const readOnly = onHostFix(true);
	assert.equal(reduce(readOnly, {type: 'request-run-command'}), readOnly);
});

test('--read-only: w writes no file (it says so; c still copies), and the key is not offered', () => {
	let state = run(initialState({contexts, readOnly: true}), {type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView}, {type: 'open-fix'});
	assert.equal(state.screen.kind, 'fix');
	assert.equal(bindingsFor(state, {pageRows: 10}).some((binding) => binding.label === 'w'), false);
	state = reduce(state, {type: 'write-snippet'});
	assert.equal(effects(state, 'write-file').length, 0);
	assert.match(state.notice?.text ?? '', /--read-only: prg-doctor writes no files\. c copies/);
	assert.equal(effects(reduce(state, {type: 'copy-current'}), 'copy').length, 1);
	assert.equal(bindingsFor(reduce(onEksPools(), {type: 'open-fix'}), {pageRows: 10}).some((binding) => binding.label === 'w'), true);
});

test('verifying a host fix re-runs the host check and re-probes the local cluster', () => {
	const state = run(onHostFix(false), {type: 'next-step'}, {type: 'next-step'}, {type: 'verify-fix'});
	assert.equal(effects(state, 'check-host').length, 2);
	assert.equal(effects(state, 'probe').length, 1);
});

test('effects-taken empties the outbox of exactly those effects', () => {
	const state = onEksPools();
	const ids = state.outbox.map((effect) => effect.id);
	assert.ok(ids.length >= 2);
	assert.deepEqual(reduce(state, {type: 'effects-taken', ids: ids.slice(0, 1)}).outbox.map((effect) => effect.id), ids.slice(1));
});

test('a key dismisses the notice, a message does not', () => {
	const state = run(onEksPools(), {type: 'move-cursor', delta: 1}, {type: 'open-fix'});
	assert.ok(state.notice !== null);
	assert.ok(reduce(state, {type: 'context-checked', entry: contexts[0]!}).notice !== null);
	assert.equal(reduce(state, {type: 'move-cursor', delta: -1}).notice, null);
});

test('refresh reloads the cluster but keeps its rows on screen meanwhile', () => {
	const state = reduce(onEksPools(), {type: 'refresh'});
	const load = state.clusters['sim-eks'];
	assert.ok(load?.status === 'loading' && load.view === eksView);
});

test('ok results count as ready', () => {
	let state = run(onEksPools(), {type: 'move-cursor', delta: 1}, {type: 'probe-selection'});
	const session = state.probes['sim-eks']!.session!.id;
	const nodes = eksView.pools[1]!.nodes;
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 1, run: runOf(nodes.map((node) => okResult(node.name)))});
	assert.equal(readinessOf(state, 'sim-eks', nodes).ready, 2);
});

test('Ctrl-C stops every run and quits without asking, and says it was interrupted', () => {
	const state = run(onEksPools(), {type: 'probe-everything'}, {type: 'interrupt'});
	assert.equal(state.dialog, null);
	assert.equal(state.isQuitting, true);
	assert.equal(state.wasInterrupted, true);
	assert.equal(effects(state, 'stop-probe').length, 1);
	assert.equal(effects(state, 'quit').length, 1);
	assert.equal(run(onEksPools(), {type: 'request-quit'}).wasInterrupted, false);
});

test('on a local cluster whose nodes show no gate yet, f walks the host’s fix when the host check found one', () => {
	const unknown = {status: 'unknown' as const, gate: null, reason: 'kind inherits the host kernel'};
	const pool = kindView.pools[0]!;
	const view = {...kindView, pools: [{...pool, prediction: unknown, nodes: pool.nodes.map((node) => ({...node, prediction: unknown}))}]};
	let state = run(initialState({contexts, readOnly: false, context: 'kind-sim'}), {type: 'cluster-loaded', context: 'kind-sim', view});
	assert.match(reduce(state, {type: 'open-fix'}).notice?.text ?? '', /Nothing to fix/, 'without a host gate there is nothing to fix');
	state = run(state, {type: 'host-checked', report: hostReport}, {type: 'open-fix'});
	assert.ok(state.screen.kind === 'fix');
	assert.equal(state.screen.fix.id, 'host-apparmor-sysctl');
	assert.deepEqual(state.screen.verify, {context: 'kind-sim', nodes: ['kind-sim-control-plane'], host: true});
});

test('f on a node whose probe ended without a verdict says why there is nothing to fix yet', () => {
	let state = run(onEksPools(), {type: 'move-cursor', delta: 1}, {type: 'open-selection'}, {type: 'open-selection'});
	assert.equal(state.screen.kind, 'node');
	const node = state.screen.kind === 'node' ? state.screen.node : '';
	state = reduce(state, {type: 'probe-selection'});
	const session = state.probes['sim-eks']!.session!.id;
	const reason = 'image-pull: ErrImagePull: pull access denied — the node could not pull alpine:3.19: pass --image with a copy it can reach (a registry mirror), or --image-pull-secret NAME for a private registry';
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 9, run: runOf([{...okResult(node), status: 'error', gate: null, reason, output: null}])});
	state = reduce(state, {type: 'open-fix'});
	assert.equal(state.screen.kind, 'node');
	assert.equal(state.notice?.text, `No verdict to fix yet: the probe on ${node} ended in error: ${reason}`);
});

test('p, P and f on a context whose nodes could not be listed say why instead of doing nothing', () => {
	const problem = {message: 'context sim-eks may not list nodes (RBAC)', hint: 'bind the ClusterRole from the README'};
	const state = run(start(), {type: 'open-selection'}, {type: 'cluster-failed', context: 'sim-eks', problem});
	assert.equal(state.clusters['sim-eks']?.status, 'failed');
	for (const action of [{type: 'probe-selection'}, {type: 'probe-everything'}, {type: 'open-fix'}] as Action[]) {
		const next = reduce(state, action);
		assert.equal(next.notice?.text, 'Nothing to act on: the nodes of sim-eks could not be listed (context sim-eks may not list nodes (RBAC)). r tries again.', action.type);
		assert.equal(effects(next, 'probe').length, 0);
	}
});

test('a local context whose nodes run in a VM (minikube-vm) never walks this machine’s fix or re-checks it', () => {
	const unknown = {status: 'unknown' as const, gate: null, reason: 'no gate known'};
	const pool = kindView.pools[0]!;
	const vmPool = {...pool, environment: 'minikube-vm' as const, prediction: unknown, nodes: pool.nodes.map((node) => ({...node, environment: 'minikube-vm' as const, prediction: unknown}))};
	// The kubeconfig made it look like kind on this host (a loopback server); its nodes say VM.
	let state = run(initialState({contexts, readOnly: false, context: 'kind-sim'}), {type: 'cluster-loaded', context: 'kind-sim', view: {...kindView, pools: [vmPool]}}, {type: 'host-checked', report: hostReport});
	state = reduce(state, {type: 'open-fix'});
	assert.notEqual(state.screen.kind, 'fix');
	assert.match(state.notice?.text ?? '', /Nothing to fix/);
});

test('a fix opened from a node names its pool, node and context in place of <pool> and <node>', () => {
	const real = createReducer({fixFor});
	let state = [{type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView}, {type: 'open-selection'}, {type: 'move-cursor', delta: 1}, {type: 'open-selection'}, {type: 'open-fix'}].reduce(real as never, start()) as State;
	assert.ok(state.screen.kind === 'fix');
	const text = JSON.stringify(state.screen.fix);
	assert.doesNotMatch(text, /<pool>|<node>/);
	assert.ok(state.screen.fix.steps.some((step) => step.snippet?.content.includes('- name: bottlerocket-ng-userns')), 'the eksctl node group is named for the pool');
	assert.match(state.screen.fix.verify, /prg-doctor probe --context sim-eks --pool bottlerocket-ng/);
	// From the pools screen, the node named is one the probe found blocked.
	state = run(onEksPools(), {type: 'probe-selection'});
	const session = state.probes['sim-eks']!.session!.id;
	const [first, second, third] = eksView.pools[0]!.nodes.map((node) => node.name);
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 1, run: runOf([{...failedResult(first!), status: 'ok', gate: 'none'}, failedResult(second!), failedResult(third!)])});
	const fromPool = real(state, {type: 'open-fix'});
	assert.ok(fromPool.screen.kind === 'fix');
	assert.doesNotMatch(JSON.stringify(fromPool.screen.fix), /<pool>|<node>/);
	assert.match(fromPool.screen.fix.verify, /--pool bottlerocket-ng/);
});

test('a host fix opened from one node of a local cluster verifies on every node of it', () => {
	const workers = ['kind-sim-worker', 'kind-sim-worker2'].map((name) => ({...kindView.pools[0]!.nodes[0]!, name, pool: 'worker', taints: []}));
	const view = {...kindView, pools: [...kindView.pools, {...kindView.pools[0]!, name: 'worker', size: 2, nodes: workers}]};
	let state = run(initialState({contexts, readOnly: false, context: 'kind-sim'}), {type: 'cluster-loaded', context: 'kind-sim', view}, {type: 'move-cursor', delta: 1}, {type: 'open-selection'});
	assert.deepEqual(state.screen, {kind: 'nodes', context: 'kind-sim', pool: 'worker'});
	state = reduce(state, {type: 'open-fix'});
	assert.ok(state.screen.kind === 'fix');
	assert.equal(state.screen.fix.id, 'host-apparmor-sysctl');
	assert.deepEqual(state.screen.verify, {context: 'kind-sim', nodes: ['kind-sim-control-plane', 'kind-sim-worker', 'kind-sim-worker2'], host: true});
	state = run(state, {type: 'next-step'}, {type: 'next-step'}, {type: 'verify-fix'});
	const probe = effects(state, 'probe')[0];
	assert.ok(probe?.type === 'probe');
	assert.equal(probe.nodes.length, 3);
	// A fix for the nodes themselves (not this machine) still verifies where it was opened.
	const eks = run(onEksPools(), {type: 'open-selection'}, {type: 'open-fix'});
	assert.ok(eks.screen.kind === 'fix');
	assert.deepEqual(eks.screen.verify.nodes, ['ip-10-0-1-11.ec2.internal']);
});

test('stopping a run keeps earlier results for the nodes it never got to; skipped nodes are not counted as not ready', () => {
	const skipped = (node: string, pool: string): ProbeResult => ({
		node, pool, environment: pool === 'al2023-ng' ? 'eks-al2023' : 'eks-bottlerocket', status: 'skipped', gate: null, fix: null,
		reason: 'the run was stopped before this node was probed', output: null, pod: null, durationMs: null,
	});
	const [br1, br2, br3] = eksView.pools[0]!.nodes.map((node) => node.name) as [string, string, string];
	const al = eksView.pools[1]!.nodes;
	let state = run(onEksPools(), {type: 'probe-everything'});
	let session = state.probes['sim-eks']!.session!.id;
	const first = [failedResult(br1), failedResult(br2), failedResult(br3), ...al.map((node) => okResult(node.name))];
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 10, run: runOf(first)});
	assert.equal(readinessOf(state, 'sim-eks', al).ready, 2);

	// The second run probes one node, is stopped while on another, and never reaches the rest.
	state = reduce(state, {type: 'probe-everything'});
	session = state.probes['sim-eks']!.session!.id;
	state = reduce(state, {type: 'probe-progressed', context: 'sim-eks', session, at: 20, events: [
		{type: 'node', node: br1, status: 'running', startedAt: 20, result: null},
		{type: 'node', node: br2, status: 'running', startedAt: 20, result: null},
		{type: 'node', node: br1, status: 'failed', startedAt: 20, result: failedResult(br1)},
	]});
	state = run(state, {type: 'request-stop'}, {type: 'confirm-stop'});
	const second = [failedResult(br1), {...skipped(br2, 'bottlerocket-ng'), reason: 'the run was stopped while this node was being probed'}, skipped(br3, 'bottlerocket-ng'), ...al.map((node) => skipped(node.name, 'al2023-ng'))];
	state = reduce(state, {type: 'probe-progressed', context: 'sim-eks', session, at: 30, events: second.slice(1).map((result) => ({type: 'node' as const, node: result.node, status: result.status, startedAt: null, result}))});
	assert.equal(state.probes['sim-eks']?.nodes[al[0]!.name]?.status, 'ok', 'no node reads skipped while the pods are deleted');
	assert.deepEqual(readinessOf(state, 'sim-eks', al), {total: 2, probed: 2, ready: 2, running: 0, blocked: 0, gate: null});
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 40, run: runOf(second)});
	assert.equal(state.probes['sim-eks']?.session?.stopped, true);
	assert.deepEqual(readinessOf(state, 'sim-eks', al), {total: 2, probed: 2, ready: 2, running: 0, blocked: 0, gate: null});
	assert.deepEqual(state.probes['sim-eks']?.nodes[al[1]!.name]?.result, okResult(al[1]!.name));
	assert.equal(state.probes['sim-eks']?.nodes[br2]?.status, 'failed', 'the node it was stopped on keeps its earlier result');
	assert.equal(state.probes['sim-eks']?.nodes[br1]?.finishedAt, 20, 'the node it did probe shows this run’s result');

	// Without an earlier result a skipped node reads not probed, and counts neither way.
	let fresh = run(onEksPools(), {type: 'move-cursor', delta: 1}, {type: 'probe-selection'});
	const id = fresh.probes['sim-eks']!.session!.id;
	fresh = run(fresh, {type: 'request-stop'}, {type: 'confirm-stop'}, {type: 'probe-finished', context: 'sim-eks', session: id, at: 5, run: runOf([okResult(al[0]!.name), skipped(al[1]!.name, 'al2023-ng')])});
	assert.equal(fresh.probes['sim-eks']?.nodes[al[1]!.name], undefined);
	assert.deepEqual(readinessOf(fresh, 'sim-eks', al), {total: 2, probed: 1, ready: 1, running: 0, blocked: 0, gate: null});
	const kept = {...fresh, probes: {'sim-eks': {...fresh.probes['sim-eks']!, nodes: {...fresh.probes['sim-eks']!.nodes, [al[1]!.name]: {status: 'skipped' as const, startedAt: null, finishedAt: 5, result: skipped(al[1]!.name, 'al2023-ng')}}}}};
	assert.deepEqual(readinessOf(kept, 'sim-eks', al), {total: 2, probed: 1, ready: 1, running: 0, blocked: 0, gate: null}, 'a skipped node is not a probed one');
});
