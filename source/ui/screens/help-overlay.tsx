// `?`: every key that works on the screen underneath, from the same table that handles them, in
// two columns so it fits 80x24.
import React from 'react';
import {Box, Text} from 'ink';
import type {Binding} from '../keymap.js';
import {Dialog} from '../components/dialog.js';
import {truncate} from '../text.js';

type Props = {readonly bindings: readonly Binding[]; readonly width: number};

export function HelpOverlay({bindings, width}: Props) {
	const shown = bindings.filter((binding) => binding.label !== '');
	const labelWidth = Math.max(...shown.map((binding) => binding.label.length), 4) + 1;
	const half = Math.ceil(shown.length / 2);
	const columnWidth = Math.floor((Math.min(width, 100) - 6) / 2);
	const column = (items: readonly Binding[]) => (
		<Box flexDirection="column" width={columnWidth}>
			{items.map((binding) => (
				<Text key={binding.label + binding.does} wrap="truncate">
					<Text bold>{binding.label.padEnd(labelWidth)}</Text>
					{truncate(binding.does, columnWidth - labelWidth)}
				</Text>
			))}
		</Box>
	);
	return (
		<Dialog title="Keys on this screen" width={width}>
			<Box>
				{column(shown.slice(0, half))}
				{column(shown.slice(half))}
			</Box>
			<Text dimColor>✓ ok · ✗ failed (blocked) · ! error/timeout · ↻ running · · pending · ~ predicted, not probed</Text>
			<Text dimColor>? or Esc closes this help.</Text>
		</Dialog>
	);
}
