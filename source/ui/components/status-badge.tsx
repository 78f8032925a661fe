// Statuses as symbol + word (+ colour): for table cells and for inline use.
import React from 'react';
import {Text} from 'ink';
import type {Prediction} from '../../domain/types.js';
import type {NodeProbe} from '../model.js';
import {predictionLooks, probeLooks, type Look} from '../theme.js';
import {seconds} from '../text.js';
import type {Cell} from './windowed-table.js';
import {useTone} from './color.js';

/** A node's live probe state: `↻ running 3.1s`, `✗ failed`, or `not probed`. */
export function probeCell(probe: NodeProbe | null, now: number): Cell {
	if (probe === null) return {text: 'not probed', tone: 'muted'};
	const look = probeLooks[probe.status];
	let elapsed = '';
	if (probe.status === 'running' && probe.startedAt !== null) elapsed = ` ${seconds(now - probe.startedAt)}`;
	else if (probe.result?.durationMs != null) elapsed = ` ${seconds(probe.result.durationMs)}`;
	// An error's reason starts with its code (`image-pull: …`); show the code, never a stray word.
	const code = probe.status === 'error' ? /^([a-z]+(?:-[a-z]+)*):/.exec(probe.result?.reason ?? '')?.[1] : undefined;
	const reason = code === undefined ? '' : ` ${code}`;
	return {text: `${look.symbol} ${look.word}${reason}${elapsed}`, tone: look.tone, bold: probe.status === 'failed'};
}

/** A prediction, always worded as one. */
export function predictionCell(prediction: Prediction): Cell {
	const look = predictionLooks[prediction.status];
	const gate = prediction.gate !== null && prediction.gate !== 'none' ? ` (${prediction.gate})` : '';
	return {text: `${look.symbol} ${look.word}${gate}`, tone: look.tone};
}

export function StatusBadge({look, detail}: {readonly look: Look; readonly detail?: string}) {
	const tone = useTone();
	return (
		<Text color={tone(look.tone)} bold>
			{look.symbol} {look.word}
			{detail ? <Text bold={false}> {detail}</Text> : null}
		</Text>
	);
}
