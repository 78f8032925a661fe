// The explorer's root: the reducer, the one key handler, the hooks that perform its effects, the
// terminal size and clock — and the pure App that draws it all.
import React, {useLayoutEffect, useMemo, useReducer, useRef} from 'react';
import {writeFileSync} from 'node:fs';
import type {Catalog, State} from './model.js';
import {createReducer} from './state.js';
import {activeContexts} from './select.js';
import type {Services} from './services.js';
import type {Tasks} from './tasks.js';
import {App, layoutOf} from './app.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useClock} from './hooks/use-clock.js';
import {useKeys} from './hooks/use-keys.js';
import {useClusterData} from './hooks/use-cluster-data.js';
import {useProbeRunner} from './hooks/use-probe-runner.js';
import {useHostCheck} from './hooks/use-host-check.js';
import {useClipboard} from './hooks/use-clipboard.js';
import {useCommandRunner} from './hooks/use-command-runner.js';
import {useQuit} from './hooks/use-quit.js';
import {startupDone} from '../boot/checkpoint.js';

export type ExplorerProps = {
	readonly initial: State;
	readonly services: Services;
	readonly catalog: Catalog;
	readonly tasks: Tasks;
	readonly isColor: boolean;
	readonly banner: string | null;
	/** Called once everything has settled after `q`. */
	readonly onExit: (state: State) => void;
	/** Benchmarks: write Date.now() here once the first frame is drawn. */
	readonly firstFrameFile?: string;
};

export function Explorer({initial, services, catalog, tasks, isColor, banner, onExit, firstFrameFile}: ExplorerProps) {
	const reducer = useMemo(() => createReducer(catalog), [catalog]);
	const [state, dispatch] = useReducer(reducer, initial);
	const {columns, rows} = useTerminalSize();
	const now = useClock(activeContexts(state).length > 0);
	const layout = layoutOf(state, columns, rows, banner);
	// Declared before the command runner: its effect turns raw mode off before a command starts.
	useKeys(dispatch, layout.pageRows, !state.isRunningCommand, {columns, height: layout.bodyHeight});
	useClusterData(state.outbox, dispatch, services, tasks);
	useProbeRunner(state.outbox, dispatch, services, tasks);
	useHostCheck(state.outbox, dispatch, services, tasks);
	useClipboard(state.outbox, dispatch, services);
	useCommandRunner(state.outbox, state.isRunningCommand, dispatch, services, tasks);
	useQuit(state.outbox, dispatch, tasks, () => onExit(state));
	// A layout effect runs right after Ink has written the committed frame.
	useLayoutEffect(() => {
		if (firstFrameFile) writeFileSync(firstFrameFile, String(Date.now()));
		startupDone();
	}, []);
	// While a command owns the terminal the frame must not change: Ink would draw over the command.
	const frozen = useRef<{state: State; now: number} | null>(null);
	if (!state.isRunningCommand) frozen.current = null;
	else frozen.current ??= {state, now};
	const shown = frozen.current ?? {state, now};
	return <App state={shown.state} columns={columns} rows={rows} now={shown.now} isColor={isColor} banner={banner} />;
}
