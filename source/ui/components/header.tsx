// Where you are: the path of screens on the left, namespace, server version and mode on the right.
import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../text.js';
import {useTone} from './color.js';

type Props = {
	readonly path: readonly string[];
	readonly details: readonly string[];
	readonly width: number;
};

export function Header({path, details, width}: Props) {
	const tone = useTone();
	const right = details.filter(Boolean).join(' · ');
	const room = Math.max(10, width - right.length - 2);
	const left = truncate(['prg-doctor', ...path].join(' › '), room);
	return (
		<Box width={width} justifyContent="space-between">
			<Text bold color={tone('info')} wrap="truncate">
				{left}
			</Text>
			<Text dimColor wrap="truncate">
				{truncate(right, Math.max(0, width - left.length - 2))}
			</Text>
		</Box>
	);
}
