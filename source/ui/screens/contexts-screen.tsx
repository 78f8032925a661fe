// Every kubeconfig context, listed at once from the kubeconfig; reachability and server version
// arrive in the background, readiness once a context was probed. A dead context shows its cause
// and the next step under the list and never holds up the others.
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {ContextEntry} from '../../workflows/types.js';
import type {State} from '../model.js';
import {allNodes, contextRows, cursorOf, readinessOf} from '../select.js';
import {shortServer} from '../text.js';
import {WindowedTable, type Cell, type Column} from '../components/windowed-table.js';
import {ProblemLine} from '../components/problem-line.js';

type Props = {readonly state: State; readonly width: number; readonly height: number};

function reachCell(entry: ContextEntry): Cell {
	if (entry.reachable === null) return {text: '… checking', tone: 'muted'};
	if (entry.reachable) return {text: `✓ ${entry.version ?? 'reachable'}`, tone: 'good'};
	const kind = /forbidden|refused|unauthor|timed out|timeout|certificate|not found/i.exec(entry.error ?? '')?.[0]?.toLowerCase() ?? 'unreachable';
	return {text: `✗ ${kind}`, tone: 'bad', bold: true};
}

export function readinessCell(state: State, entry: ContextEntry): Cell {
	// A run refused outright (RBAC, admission) shows in its row; the line under the list says why.
	const session = state.probes[entry.name]?.session ?? null;
	if (session !== null && !session.active && session.problem !== null) return {text: '✗ could not probe', tone: 'bad', bold: true};
	const nodes = allNodes(state, entry.name);
	if (state.probes[entry.name] === undefined || nodes.length === 0) return {text: '—', tone: 'muted'};
	const readiness = readinessOf(state, entry.name, nodes);
	if (readiness.probed === 0 && readiness.running === 0) return {text: '—', tone: 'muted'};
	const untouched = readiness.total - readiness.probed - readiness.running;
	const running = readiness.running > 0 ? ` · ${readiness.running} probing` : untouched > 0 ? ` · ${untouched} not probed` : '';
	const tone = readiness.running > 0 ? 'busy' : readiness.ready === readiness.total ? 'good' : 'bad';
	return {text: `${readiness.ready}/${readiness.total} ready${running}`, tone};
}

/** `(cause) — (next step)`, as list-contexts joins them, back into a Problem. */
function splitError(error: string) {
	const at = error.indexOf(' — ');
	return at < 0 ? {message: error, hint: null} : {message: error.slice(0, at), hint: error.slice(at + 3)};
}

export function ContextsScreen({state, width, height}: Props) {
	const rows = contextRows(state);
	const cursor = cursorOf(state, {kind: 'contexts'});
	const selected = rows[cursor] ?? null;
	const columns = useMemo<Column<ContextEntry>[]>(() => [
		{id: 'name', header: 'CONTEXT', min: 14, max: 34, priority: 0, cell: (entry) => ({text: `${entry.current ? '*' : ' '}${entry.name}`, bold: entry.current})},
		{id: 'status', header: 'REACHABLE', min: 14, max: 24, priority: 0, cell: reachCell},
		{id: 'ready', header: 'READINESS', min: 11, max: 28, priority: 1, cell: (entry) => readinessCell(state, entry)},
		{id: 'local', header: 'LOCAL', min: 9, max: 16, priority: 2, cell: (entry) => ({text: entry.local ?? '', tone: 'info'})},
		{id: 'cluster', header: 'CLUSTER', min: 10, max: 28, priority: 4, cell: (entry) => ({text: entry.cluster ?? '—'})},
		{id: 'server', header: 'SERVER', min: 18, max: 40, priority: 3, cell: (entry) => ({text: shortServer(entry.server), tone: 'muted'})},
	], [state.probes, state.clusters]);
	const detailLines = 3;
	const probeProblem = selected === null ? null : (state.probes[selected.name]?.session?.problem ?? null);
	return (
		<Box flexDirection="column" height={height}>
			<WindowedTable rows={rows} rowKey={(entry) => entry.name} columns={columns} cursor={cursor} height={Math.max(2, height - detailLines)} width={width} empty={state.contexts.length === 0 ? 'No contexts in the kubeconfig.' : 'No context matches the filter.'} />
			<Box flexDirection="column" height={detailLines} overflowY="hidden">
				{selected?.error ? <ProblemLine prefix={selected.name} problem={splitError(selected.error)} /> : null}
				{selected && !selected.error && probeProblem ? <ProblemLine prefix={`${selected.name}: the probe could not run`} problem={probeProblem} /> : null}
				{selected && !selected.error && !probeProblem ? (
					<Text dimColor wrap="truncate">
						{selected.name}: {selected.server ?? 'no server'}
						{selected.local ? ` · local ${selected.local} cluster: its host check shows with its pools` : ''}
						{selected.namespace ? ` · namespace ${selected.namespace}` : ''}
					</Text>
				) : null}
			</Box>
		</Box>
	);
}
