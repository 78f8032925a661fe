// This machine as the host of a local cluster: OS, kernel, each check with its status word, the
// real unshare test, and the gate; f walks the host fix, r re-runs the check. Details wrap in full
// and the screen scrolls.
import React from 'react';
import {Text} from 'ink';
import type {State} from '../model.js';
import {useTone} from '../components/color.js';
import {ProblemLine} from '../components/problem-line.js';
import {hostLines} from '../host-view.js';
import {ScrollView} from '../components/scroll-view.js';

type Props = {readonly state: State; readonly context: string; readonly width: number; readonly height: number};

export function HostScreen({state, context, width, height}: Props) {
	const tone = useTone();
	const host = state.host;
	if (host === null || host.status === 'checking') return <Text dimColor>Checking this machine as the host of {context}…</Text>;
	if (host.status === 'failed') return <ProblemLine prefix="The host check could not run" problem={host.problem} />;
	const rows = hostLines(host.report, host.previous, width).map((line, index) => (
		<Text key={index} wrap="truncate" color={line.tone ? tone(line.tone) : undefined} bold={line.bold} dimColor={line.dim}>
			{line.lead ? <Text color={tone(line.lead.tone)}>{line.lead.text}</Text> : null}
			{line.text === '' && !line.lead ? ' ' : line.text}
		</Text>
	));
	return <ScrollView rows={rows} offset={state.scrolls[`host:${context}`] ?? 0} height={height} />;
}
