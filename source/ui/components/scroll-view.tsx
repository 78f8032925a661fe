// A reading screen taller than the terminal: the lines in view, and a line at the top or the bottom
// saying how many are out of view and which keys bring them in. The reducer keeps the offset within
// scrollMax(); a resize may still leave it past the end, so it is clamped here too.
import React from 'react';
import {Box, Text} from 'ink';

/**
 * The furthest offset: the last line just in view, under the "above" line. Offset N > 0 hides N + 1
 * lines (the "above" line takes the first line's place), so every step brings a new line in.
 */
export function scrollMax(lineCount: number, height: number): number {
	const visible = Math.max(3, height);
	return lineCount <= visible ? 0 : lineCount - visible;
}

export function ScrollView({rows, offset: wanted, height}: {readonly rows: readonly React.ReactElement[]; readonly offset: number; readonly height: number}) {
	const visible = Math.max(3, height);
	if (rows.length <= visible) return <Box flexDirection="column">{rows}</Box>;
	const offset = Math.min(wanted, scrollMax(rows.length, height));
	const hidden = offset === 0 ? 0 : offset + 1;
	const room = visible - (hidden > 0 ? 1 : 0);
	const fits = rows.length - hidden <= room;
	const content = rows.slice(hidden, hidden + (fits ? room : room - 1));
	const below = rows.length - hidden - content.length;
	return (
		<Box flexDirection="column">
			{hidden > 0 ? <Text dimColor>… {hidden} lines above (↑/k scrolls, g to the top)</Text> : null}
			{content}
			{below > 0 ? <Text dimColor>… {below} more line{below === 1 ? '' : 's'} below (↓/j scrolls, G to the end)</Text> : null}
		</Box>
	);
}
