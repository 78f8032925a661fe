// A snippet exactly as it must be typed or pasted: never truncated (it wraps), with its language.
import React from 'react';
import {Box, Text} from 'ink';
import type {Snippet} from '../../domain/types.js';
import {useTone} from './color.js';

export function SnippetBox({snippet, width, maxLines, canWrite}: {readonly snippet: Snippet; readonly width: number; readonly maxLines: number; readonly canWrite: boolean}) {
	const tone = useTone();
	const lines = snippet.content.replace(/\n+$/, '').split('\n');
	const shown = lines.length > maxLines ? lines.slice(0, Math.max(1, maxLines - 1)) : lines;
	return (
		<Box flexDirection="column" borderStyle="single" borderColor={tone('muted')} paddingX={1} width={Math.min(width, 120)}>
			<Text dimColor>
				{snippet.language} — c copies it{canWrite ? ', w writes it to a file' : ''}
			</Text>
			{shown.map((line, index) => (
				<Text key={index} color={tone('info')}>
					{line === '' ? ' ' : line}
				</Text>
			))}
			{shown.length < lines.length ? <Text dimColor>… {lines.length - shown.length} more lines (c copies all of it)</Text> : null}
		</Box>
	);
}
