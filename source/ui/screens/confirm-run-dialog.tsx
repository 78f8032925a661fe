// Type-to-confirm before prg-doctor runs a fix's command on this machine. The exact command is
// shown; nothing runs until the shown word is typed and Enter pressed.
import React from 'react';
import {Text} from 'ink';
import type {Dialog as DialogState} from '../model.js';
import {Dialog} from '../components/dialog.js';
import {useTone} from '../components/color.js';

type Props = {readonly dialog: Extract<DialogState, {kind: 'confirm-run'}>; readonly width: number};

export function ConfirmRunDialog({dialog, width}: Props) {
	const tone = useTone();
	const {command} = dialog;
	return (
		<Dialog title="Run this command on this machine?" width={width} tone="warn">
			<Text bold color={tone('info')}>
				{command.run}
			</Text>
			<Text>
				{command.changesMachine ? 'It changes this machine' : 'It only reads'}
				{command.needsRoot ? ' and needs root (sudo may ask for your password)' : ''}. The terminal is the command’s until it ends.
			</Text>
			<Text>
				Type <Text bold>{dialog.word}</Text> and press Enter to run it, Esc to cancel: <Text bold inverse>{dialog.typed}</Text>
				<Text inverse> </Text>
			</Text>
		</Dialog>
	);
}
