// One line that must not be missed: demo mode, read-only mode.
import React from 'react';
import {Text} from 'ink';
import {truncate} from '../text.js';
import {useTone} from './color.js';

type Props = {readonly text: string; readonly width: number; readonly tone?: 'warn' | 'info'};

export function Banner({text, width, tone = 'warn'}: Props) {
	const color = useTone();
	return (
		<Text bold inverse color={color(tone)} wrap="truncate">
			{truncate(` ${text} `, width)}
		</Text>
	);
}
