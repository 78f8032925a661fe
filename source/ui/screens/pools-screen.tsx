// A context's node pools: environment, size, OS image, the prediction (labelled as one) and the
// live `N/N ready` once probed. A local cluster also shows its host check here.
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {PoolInfo} from '../../domain/types.js';
import type {State} from '../model.js';
import {contextEntry, cursorOf, poolRows, readinessOf} from '../select.js';
import {WindowedTable, type Cell, type Column} from '../components/windowed-table.js';
import {predictionCell} from '../components/status-badge.js';
import {ProblemLine} from '../components/problem-line.js';
import {RunSummary} from '../components/run-summary.js';
import {HostLine} from '../components/host-line.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

type Props = {readonly state: State; readonly context: string; readonly width: number; readonly height: number; readonly now: number};

export function readyCell(state: State, context: string, nodes: PoolInfo['nodes']): Cell {
	const readiness = readinessOf(state, context, nodes);
	if (readiness.probed === 0 && readiness.running === 0) return {text: 'not probed', tone: 'muted'};
	const untouched = readiness.total - readiness.probed - readiness.running;
	const running = readiness.running > 0 ? ` · ${readiness.running} probing` : untouched > 0 ? ` · ${untouched} not probed` : '';
	const tone = readiness.running > 0 ? 'busy' : readiness.ready === readiness.total ? 'good' : readiness.blocked > 0 ? 'bad' : 'warn';
	return {text: `${readiness.ready}/${readiness.total} ready${running}`, tone, bold: readiness.running === 0};
}

export function PoolsScreen({state, context, width, height, now}: Props) {
	const load = state.clusters[context];
	const entry = contextEntry(state, context);
	const rows = poolRows(state, context);
	const cursor = cursorOf(state, {kind: 'pools', context});
	const columns = useMemo<Column<PoolInfo>[]>(() => [
		{id: 'name', header: 'POOL', min: 12, max: 30, priority: 0, cell: (pool) => ({text: pool.name, bold: true})},
		{id: 'ready', header: 'READY (probed)', min: 20, max: 28, priority: 0, cell: (pool) => readyCell(state, context, pool.nodes)},
		{id: 'prediction', header: 'PREDICTION', min: 16, max: 16, priority: 1, cell: (pool) => {
			const cell = predictionCell(pool.prediction);
			return {...cell, text: cell.text.replace(/ \(.*\)$/, '')};
		}},
		{id: 'gate', header: 'GATE (~ predicted)', min: 14, max: 20, priority: 1, cell: (pool) => {
			const gate = readinessOf(state, context, pool.nodes).gate;
			if (gate !== null) return {text: gate, tone: 'bad', bold: true};
			const predicted = pool.prediction.status === 'likely-blocked' ? pool.prediction.gate : null;
			return predicted === null ? {text: '—', tone: 'muted'} : {text: `~${predicted}`, tone: 'muted'};
		}},
		{id: 'environment', header: 'ENVIRONMENT', min: 11, max: 16, priority: 2, cell: (pool) => ({text: pool.environment})},
		{id: 'size', header: 'SIZE', min: 4, priority: 2, align: 'right', cell: (pool) => ({text: String(pool.size)})},
		{id: 'os', header: 'OS IMAGE', min: 14, max: 40, priority: 4, cell: (pool) => ({text: pool.nodes[0]?.osImage ?? '—', tone: 'muted'})},
	], [state.probes, context]);
	if (load === undefined || (load.status === 'loading' && load.view === null)) {
		return <Text dimColor>Loading the nodes of {context}…</Text>;
	}
	if (load.status === 'failed') {
		return (
			<Box flexDirection="column">
				<ProblemLine prefix={`Cannot list the nodes of ${context}`} problem={load.problem} />
				<Text dimColor>Esc goes back to the other contexts; r tries again.</Text>
				{entry?.local != null ? <HostLine state={state} environments={[]} /> : null}
			</Box>
		);
	}
	const view = load.view!;
	const hasHost = entry?.local != null;
	const summaryLines = 3;
	const topLines = hasHost ? 2 : 1;
	const userns = view.podUserNamespaces.usable === null ? 'unknown' : view.podUserNamespaces.usable ? 'usable' : 'not usable';
	return (
		<Box flexDirection="column" height={height}>
			<Text dimColor wrap="truncate">
				{plural(view.pools.reduce((sum, pool) => sum + pool.size, 0), 'node')} in {plural(view.pools.length, 'pool')} · pod user namespaces (hostUsers: false): {userns} — {view.podUserNamespaces.reason}
				{load.status === 'loading' ? ' · refreshing…' : ''}
			</Text>
			{hasHost ? <HostLine state={state} environments={view.pools.map((pool) => pool.environment)} /> : null}
			<WindowedTable rows={rows} rowKey={(pool) => pool.name} columns={columns} cursor={cursor} height={Math.max(2, height - topLines - summaryLines)} width={width} empty={view.pools.length === 0 ? 'This cluster has no nodes.' : 'No pool matches the filter.'} />
			<Box flexDirection="column" height={summaryLines} overflowY="hidden">
				<RunSummary state={state} context={context} now={now} />
			</Box>
		</Box>
	);
}
