// The fix walkthrough in the reducer: which fix the selection needs, stepping through it, copying
// and writing its snippets, the type-to-confirm gate before a local command, and verification.
import type {EnvironmentId, Fix, Gate, NodeInfo} from '../domain/types.js';
import {localEnvironments} from '../domain/types.js';
import {sharesHostKernel} from '../domain/fixes/environment-words.js';
import {personalizeFix, type FixTarget} from '../domain/fixes/personalize.js';
import type {Catalog, Screen, State, Verification} from './model.js';
import {allNodes, contextEntry, findNode, findPool, nodeRows, poolRows, cursorOf, readinessOf} from './select.js';
import {emit, withNotice} from './state-effects.js';
import {startProbe} from './state-probe.js';

type Target = {
	readonly what: string;
	readonly gate: Gate | null;
	readonly environment: EnvironmentId | null;
	readonly verify: Verification;
	/** The names the fix's `<pool>`/`<node>` placeholders stand for here. */
	readonly names: FixTarget;
	readonly fix?: Fix | null;
};

function nodeGate(state: State, context: string, node: NodeInfo): Gate | null {
	const probe = state.probes[context]?.nodes[node.name];
	if (probe?.result !== null && probe?.result !== undefined) return probe.result.status === 'failed' ? probe.result.gate : null;
	return node.prediction.status === 'likely-blocked' ? node.prediction.gate : null;
}

/**
 * Whether this machine's kernel is the node's, so the host check and the host's fix concern it. A
 * node known to run in a VM (Minikube's VM drivers, Docker Desktop, …) has its own kernel, whatever
 * the kubeconfig's server address made the context look like.
 */
function isLocal(state: State, context: string, environment: EnvironmentId | null): boolean {
	if (environment !== null && localEnvironments.includes(environment)) return sharesHostKernel(environment);
	const local = contextEntry(state, context)?.local ?? null;
	return local !== null && sharesHostKernel(local);
}

function targetOf(state: State, screen: Screen): Target | null {
	switch (screen.kind) {
		case 'pools': {
			const pool = poolRows(state, screen.context)[cursorOf(state, screen)];
			if (pool === undefined) return null;
			const probed = readinessOf(state, screen.context, pool.nodes).gate;
			const gate = probed ?? (pool.prediction.status === 'likely-blocked' ? pool.prediction.gate : null);
			const host = isLocal(state, screen.context, pool.environment);
			// As `prg-doctor fix --pool` does: a node the probe found blocked names the pool best.
			const probes = state.probes[screen.context]?.nodes ?? {};
			const node = pool.nodes.find((candidate) => probes[candidate.name]?.status === 'failed') ?? pool.nodes[0];
			const names = {context: screen.context, pool: pool.name, ...(node === undefined ? {} : {node: node.name})};
			return {what: `pool ${pool.name}`, gate, environment: pool.environment, verify: {context: screen.context, nodes: pool.nodes.map((candidate) => candidate.name), host}, names};
		}
		case 'nodes':
		case 'node': {
			const node = screen.kind === 'node' ? findNode(state, screen.context, screen.node) : nodeRows(state, screen.context, screen.pool)[cursorOf(state, screen)];
			if (node === undefined || node === null) return null;
			const host = isLocal(state, screen.context, node.environment);
			const names = {context: screen.context, pool: node.pool, node: node.name};
			return {what: `node ${node.name}`, gate: nodeGate(state, screen.context, node), environment: node.environment, verify: {context: screen.context, nodes: [node.name], host}, names};
		}
		case 'host': {
			const report = state.host?.status === 'done' ? state.host.report : null;
			const environment = contextEntry(state, screen.context)?.local ?? null;
			const nodes = allNodes(state, screen.context).map((node) => node.name);
			return {what: 'this machine', gate: report?.gate ?? null, environment: report?.environment ?? environment, verify: {context: screen.context, nodes, host: true}, names: {context: screen.context}, fix: report?.fixPlan ?? null};
		}
		default:
			return null;
	}
}

/**
 * A local cluster's nodes run on this machine's kernel: when nothing blocks them yet (not probed,
 * no prediction) but the host check found a gate, the host's fix is the one to walk.
 */
function withHostGate(state: State, target: Target | null): Target | null {
	if (target === null || target.gate !== null || !target.verify.host) return target;
	const report = state.host?.status === 'done' ? state.host.report : null;
	if (report === null || report.gate === null || report.gate === 'none' || report.hostGatesApply === false) return target;
	return {...target, what: 'this machine', gate: report.gate, environment: report.environment ?? target.environment, fix: report.fixPlan};
}

/** On a node's screen: its last probe ended without a verdict (error, timeout), and why. */
function undecidedProbe(state: State): {node: string; status: string; reason: string} | null {
	const screen = state.screen;
	if (screen.kind !== 'node') return null;
	const result = state.probes[screen.context]?.nodes[screen.node]?.result ?? null;
	if (result === null || (result.status !== 'error' && result.status !== 'timeout')) return null;
	return {node: screen.node, status: result.status, reason: result.reason ?? 'no reason was given'};
}

export function openFix(state: State, catalog: Catalog): State {
	if (state.screen.kind === 'contexts') return withNotice(state, 'Open a context first: fixes are per pool or node.', 'info');
	const target = withHostGate(state, targetOf(state, state.screen));
	if (target === null) return state;
	if (target.gate === null || target.gate === 'none') {
		const undecided = undecidedProbe(state);
		if (undecided !== null) return withNotice(state, `No verdict to fix yet: the probe on ${undecided.node} ended in ${undecided.status}: ${undecided.reason}`, 'warn');
		return withNotice(state, `Nothing to fix: ${target.what} is not blocked (probe it with p to be sure).`, 'info');
	}
	let fix: Fix | null;
	try {
		fix = target.fix ?? catalog.fixFor(target.gate, target.environment);
	} catch {
		fix = null;
	}
	if (fix === null) return withNotice(state, `No fix is known for gate ${target.gate}.`, 'warn');
	const screen: Screen = {kind: 'fix', fix: personalizeFix(fix, target.names), step: 0, verify: verificationFor(state, target, fix), verifySession: null};
	return {...state, history: [...state.history, state.screen], screen, lastCommand: null};
}

/**
 * A fix that changes this machine (or the local cluster's VM) changes the kernel every node of the
 * local cluster runs on, so verifying it re-probes all of them, not just the pool or node it was
 * opened from.
 */
function verificationFor(state: State, target: Target, fix: Fix): Verification {
	const verify = target.verify;
	const changesHost = fix.steps.some((step) => step.command?.changesMachine === true);
	if (!verify.host || !changesHost) return verify;
	return {...verify, nodes: allNodes(state, verify.context).map((node) => node.name)};
}

export function stepBy(state: State, delta: number): State {
	const screen = state.screen;
	if (screen.kind !== 'fix') return state;
	const step = Math.max(0, Math.min(screen.step + delta, screen.fix.steps.length));
	if (step === screen.step) return state;
	return {...state, screen: {...screen, step}, lastCommand: null};
}

const extensions: Readonly<Record<string, string>> = {toml: 'toml', yaml: 'yaml', yml: 'yaml', json: 'json', sh: 'sh', bash: 'sh', shell: 'sh', te: 'te', ini: 'conf', conf: 'conf'};

export function writeSnippet(state: State): State {
	const screen = state.screen;
	if (screen.kind !== 'fix') return state;
	const step = screen.fix.steps[screen.step];
	if (step?.snippet === null || step?.snippet === undefined) return withNotice(state, 'This step has no snippet to write.', 'info');
	// A new file is still a change to this machine; the snippet can be copied instead.
	if (state.readOnly) return withNotice(state, '--read-only: prg-doctor writes no files. c copies the snippet.', 'info');
	const extension = extensions[step.snippet.language.toLowerCase()] ?? 'txt';
	return emit(state, {type: 'write-file', text: step.snippet.content, name: `prg-doctor-${screen.fix.id}-step-${screen.step + 1}.${extension}`});
}

export function requestRunCommand(state: State): State {
	const screen = state.screen;
	if (screen.kind !== 'fix' || state.readOnly || state.isRunningCommand) return state;
	const command = screen.fix.steps[screen.step]?.command ?? null;
	if (command === null) return state;
	return {...state, dialog: {kind: 'confirm-run', command, word: command.changesMachine ? 'yes' : 'y', typed: ''}};
}

export function submitConfirmation(state: State): State {
	const dialog = state.dialog;
	if (dialog?.kind !== 'confirm-run') return state;
	if (dialog.typed.trim() !== dialog.word) {
		return withNotice({...state, dialog: {...dialog, typed: ''}}, `Not run. Type ${dialog.word} exactly to run it, or Esc to cancel.`, 'warn');
	}
	return emit({...state, dialog: null}, {type: 'run-command', command: dialog.command});
}

export function verifyFix(state: State): State {
	const screen = state.screen;
	if (screen.kind !== 'fix' || screen.step !== screen.fix.steps.length) return state;
	const {context, nodes: names, host} = screen.verify;
	let next = state;
	if (host) next = emit(next, {type: 'check-host'});
	const nodes = names.map((name) => findNode(state, context, name)).filter((node): node is NodeInfo => node !== null);
	if (nodes.length > 0) {
		const session = next.nextId;
		next = startProbe(next, context, nodes);
		if (next.probes[context]?.session?.id === session) next = {...next, screen: {...screen, verifySession: session}};
	}
	return next;
}

export function poolNodes(state: State, context: string, pool: string): readonly NodeInfo[] {
	return findPool(state, context, pool)?.nodes ?? [];
}
