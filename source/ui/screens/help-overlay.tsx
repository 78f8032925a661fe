// `?`: every key that works on the screen underneath, from the same table that handles them.
import React from 'react';
import {Text} from 'ink';
import type {Binding} from '../keymap.js';
import {Dialog} from '../components/dialog.js';

type Props = {readonly bindings: readonly Binding[]; readonly width: number};

export function HelpOverlay({bindings, width}: Props) {
	const shown = bindings.filter((binding) => binding.label !== '');
	const labelWidth = Math.max(...shown.map((binding) => binding.label.length), 4) + 2;
	return (
		<Dialog title="Keys on this screen" width={width}>
			{shown.map((binding) => (
				<Text key={binding.label + binding.does} wrap="truncate">
					<Text bold>{binding.label.padEnd(labelWidth)}</Text>
					{binding.does}
				</Text>
			))}
			<Text dimColor>Statuses: ✓ ok · ✗ failed (blocked) · ! error/timeout · ↻ running · · pending · ~ predicted (not probed yet)</Text>
			<Text dimColor>? or Esc closes this help.</Text>
		</Dialog>
	);
}
