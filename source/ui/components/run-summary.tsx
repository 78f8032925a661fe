// The state of a context's probe run, in one or two lines: live counts while it runs, then the
// summary, which stays on screen until the next run (or why it stopped or could not start).
import React from 'react';
import {Text} from 'ink';
import type {ProbeSession, State} from '../model.js';
import {seconds} from '../text.js';
import {listKey} from '../select.js';
import {useTone} from './color.js';
import {ProblemLine} from './problem-line.js';

type Props = {readonly state: State; readonly context: string; readonly now: number};

export function sessionCounts(state: State, context: string, session: ProbeSession) {
	const counts = {pending: 0, running: 0, ok: 0, failed: 0, error: 0, timeout: 0, skipped: 0};
	const nodes = state.probes[context]?.nodes ?? {};
	for (const name of session.nodes) {
		const probe = nodes[name];
		if (probe !== undefined) counts[probe.status]++;
	}
	return counts;
}

/** With a filter kept on this list, the first Esc clears it (keymap.ts); say so. */
function stopHint(state: State): string {
	const key = listKey(state.screen);
	return key !== null && (state.filters[key] ?? '') !== '' ? 'Esc clears the filter, Esc again stops' : 'Esc stops';
}

export function RunSummary({state, context, now}: Props) {
	const tone = useTone();
	const session = state.probes[context]?.session ?? null;
	if (session === null) return null;
	const run = session.runId ? ` ${session.runId}` : '';
	if (session.active) {
		const counts = sessionCounts(state, context, session);
		const elapsed = session.startedAt === null ? '' : ` · ${seconds(now - session.startedAt)}`;
		const text = session.stopping
			? `■ Stopping run${run}: deleting its probe pods…`
			: `↻ Probing ${session.nodes.length} node${session.nodes.length === 1 ? '' : 's'} (run${run}): ${counts.ok} ok, ${counts.failed} failed, ${counts.error + counts.timeout} error, ${counts.running} running, ${counts.pending} pending${elapsed} · ${stopHint(state)}`;
		return (
			<Text color={tone(session.stopping ? 'warn' : 'busy')} wrap="truncate">
				{text}
			</Text>
		);
	}
	if (session.problem !== null) return <ProblemLine prefix="The probe could not run" problem={session.problem} />;
	const cleanup = session.cleanup === null ? '' : session.cleanup.failed.length > 0 ? ` · ${session.cleanup.failed.length} pods NOT deleted: run prg-doctor cleanup` : ' · probe pods deleted';
	if (session.stopped) {
		return (
			<Text color={tone('warn')} wrap="truncate">
				■ Run{run} stopped{cleanup}
			</Text>
		);
	}
	const summary = session.run?.summary;
	if (summary === undefined) return null;
	const undetermined = summary.error + summary.timeout;
	const duration = session.run ? ` in ${seconds(session.run.durationMs)}` : '';
	return (
		<Text color={tone(summary.failed > 0 ? 'bad' : undetermined > 0 ? 'warn' : 'good')} wrap="truncate">
			Last run{run}: {summary.probed} probed{duration} — {summary.ok} ok, {summary.failed} failed (blocked), {undetermined} undetermined{cleanup}
		</Text>
	);
}
