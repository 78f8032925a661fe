// A bordered box for questions and overlays, drawn in place of the screen body.
import React, {type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {useTone} from './color.js';

type Props = {readonly title: string; readonly width: number; readonly tone?: 'warn' | 'info'; readonly children: ReactNode};

export function Dialog({title, width, tone = 'info', children}: Props) {
	const color = useTone();
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color(tone)} paddingX={1} width={Math.min(width, 100)}>
			<Text bold color={color(tone)}>
				{title}
			</Text>
			{children}
		</Box>
	);
}
