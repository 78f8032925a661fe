// A pool's nodes with their live probe state: pending → running (elapsed) → ok/failed/error, and
// the gate — the probed one, or the predicted one marked `~` until a probe says otherwise.
import React, {useMemo} from 'react';
import {Box} from 'ink';
import type {NodeInfo} from '../../domain/types.js';
import type {NodeProbe, State} from '../model.js';
import {cursorOf, nodeRows} from '../select.js';
import {WindowedTable, type Cell, type Column} from '../components/windowed-table.js';
import {probeCell} from '../components/status-badge.js';
import {RunSummary} from '../components/run-summary.js';

type Props = {readonly state: State; readonly context: string; readonly pool: string; readonly width: number; readonly height: number; readonly now: number};

/** The gate id, or `—` when the probe named none (error, timeout): its status and reason say why. */
export function gateCell(node: NodeInfo, probe: NodeProbe | null): Cell {
	const result = probe?.result ?? null;
	if (result !== null) {
		if (result.status === 'ok') return {text: 'none', tone: 'good'};
		if (result.gate !== null) return {text: result.gate, tone: 'bad', bold: true};
		return {text: '—', tone: 'muted'};
	}
	const {status, gate} = node.prediction;
	if (status === 'likely-blocked' && gate !== null) return {text: `~${gate} (predicted)`, tone: 'muted'};
	if (status === 'likely-ready') return {text: '~none (predicted)', tone: 'muted'};
	return {text: '?', tone: 'muted'};
}

export function NodesScreen({state, context, pool, width, height, now}: Props) {
	const rows = nodeRows(state, context, pool);
	const cursor = cursorOf(state, {kind: 'nodes', context, pool});
	const probes = state.probes[context]?.nodes;
	const isRunning = state.probes[context]?.session?.active === true;
	const columns = useMemo<Column<NodeInfo>[]>(() => {
		const probeOf = (node: NodeInfo) => probes?.[node.name] ?? null;
		return [
			{id: 'name', header: 'NODE', min: 16, max: 44, priority: 0, cell: (node) => ({text: node.name})},
			{id: 'probe', header: 'PROBE', min: 16, max: 26, priority: 0, cell: (node) => probeCell(probeOf(node), now)},
			{id: 'gate', header: 'GATE', min: 12, max: 30, priority: 0, cell: (node) => gateCell(node, probeOf(node))},
			{id: 'ready', header: 'STATUS', min: 8, priority: 2, cell: (node) => (node.ready === null ? {text: '?', tone: 'muted'} : node.ready ? {text: 'Ready'} : {text: 'NotReady', tone: 'warn'})},
			{id: 'os', header: 'OS', min: 14, max: 38, priority: 3, cell: (node) => ({text: node.osImage ?? '—'})},
			{id: 'kernel', header: 'KERNEL', min: 12, max: 34, priority: 4, cell: (node) => ({text: node.kernelVersion ?? '—'})},
			{id: 'runtime', header: 'RUNTIME', min: 14, max: 34, priority: 5, cell: (node) => ({text: node.containerRuntime ?? '—'})},
		];
	// `now` only matters while a run ticks; otherwise it must not rebuild every row.
	}, [probes, isRunning ? now : 0]);
	const summaryLines = 3;
	return (
		<Box flexDirection="column" height={height}>
			<WindowedTable rows={rows} rowKey={(node) => node.name} columns={columns} cursor={cursor} height={Math.max(2, height - summaryLines)} width={width} empty="No node matches the filter." />
			<Box flexDirection="column" height={summaryLines} overflowY="hidden">
				<RunSummary state={state} context={context} now={now} />
			</Box>
		</Box>
	);
}
