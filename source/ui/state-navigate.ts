// Moving around in the reducer: screens pushed and popped, cursors, filters, and loading a context
// (and its host check) when it is opened or refreshed.
import type {ContextEntry} from '../workflows/types.js';
import type {Screen, State} from './model.js';
import {contextEntry, cursorOf, isListScreen, listKey, nodeRows, poolRows, rowCount, scrollKey, scrollLimit, selectedContext} from './select.js';
import {emit, withNotice} from './state-effects.js';
import {stepBy, verifyFix} from './state-fix.js';

export function push(state: State, screen: Screen): State {
	// A reading screen opened anew starts at its top, not where it was left last time.
	const key = scrollKey(screen);
	const scrolls = key === null || state.scrolls[key] === undefined ? state.scrolls : {...state.scrolls, [key]: 0};
	return {...state, screen, history: [...state.history, state.screen], isFiltering: false, scrolls};
}

export function setCursor(state: State, index: number): State {
	const key = listKey(state.screen);
	return key === null ? state : {...state, cursors: {...state.cursors, [key]: index}};
}

export function moveCursor(state: State, delta: number): State {
	const screen = state.screen;
	if (!isListScreen(screen)) return state;
	const count = rowCount(state, screen);
	if (count === 0) return state;
	const from = cursorOf(state, screen);
	const to = Math.max(0, Math.min(count - 1, from + delta));
	return to === from ? state : setCursor(state, to);
}

export function scrollBy(state: State, delta: number, max?: number): State {
	const key = scrollKey(state.screen);
	if (key === null) return state;
	const limit = max ?? scrollLimit(state, state.screen);
	// The content may have shrunk since (a probe result replaced a long one): start from what is shown.
	const from = Math.min(state.scrolls[key] ?? 0, limit);
	const to = Math.max(0, Math.min(limit, from + delta));
	return to === from ? state : {...state, scrolls: {...state.scrolls, [key]: to}};
}

export function editFilter(state: State, edit: (text: string) => string): State {
	const key = listKey(state.screen);
	if (!state.isFiltering || key === null) return state;
	return setCursor({...state, filters: {...state.filters, [key]: edit(state.filters[key] ?? '')}}, 0);
}

export function openContext(state: State, entry: ContextEntry): State {
	let next = push(state, {kind: 'pools', context: entry.name});
	const load = state.clusters[entry.name];
	if (load === undefined || load.status === 'failed') next = loadCluster(next, entry.name, false);
	if (entry.local !== null && state.host === null) next = emit({...next, host: {status: 'checking', previous: null}}, {type: 'check-host'});
	return next;
}

export function loadCluster(state: State, context: string, probeAfterLoad: boolean): State {
	const before = state.clusters[context];
	if (before?.status === 'loading') {
		return probeAfterLoad ? {...state, clusters: {...state.clusters, [context]: {...before, probeAfterLoad: true}}} : state;
	}
	const view = before?.status === 'loaded' ? before.view : null;
	return emit({...state, clusters: {...state.clusters, [context]: {status: 'loading', probeAfterLoad, view}}}, {type: 'load-cluster', context});
}

export function openSelection(state: State): State {
	const screen = state.screen;
	switch (screen.kind) {
		case 'contexts': {
			const entry = selectedContext(state);
			return entry === null ? state : openContext(state, entry);
		}
		case 'pools': {
			const pool = poolRows(state, screen.context)[cursorOf(state, screen)];
			return pool === undefined ? state : push(state, {kind: 'nodes', context: screen.context, pool: pool.name});
		}
		case 'nodes': {
			const node = nodeRows(state, screen.context, screen.pool)[cursorOf(state, screen)];
			return node === undefined ? state : push(state, {kind: 'node', context: screen.context, node: node.name});
		}
		case 'fix':
			return screen.step === screen.fix.steps.length ? verifyFix(state) : stepBy(state, 1);
		default:
			return state;
	}
}

export function goBack(state: State): State {
	if (state.dialog !== null) return {...state, dialog: null};
	if (state.isFiltering) return {...state, isFiltering: false};
	const previous = state.history.at(-1);
	if (previous === undefined) return state;
	return {...state, screen: previous, history: state.history.slice(0, -1), lastCommand: null};
}

export function refresh(state: State): State {
	const screen = state.screen;
	if (screen.kind === 'contexts') return withNotice(emit(state, {type: 'check-contexts'}), 'Checking every context again…');
	if (screen.kind === 'fix') return state;
	let next = state;
	if (screen.kind === 'host' || contextEntry(state, screen.context)?.local != null) {
		next = emit({...next, host: {status: 'checking', previous: state.host?.status === 'done' ? state.host.report : null}}, {type: 'check-host'});
	}
	return screen.kind === 'host' ? next : loadCluster(next, screen.context, false);
}
