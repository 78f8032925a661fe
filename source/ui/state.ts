// The explorer's reducer. Actions name an intent ('probe-selection'), never a setter; effects the
// reducer asks for go to the outbox, which hooks perform and answer with messages. It never throws:
// a step that makes no sense where the user is returns the state unchanged.
import type {ContextEntry} from '../workflows/types.js';
import type {Action, Catalog, State} from './model.js';
import {activeContexts, allNodes, contextEntry, contextOfScreen, contextRows, cursorOf, findNode, isListScreen, listKey, nodeProbe, nodeRows, poolRows, selectedContext} from './select.js';
import {emit, withNotice} from './state-effects.js';
import {resolveKey, type KeyPress} from './keymap.js';
import {applyProgress, failProbe, finishProbe, startProbe, stopProbes} from './state-probe.js';
import {openFix, requestRunCommand, stepBy, submitConfirmation, verifyFix, writeSnippet} from './state-fix.js';
import {editFilter, goBack, loadCluster, moveCursor, openContext, openSelection, push, refresh, scrollBy, setCursor} from './state-navigate.js';

export type InitialOptions = {
	readonly contexts: readonly ContextEntry[];
	readonly readOnly: boolean;
	/** `--context NAME`: open on that context's pools. */
	readonly context?: string | null;
	/** Check every context's reachability in the background right away. */
	readonly check?: boolean;
};

export function initialState(options: InitialOptions): State {
	let state: State = {
		screen: {kind: 'contexts'},
		history: [],
		dialog: null,
		contexts: options.contexts,
		contextsLoaded: true,
		clusters: {},
		probes: {},
		host: null,
		cursors: {},
		scrolls: {},
		filters: {},
		isFiltering: false,
		notice: null,
		lastCommand: null,
		isRunningCommand: false,
		isQuitting: false,
		wasInterrupted: false,
		readOnly: options.readOnly,
		nextId: 1,
		outbox: [],
	};
	if (options.check !== false) state = emit(state, {type: 'check-contexts'});
	const index = options.context ? options.contexts.findIndex((entry) => entry.name === options.context) : -1;
	if (index >= 0) {
		state = {...state, cursors: {contexts: index}};
		state = openContext(state, options.contexts[index]!);
	}
	return state;
}

const messages = new Set<Action['type']>([
	'contexts-listed', 'context-checked', 'cluster-loaded', 'cluster-failed', 'probe-progressed', 'probe-finished',
	'probe-failed', 'host-checked', 'host-check-failed', 'copied', 'written', 'effect-failed', 'command-started',
	'command-finished', 'effects-taken',
]);

export function createReducer(catalog: Catalog): (state: State, action: Action) => State {
	const reducer = (state: State, action: Action): State => {
		if (action.type === 'key-pressed') {
			// Keys typed ahead arrive as one chunk (`/sim-eks`): each character is a key of its own.
			const chars = splitTypeAhead(action.press);
			if (chars !== null) return chars.reduce((next, press) => reducer(next, {...action, press}), state);
			const resolved = resolveKey(state, action.press, {pageRows: action.pageRows, viewport: action.viewport});
			return resolved === null ? state : reducer(state, resolved);
		}
		// A key press dismisses the last notice; messages from effects leave it alone.
		const base = messages.has(action.type) || state.notice === null ? state : {...state, notice: null};
		if (state.isQuitting && !messages.has(action.type)) return state;
		return reduce(base, action, catalog);
	};
	return reducer;
}

function reduce(state: State, action: Action, catalog: Catalog): State {
	switch (action.type) {
		case 'move-cursor':
			return moveCursor(state, action.delta);
		case 'scroll':
			return scrollBy(state, action.delta, action.max);
		case 'move-to-edge':
			return moveCursor(state, action.edge === 'first' ? -Infinity : Infinity);
		case 'open-selection':
			return openSelection(state);
		case 'go-back':
			return goBack(state);
		case 'open-host-check': {
			const context = contextOfScreen(state.screen);
			if (context === null || state.screen.kind === 'host' || contextEntry(state, context)?.local == null) return state;
			const next = push(state, {kind: 'host', context});
			return state.host === null ? emit(next, {type: 'check-host'}) : next;
		}
		case 'toggle-help':
			return {...state, dialog: state.dialog?.kind === 'help' ? null : {kind: 'help'}};
		case 'close-dialog':
			return state.dialog === null ? state : {...state, dialog: null};
		case 'interrupt':
			return emit({...stopProbes(state, activeContexts(state)), isQuitting: true, wasInterrupted: true, dialog: null}, {type: 'quit'});
		case 'request-quit':
			if (activeContexts(state).length > 0) return {...state, dialog: {kind: 'confirm-stop', contexts: activeContexts(state), then: 'quit'}};
			return emit({...state, isQuitting: true, dialog: null}, {type: 'quit'});
		case 'refresh':
			return refresh(state);
		case 'start-filter':
			return isListScreen(state.screen) ? {...state, isFiltering: true} : state;
		case 'type-filter':
			return editFilter(state, (text) => text + action.text.replace(/[\r\n\t]/g, ''));
		case 'erase-filter':
			return editFilter(state, (text) => text.slice(0, -1));
		case 'keep-filter':
			return state.isFiltering ? setCursor({...state, isFiltering: false}, 0) : state;
		case 'clear-filter': {
			const key = listKey(state.screen);
			if (key === null) return state;
			return setCursor({...state, isFiltering: false, filters: {...state.filters, [key]: ''}}, 0);
		}
		case 'probe-selection':
			return probeSelection(state);
		case 'probe-everything':
			return probeEverything(state);
		case 'request-stop': {
			const here = contextOfScreen(state.screen);
			const active = activeContexts(state);
			const contexts = here !== null && active.includes(here) ? [here] : active;
			return contexts.length === 0 ? state : {...state, dialog: {kind: 'confirm-stop', contexts, then: 'stay'}};
		}
		case 'confirm-stop': {
			if (state.dialog?.kind !== 'confirm-stop') return state;
			const stopped = stopProbes({...state, dialog: null}, state.dialog.contexts);
			// The run's summary line says "stopping…" until its pods are gone, then "stopped".
			if (state.dialog.then === 'stay') return stopped;
			return emit({...stopped, isQuitting: true}, {type: 'quit'});
		}
		case 'open-fix':
			return (state.screen.kind === 'pools' ? unlisted(state) : null) ?? openFix(state, catalog);
		case 'next-step':
			return stepBy(state, 1);
		case 'previous-step':
			return stepBy(state, -1);
		case 'copy-current':
			return copyCurrent(state);
		case 'write-snippet':
			return writeSnippet(state);
		case 'request-run-command':
			return requestRunCommand(state);
		case 'type-confirmation':
			return state.dialog?.kind === 'confirm-run' ? {...state, dialog: {...state.dialog, typed: state.dialog.typed + action.text}} : state;
		case 'erase-confirmation':
			return state.dialog?.kind === 'confirm-run' ? {...state, dialog: {...state.dialog, typed: state.dialog.typed.slice(0, -1)}} : state;
		case 'submit-confirmation':
			return submitConfirmation(state);
		case 'verify-fix':
			return verifyFix(state);
		case 'contexts-listed':
			return {...state, contexts: action.contexts, contextsLoaded: true};
		case 'context-checked':
			return {...state, contexts: state.contexts.map((entry) => (entry.name === action.entry.name ? action.entry : entry))};
		case 'cluster-loaded': {
			const before = state.clusters[action.context];
			const next = {...state, clusters: {...state.clusters, [action.context]: {status: 'loaded' as const, view: action.view}}};
			if (before?.status === 'loading' && before.probeAfterLoad) return startProbe(next, action.context, allNodes(next, action.context));
			return next;
		}
		case 'cluster-failed':
			return {...state, clusters: {...state.clusters, [action.context]: {status: 'failed', problem: action.problem}}};
		case 'probe-progressed':
			return applyProgress(state, action.context, action.session, action.events, action.at);
		case 'probe-finished':
			return finishProbe(state, action.context, action.session, action.run, action.at);
		case 'probe-failed':
			return failProbe(state, action.context, action.session, action.problem, action.aborted, action.at);
		case 'host-checked':
			return {...state, host: {status: 'done', report: action.report, previous: state.host?.status === 'checking' ? state.host.previous : null}};
		case 'host-check-failed':
			return {...state, host: {status: 'failed', problem: action.problem}};
		case 'copied':
			return withNotice(state, `Copied ${action.what} to the clipboard (OSC 52, ${action.bytes} bytes).`, 'success');
		case 'written':
			return withNotice(state, `Wrote ${action.path}`, 'success');
		case 'effect-failed':
			return withNotice(state, action.problem.hint ? `${action.problem.message} — ${action.problem.hint}` : action.problem.message, 'error');
		case 'command-started':
			return {...state, isRunningCommand: true};
		case 'command-finished':
			return {...state, isRunningCommand: false, lastCommand: action.outcome};
		case 'effects-taken': {
			const taken = new Set(action.ids);
			return {...state, outbox: state.outbox.filter((effect) => !taken.has(effect.id))};
		}
		default:
			return state;
	}
}

const controlKeys: Readonly<Record<string, KeyPress['key']>> = {'\r': {return: true}, '\n': {return: true}, '\x7f': {backspace: true}, '\b': {backspace: true}, '\t': {tab: true}};

function splitTypeAhead(press: KeyPress): KeyPress[] | null {
	const chars = [...press.input];
	if (chars.length < 2 || Object.values(press.key).some(Boolean) || press.input.includes('\x1b')) return null;
	return chars.map((char) => ({input: char, key: controlKeys[char] ?? {}}));
}

function probeContext(state: State, entry: ContextEntry): State {
	if (entry.reachable === false) return withNotice(state, `${entry.name} is unreachable: ${entry.error ?? 'check it with r'}`, 'error');
	const nodes = allNodes(state, entry.name);
	if (state.clusters[entry.name]?.status === 'loaded') return startProbe(state, entry.name, nodes);
	return loadCluster(state, entry.name, true);
}

/** On a context whose nodes could not be listed, p, P and f have nothing to act on: say why. */
function unlisted(state: State): State | null {
	const context = contextOfScreen(state.screen);
	const load = context === null ? undefined : state.clusters[context];
	if (context === null || load?.status !== 'failed') return null;
	return withNotice(state, `Nothing to act on: the nodes of ${context} could not be listed (${load.problem.message}). r tries again.`, 'warn');
}

function probeSelection(state: State): State {
	const screen = state.screen;
	if (screen.kind !== 'contexts') {
		const refused = unlisted(state);
		if (refused !== null) return refused;
	}
	switch (screen.kind) {
		case 'contexts': {
			const entry = selectedContext(state);
			return entry === null ? state : probeContext(state, entry);
		}
		case 'pools': {
			const pool = poolRows(state, screen.context)[cursorOf(state, screen)];
			return pool === undefined ? state : startProbe(state, screen.context, pool.nodes);
		}
		case 'nodes': {
			const node = nodeRows(state, screen.context, screen.pool)[cursorOf(state, screen)];
			return node === undefined ? state : startProbe(state, screen.context, [node]);
		}
		case 'node': {
			const node = findNode(state, screen.context, screen.node);
			return node === null ? state : startProbe(state, screen.context, [node]);
		}
		case 'host':
			return startProbe(state, screen.context, allNodes(state, screen.context));
		case 'fix':
			return verifyFix(state);
	}
}

function probeEverything(state: State): State {
	const screen = state.screen;
	if (screen.kind === 'contexts') {
		return contextRows(state).filter((entry) => entry.reachable !== false).reduce(probeContext, state);
	}
	const context = contextOfScreen(screen);
	if (context === null) return state;
	return unlisted(state) ?? startProbe(state, context, allNodes(state, context));
}

function copyCurrent(state: State): State {
	const screen = state.screen;
	switch (screen.kind) {
		case 'fix': {
			const step = screen.fix.steps[screen.step];
			// Without the trailing newline: a pasted shell line must not run before the user reads it.
			const text = (step?.snippet?.content ?? step?.command?.run ?? null)?.replace(/\n+$/, '') ?? null;
			if (text === null) return withNotice(state, 'This step has nothing to copy.', 'info');
			return emit(state, {type: 'copy', text, what: step?.snippet ? `the ${step.snippet.language} snippet` : 'the command'});
		}
		case 'node': {
			const output = nodeProbe(state, screen.context, screen.node)?.result?.output ?? null;
			if (output === null) return withNotice(state, 'No probe output yet: press p to probe this node.', 'info');
			return emit(state, {type: 'copy', text: output, what: `the probe output of ${screen.node}`});
		}
		case 'contexts': {
			const entry = selectedContext(state);
			return entry === null ? state : emit(state, {type: 'copy', text: entry.name, what: `the context name ${entry.name}`});
		}
		case 'pools': {
			const pool = poolRows(state, screen.context)[cursorOf(state, screen)];
			return pool === undefined ? state : emit(state, {type: 'copy', text: pool.name, what: `the pool name ${pool.name}`});
		}
		case 'nodes': {
			const node = nodeRows(state, screen.context, screen.pool)[cursorOf(state, screen)];
			return node === undefined ? state : emit(state, {type: 'copy', text: node.name, what: `the node name ${node.name}`});
		}
		case 'host': {
			if (state.host?.status !== 'done') return state;
			const report = state.host.report;
			const lines = report.checks.map((check) => `${check.status}\t${check.id}\t${check.detail}`);
			return emit(state, {type: 'copy', text: [`kernel ${report.kernel ?? '-'}`, ...lines].join('\n'), what: 'the host check'});
		}
	}
}
