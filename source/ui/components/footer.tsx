// The keys that work here, drawn from the same key table that handles them. Two lines at most;
// what does not fit is still listed under `?`.
import React from 'react';
import {Box, Text} from 'ink';
import type {Binding} from '../keymap.js';

type Props = {readonly bindings: readonly Binding[]; readonly width: number};

export function footerLines(bindings: readonly Binding[], width: number, maxLines = 2): string[] {
	const items = bindings.filter((binding) => binding.footer && binding.label !== '').map((binding) => `${binding.label} ${binding.does}`);
	const lines: string[] = [];
	let line = '';
	for (const item of items) {
		const next = line === '' ? item : `${line}  ${item}`;
		if (next.length <= width) {
			line = next;
			continue;
		}
		if (lines.length + 1 >= maxLines) break;
		lines.push(line);
		line = item.length <= width ? item : item.slice(0, width);
	}
	if (line !== '') lines.push(line);
	return lines;
}

export function Footer({bindings, width}: Props) {
	return (
		<Box flexDirection="column">
			{footerLines(bindings, width).map((line, index) => (
				<Text key={index} dimColor wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}
