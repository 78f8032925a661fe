// Asked before stopping a probe run (Esc or q while it runs): stopping deletes the run's pods.
import React from 'react';
import {Text} from 'ink';
import type {Dialog as DialogState} from '../model.js';
import {Dialog} from '../components/dialog.js';

type Props = {readonly dialog: Extract<DialogState, {kind: 'confirm-stop'}>; readonly width: number};

export function ConfirmStopDialog({dialog, width}: Props) {
	const where = dialog.contexts.join(', ');
	return (
		<Dialog title={dialog.then === 'quit' ? 'Quit while probing?' : 'Stop probing?'} width={width} tone="warn">
			<Text>A probe run is going on {where}. Stopping it deletes its probe pods; results so far stay on screen.</Text>
			<Text>
				<Text bold>y</Text> {dialog.then === 'quit' ? 'stop it and quit' : 'stop it'} · <Text bold>n</Text> or <Text bold>Esc</Text> keep it running
			</Text>
		</Dialog>
	);
}
