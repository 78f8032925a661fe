// The key table: for the current screen (or dialog, or filter prompt), which keys do what. The one
// useInput resolves key presses through it, and the footer and the `?` overlay draw from it, so
// what the screen says and what the keys do cannot drift apart. Nothing destructive sits on a
// single key: stopping a run and running a command both go through a dialog.
import type {Action, State, Viewport} from './model.js';
import {nodeLineCount, nodeView} from './node-view.js';
import {hostLines} from './host-view.js';
import {scrollMax} from './components/scroll-view.js';
import {activeContexts, contextEntry, contextOfScreen, isListScreen, listKey, scrollKey} from './select.js';

export type Special = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'backspace' | 'delete' | 'tab';

export type KeyPress = {readonly input: string; readonly key: Partial<Record<Special | 'ctrl' | 'meta', boolean>>};

export type Binding = {
	/** Special keys and/or literal characters that trigger it. */
	readonly specials?: readonly Special[];
	readonly chars?: readonly string[];
	/** How the footer and help show the key; empty when another binding's label covers it. */
	readonly label: string;
	readonly does: string;
	/** Shown in the footer (else only in the `?` overlay). */
	readonly footer: boolean;
	readonly action: Action;
};

export type KeyOptions = {readonly pageRows: number; readonly viewport?: Viewport};

const bind = (label: string, does: string, action: Action, keys: {specials?: Special[]; chars?: string[]}, footer = true): Binding => ({label, does, action, footer, ...keys});

function hasActiveRunHere(state: State): boolean {
	const active = activeContexts(state);
	const here = contextOfScreen(state.screen);
	return here === null ? active.length > 0 : active.includes(here);
}

function isLocalHere(state: State): boolean {
	const here = contextOfScreen(state.screen);
	return here !== null && contextEntry(state, here)?.local != null;
}

function dialogBindings(state: State): Binding[] | null {
	const dialog = state.dialog;
	if (dialog === null) return null;
	switch (dialog.kind) {
		case 'help':
			return [bind('?/Esc', 'close help', {type: 'close-dialog'}, {chars: ['?', 'q'], specials: ['escape', 'return']})];
		case 'confirm-stop':
			return [
				bind('y', dialog.then === 'quit' ? 'stop the run, delete its pods, quit' : 'stop the run and delete its pods', {type: 'confirm-stop'}, {chars: ['y', 'Y']}),
				bind('n/Esc', 'keep it running', {type: 'close-dialog'}, {chars: ['n', 'N'], specials: ['escape']}),
			];
		case 'confirm-run':
			return [
				bind('↵', `run it (after typing ${dialog.word})`, {type: 'submit-confirmation'}, {specials: ['return']}),
				bind('Esc', 'cancel', {type: 'close-dialog'}, {specials: ['escape']}),
			];
	}
}

/** How far a reading screen scrolls at the size it is drawn; unknown without a viewport. */
function scrollMaxOf(state: State, viewport: Viewport | undefined): number | undefined {
	const screen = state.screen;
	if (viewport === undefined) return undefined;
	if (screen.kind === 'node') {
		const view = nodeView(state, screen.context, screen.node);
		return view === null ? 0 : scrollMax(nodeLineCount(view, viewport.columns), viewport.height);
	}
	if (screen.kind === 'host' && state.host?.status === 'done') return scrollMax(hostLines(state.host.report, state.host.previous, viewport.columns).length, viewport.height);
	return undefined;
}

export function bindingsFor(state: State, options: KeyOptions): Binding[] {
	const fromDialog = dialogBindings(state);
	if (fromDialog !== null) return fromDialog;
	if (state.isRunningCommand || state.isQuitting) return [];
	if (state.isFiltering) {
		return [
			bind('↵', 'keep the filter', {type: 'keep-filter'}, {specials: ['return']}),
			bind('Esc', 'clear the filter', {type: 'clear-filter'}, {specials: ['escape']}),
		];
	}
	const screen = state.screen;
	const list: Binding[] = [];
	const max = scrollKey(screen) === null ? 0 : scrollMaxOf(state, options.viewport);
	// Offered only where there is something to scroll (unknown without a viewport: offered).
	if (max !== 0) {
		const scroll = (delta: number): Action => ({type: 'scroll', delta, ...(max === undefined ? {} : {max})});
		list.push(
			bind('↑↓/jk', 'scroll', scroll(-1), {specials: ['upArrow'], chars: ['k']}),
			bind('', 'scroll down', scroll(1), {specials: ['downArrow'], chars: ['j']}, false),
			bind('PgUp/PgDn', 'page up / down', scroll(-options.pageRows), {specials: ['pageUp']}, false),
			bind('', 'page down', scroll(options.pageRows), {specials: ['pageDown']}, false),
			bind('g/G', 'top / end', scroll(-Infinity), {specials: ['home'], chars: ['g']}, false),
			bind('', 'end', scroll(Infinity), {specials: ['end'], chars: ['G']}, false),
		);
	}
	if (isListScreen(screen)) {
		list.push(
			bind('↑/k', 'move up', {type: 'move-cursor', delta: -1}, {specials: ['upArrow'], chars: ['k']}, false),
			bind('↓/j', 'move down', {type: 'move-cursor', delta: 1}, {specials: ['downArrow'], chars: ['j']}, false),
			bind('PgUp/PgDn', 'page up / down', {type: 'move-cursor', delta: -options.pageRows}, {specials: ['pageUp']}, false),
			bind('', 'page down', {type: 'move-cursor', delta: options.pageRows}, {specials: ['pageDown']}, false),
			bind('g/G', 'first / last row', {type: 'move-to-edge', edge: 'first'}, {specials: ['home'], chars: ['g']}, false),
			bind('', 'last row', {type: 'move-to-edge', edge: 'last'}, {specials: ['end'], chars: ['G']}, false),
			bind('↵', 'open', {type: 'open-selection'}, {specials: ['return']}),
		);
	}
	if (screen.kind === 'fix') {
		const last = screen.step === screen.fix.steps.length;
		const step = screen.fix.steps[screen.step];
		list.push(
			last
				? bind('↵/p', 're-probe and compare', {type: 'verify-fix'}, {specials: ['return'], chars: ['p']})
				: bind('→/↵', 'next step', {type: 'next-step'}, {specials: ['rightArrow', 'return']}),
			bind('←', 'previous step', {type: 'previous-step'}, {specials: ['leftArrow']}),
		);
		if (last) list.push(bind('', 'next step', {type: 'next-step'}, {specials: ['rightArrow']}, false));
		if (step?.snippet != null || step?.command != null) list.push(bind('c', 'copy', {type: 'copy-current'}, {chars: ['c']}));
		if (step?.snippet != null && !state.readOnly) list.push(bind('w', 'write to a file', {type: 'write-snippet'}, {chars: ['w']}));
		if (step?.command != null && !state.readOnly) list.push(bind('x', 'run the command…', {type: 'request-run-command'}, {chars: ['x']}));
	}
	const filterKey = listKey(screen);
	const hasFilter = filterKey !== null && (state.filters[filterKey] ?? '') !== '';
	const isRunning = hasActiveRunHere(state);
	// A kept filter goes first: the status line under it promises "Esc clears", and stopping a run
	// is one more Esc (or q) away.
	if (hasFilter) list.push(bind('Esc', isRunning ? 'clear the filter (Esc again: stop the run…)' : 'clear the filter', {type: 'clear-filter'}, {specials: ['escape']}));
	else if (isRunning) list.push(bind('Esc', 'stop the run…', {type: 'request-stop'}, {specials: ['escape']}));
	else if (state.history.length > 0) list.push(bind('Esc', 'back', {type: 'go-back'}, {specials: ['escape']}));
	if (state.history.length > 0) list.push(bind('⌫', 'back', {type: 'go-back'}, {specials: ['backspace', 'delete']}, false));
	if (screen.kind !== 'fix') {
		const what = {contexts: 'context', pools: 'pool', nodes: 'node', node: 'node', host: 'local cluster'}[screen.kind];
		list.push(bind('p', `probe ${what}`, {type: 'probe-selection'}, {chars: ['p']}));
		list.push(bind('P', screen.kind === 'contexts' ? 'probe every context' : 'probe all nodes', {type: 'probe-everything'}, {chars: ['P']}));
	}
	if (screen.kind === 'pools' || screen.kind === 'nodes' || screen.kind === 'node' || screen.kind === 'host') {
		list.push(bind('f', 'fix', {type: 'open-fix'}, {chars: ['f']}));
	}
	if (isLocalHere(state) && screen.kind !== 'host' && screen.kind !== 'fix') {
		list.push(bind('h', 'host check', {type: 'open-host-check'}, {chars: ['h']}));
	}
	if (isListScreen(screen)) list.push(bind('/', 'filter', {type: 'start-filter'}, {chars: ['/']}));
	if (screen.kind !== 'fix') list.push(bind('c', 'copy', {type: 'copy-current'}, {chars: ['c']}, screen.kind === 'node'));
	if (screen.kind !== 'fix' && screen.kind !== 'node') list.push(bind('r', 'refresh', {type: 'refresh'}, {chars: ['r']}, false));
	list.push(bind('?', 'help', {type: 'toggle-help'}, {chars: ['?']}), bind('q', 'quit', {type: 'request-quit'}, {chars: ['q']}));
	return list;
}

function matches(binding: Binding, press: KeyPress): boolean {
	if (binding.specials?.some((special) => press.key[special] === true)) return true;
	if (press.key.ctrl || press.key.meta) return false;
	return press.input !== '' && (binding.chars?.includes(press.input) ?? false);
}

/** What a key press means here, or null when it means nothing (it is then ignored). */
export function resolveKey(state: State, press: KeyPress, options: KeyOptions): Action | null {
	if (press.key.ctrl && press.input === 'c') return state.isQuitting ? null : {type: 'interrupt'};
	const bindings = bindingsFor(state, options);
	const found = bindings.find((binding) => matches(binding, press));
	if (found !== undefined) return found.action;
	// Free text: the filter prompt and the type-to-confirm dialog.
	const typing = state.isFiltering ? 'filter' : state.dialog?.kind === 'confirm-run' ? 'confirmation' : null;
	if (typing === null) return null;
	if (press.key.backspace || press.key.delete) return {type: typing === 'filter' ? 'erase-filter' : 'erase-confirmation'};
	const text = press.input.replace(/[\u0000-\u001f\u007f]/g, '');
	if (text === '' || press.key.ctrl || press.key.meta) return null;
	return typing === 'filter' ? {type: 'type-filter', text} : {type: 'type-confirmation', text};
}
