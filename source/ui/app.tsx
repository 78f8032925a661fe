// The explorer's frame as a pure function of its props: header (where you are), an optional banner,
// the screen (or a dialog), one status line (notice, filter prompt) and the footer of keys. The
// frame stays one line shorter than the terminal so Ink redraws in place instead of clearing.
import React from 'react';
import {Box, Text} from 'ink';
import type {State} from './model.js';
import {bindingsFor} from './keymap.js';
import {contextEntry, isListScreen, listKey, loadedCluster, rowCount} from './select.js';
import {Header} from './components/header.js';
import {Footer, footerLines} from './components/footer.js';
import {Banner} from './components/banner.js';
import {ColorContext, useTone} from './components/color.js';
import {ContextsScreen} from './screens/contexts-screen.js';
import {PoolsScreen} from './screens/pools-screen.js';
import {NodesScreen} from './screens/nodes-screen.js';
import {NodeScreen} from './screens/node-screen.js';
import {FixScreen} from './screens/fix-screen.js';
import {HostScreen} from './screens/host-screen.js';
import {HelpOverlay} from './screens/help-overlay.js';
import {ConfirmStopDialog} from './screens/confirm-stop-dialog.js';
import {ConfirmRunDialog} from './screens/confirm-run-dialog.js';
import {truncate} from './text.js';

export type AppProps = {
	readonly state: State;
	readonly columns: number;
	readonly rows: number;
	readonly now: number;
	readonly isColor: boolean;
	/** Shown under the header on every screen (the demo says so here). */
	readonly banner: string | null;
};

export type Layout = {readonly bodyHeight: number; readonly footer: string[]; readonly pageRows: number};

export function layoutOf(state: State, columns: number, rows: number, banner: string | null): Layout {
	const firstGuess = bindingsFor(state, {pageRows: 10});
	const footer = footerLines(firstGuess, columns);
	const chrome = 1 + (banner ? 1 : 0) + 1 + footer.length;
	const bodyHeight = Math.max(3, rows - 1 - chrome);
	return {bodyHeight, footer, pageRows: Math.max(1, bodyHeight - 4)};
}

function pathOf(state: State): string[] {
	const screen = state.screen;
	switch (screen.kind) {
		case 'contexts':
			return ['contexts'];
		case 'pools':
			return [screen.context];
		case 'nodes':
			return [screen.context, screen.pool];
		case 'node': {
			const pool = (loadedCluster(state, screen.context)?.pools ?? []).find((candidate) => candidate.nodes.some((node) => node.name === screen.node));
			return [screen.context, pool?.name ?? '?', screen.node];
		}
		case 'host':
			return [screen.context, 'host check'];
		case 'fix':
			return [screen.verify.context, `fix ${screen.fix.id}`];
	}
}

function detailsOf(state: State): string[] {
	const screen = state.screen;
	if (screen.kind === 'contexts') return [`${state.contexts.length} contexts`, state.readOnly ? 'read-only' : ''];
	const context = screen.kind === 'fix' ? screen.verify.context : screen.context;
	const entry = contextEntry(state, context);
	const version = loadedCluster(state, context)?.version ?? entry?.version ?? null;
	return [`ns ${entry?.namespace ?? 'default'}`, version ?? '', state.readOnly ? 'read-only' : ''];
}

function StatusLine({state, width}: {readonly state: State; readonly width: number}) {
	const tone = useTone();
	const key = listKey(state.screen);
	const filter = key === null ? '' : (state.filters[key] ?? '');
	const count = isListScreen(state.screen) ? rowCount(state, state.screen) : 0;
	if (state.isQuitting) return <Text color={tone('warn')}>Quitting: stopping runs and deleting their probe pods…</Text>;
	if (state.isRunningCommand) return <Text color={tone('warn')}>Running the command; the terminal is its own until it ends…</Text>;
	if (state.isFiltering) {
		return (
			<Text wrap="truncate">
				/<Text bold>{filter}</Text>
				<Text inverse> </Text>
				<Text dimColor> {count} match{count === 1 ? '' : 'es'} · ↵ keeps · Esc clears</Text>
			</Text>
		);
	}
	if (state.notice !== null) {
		const noticeTone = {info: 'info', success: 'good', warn: 'warn', error: 'bad'} as const;
		return (
			<Text color={tone(noticeTone[state.notice.tone])} wrap="truncate">
				{truncate(state.notice.text, width)}
			</Text>
		);
	}
	if (filter !== '') return <Text dimColor wrap="truncate">filter “{filter}”: {count} shown · / edits · Esc clears</Text>;
	return <Text> </Text>;
}

function Body({state, columns, height, now}: {readonly state: State; readonly columns: number; readonly height: number; readonly now: number}) {
	const dialog = state.dialog;
	if (dialog?.kind === 'help') return <HelpOverlay bindings={bindingsFor({...state, dialog: null}, {pageRows: 10})} width={columns} />;
	if (dialog?.kind === 'confirm-stop') return <ConfirmStopDialog dialog={dialog} width={columns} />;
	if (dialog?.kind === 'confirm-run') return <ConfirmRunDialog dialog={dialog} width={columns} />;
	const screen = state.screen;
	switch (screen.kind) {
		case 'contexts':
			return <ContextsScreen state={state} width={columns} height={height} />;
		case 'pools':
			return <PoolsScreen state={state} context={screen.context} width={columns} height={height} now={now} />;
		case 'nodes':
			return <NodesScreen state={state} context={screen.context} pool={screen.pool} width={columns} height={height} now={now} />;
		case 'node':
			return <NodeScreen state={state} context={screen.context} node={screen.node} width={columns} height={height} now={now} />;
		case 'host':
			return <HostScreen state={state} context={screen.context} width={columns} height={height} />;
		case 'fix':
			return <FixScreen state={state} screen={screen} width={columns} height={height} now={now} />;
	}
}

/** Below this the screens overlap (columns drop to the name alone, the footer eats the body). */
export const minimumSize = {columns: 60, rows: 15};

export function App({state, columns, rows, now, isColor, banner}: AppProps) {
	if (columns < minimumSize.columns || rows < minimumSize.rows) {
		// Keys keep working (q quits, a resize brings the screen back); only the drawing waits.
		return (
			<Box flexDirection="column" width={columns}>
				<Text wrap="wrap">
					Terminal {columns}x{rows} is too small: enlarge it to {minimumSize.columns}x{minimumSize.rows} or more (80x24 is best) · q quits
				</Text>
			</Box>
		);
	}
	const layout = layoutOf(state, columns, rows, banner);
	return (
		<ColorContext.Provider value={isColor}>
			<Box flexDirection="column" width={columns}>
				<Header path={pathOf(state)} details={detailsOf(state)} width={columns} />
				{banner ? <Banner text={banner} width={columns} /> : null}
				{/* Clip rows only: every line already fits the width, and horizontal clipping would make Ink re-slice each line of every frame. */}
				<Box flexDirection="column" height={layout.bodyHeight} overflowY="hidden">
					{/* Natural height, clipped by the parent: shrinking would overprint wrapped lines. */}
					<Box flexDirection="column" flexShrink={0}>
						<Body state={state} columns={columns} height={layout.bodyHeight} now={now} />
					</Box>
				</Box>
				<StatusLine state={state} width={columns} />
				<Footer bindings={bindingsFor(state, {pageRows: layout.pageRows})} width={columns} />
			</Box>
		</ColorContext.Provider>
	);
}
