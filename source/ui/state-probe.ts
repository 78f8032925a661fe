// Probe sessions in the reducer: starting one on the selection, folding the workflow's progress
// events in as they land, and keeping the run's summary (or why it stopped) on screen afterwards.
import type {NodeInfo, ProbeStatus} from '../domain/types.js';
import type {ProbeProgress, ProbeRun} from '../workflows/types.js';
import type {ContextProbes, NodeProbe, Problem, ProbeSession, State} from './model.js';
import {emit, withNotice} from './state-effects.js';

const done: readonly ProbeStatus[] = ['ok', 'failed', 'error', 'timeout', 'skipped'];

function probesOf(state: State, context: string): ContextProbes {
	return state.probes[context] ?? {nodes: {}, session: null};
}

function withProbes(state: State, context: string, probes: ContextProbes): State {
	return {...state, probes: {...state.probes, [context]: probes}};
}

/** Starts a run on `targets` of `context`, unless one is already going there. */
export function startProbe(state: State, context: string, targets: readonly NodeInfo[]): State {
	const probes = probesOf(state, context);
	if (probes.session?.active === true) {
		return withNotice(state, `A probe run is already going on ${context}: wait for it, or press Esc to stop it.`, 'warn');
	}
	if (targets.length === 0) return withNotice(state, `Nothing to probe on ${context}: no nodes here.`, 'warn');
	const id = state.nextId;
	const nodes: Record<string, NodeProbe> = {...probes.nodes};
	const previous: Record<string, NodeProbe | null> = {};
	for (const node of targets) {
		previous[node.name] = probes.nodes[node.name] ?? null;
		nodes[node.name] = {status: 'pending', startedAt: null, finishedAt: null, result: null};
	}
	const session: ProbeSession = {
		id,
		nodes: targets.map((node) => node.name),
		startedAt: null,
		finishedAt: null,
		active: true,
		stopping: false,
		stopped: false,
		runId: null,
		previous,
		run: null,
		cleanup: null,
		problem: null,
	};
	const next = withProbes({...state, nextId: id + 1}, context, {nodes, session});
	return emit(next, {type: 'probe', context, session: id, nodes: targets});
}

function currentSession(state: State, context: string, session: number): ProbeSession | null {
	const current = state.probes[context]?.session ?? null;
	return current !== null && current.id === session ? current : null;
}

export function applyProgress(state: State, context: string, sessionId: number, events: readonly ProbeProgress[], at: number): State {
	let session = currentSession(state, context, sessionId);
	if (session === null || events.length === 0) return state;
	const probes = probesOf(state, context);
	const nodes: Record<string, NodeProbe> = {...probes.nodes};
	for (const event of events) {
		if (event.type === 'planned') {
			session = {...session, runId: event.runId, startedAt: at};
		} else if (event.type === 'cleanup') {
			session = {...session, cleanup: {deleted: event.deleted, failed: event.failed}};
		} else if (event.status === 'skipped') {
			restore(nodes, session, event.node);
		} else {
			const before = nodes[event.node];
			if (before === undefined) continue;
			// A late 'running' after a result (events batch out of order) must not undo the result.
			if (done.includes(before.status) && before.result !== null && event.result === null) continue;
			nodes[event.node] = {
				status: event.status,
				startedAt: event.startedAt ?? before.startedAt,
				finishedAt: done.includes(event.status) ? at : null,
				result: event.result ?? before.result,
			};
		}
	}
	return withProbes(state, context, {nodes, session});
}

export function finishProbe(state: State, context: string, sessionId: number, run: ProbeRun, at: number): State {
	const session = currentSession(state, context, sessionId);
	if (session === null) return state;
	const probes = probesOf(state, context);
	const nodes: Record<string, NodeProbe> = {...probes.nodes};
	for (const result of run.results) {
		if (result.status === 'skipped') {
			restore(nodes, session, result.node);
			continue;
		}
		const before = nodes[result.node];
		nodes[result.node] = {status: result.status, startedAt: before?.startedAt ?? null, finishedAt: before?.finishedAt ?? at, result};
	}
	restoreUntouched(nodes, session);
	const finished: ProbeSession = {...session, active: false, stopping: false, stopped: session.stopping, finishedAt: at, run, runId: run.runId};
	return withProbes(state, context, {nodes, session: finished});
}

export function failProbe(state: State, context: string, sessionId: number, problem: Problem, aborted: boolean, at: number): State {
	const session = currentSession(state, context, sessionId);
	if (session === null) return state;
	const nodes: Record<string, NodeProbe> = {...probesOf(state, context).nodes};
	restoreUntouched(nodes, session);
	const failed: ProbeSession = {...session, active: false, stopping: false, stopped: aborted || session.stopping, finishedAt: at, problem: aborted ? null : problem};
	return withProbes(state, context, {nodes, session: failed});
}

/**
 * A node the run got no result for (it never reached it, or was stopped while probing it: the
 * workflow calls that `skipped`) goes back to what it showed before the run, or to not probed: a
 * stopped run says nothing about a node, so it must not throw away an earlier result.
 */
function restore(nodes: Record<string, NodeProbe>, session: ProbeSession, name: string): void {
	if (!Object.hasOwn(session.previous, name)) return;
	const previous = session.previous[name] ?? null;
	if (previous === null) delete nodes[name];
	else nodes[name] = previous;
}

function restoreUntouched(nodes: Record<string, NodeProbe>, session: ProbeSession): void {
	for (const name of session.nodes) {
		const probe = nodes[name];
		if (probe !== undefined && probe.status !== 'skipped' && done.includes(probe.status)) continue;
		restore(nodes, session, name);
	}
}

export function stopProbes(state: State, contexts: readonly string[]): State {
	let next = state;
	for (const context of contexts) {
		const session = next.probes[context]?.session;
		if (session === undefined || session === null || !session.active || session.stopping) continue;
		next = withProbes(next, context, {...probesOf(next, context), session: {...session, stopping: true}});
		next = emit(next, {type: 'stop-probe', context, session: session.id});
	}
	return next;
}
