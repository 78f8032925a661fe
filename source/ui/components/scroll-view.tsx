// A reading screen taller than the terminal: the lines in view, and a line at the top or the bottom
// saying how many are out of view and which keys bring them in. The reducer keeps the offset within
// scrollMax(); a resize may still leave it past the end, so it is clamped here too.
import React from 'react';
import {Box, Text} from 'ink';

/** The furthest offset: the last line just in view, under the "above" line. */
export function scrollMax(lineCount: number, height: number): number {
	const visible = Math.max(3, height);
	return lineCount <= visible ? 0 : lineCount - (visible - 1);
}

export function ScrollView({rows, offset: wanted, height}: {readonly rows: readonly React.ReactElement[]; readonly offset: number; readonly height: number}) {
	const visible = Math.max(3, height);
	if (rows.length <= visible) return <Box flexDirection="column">{rows}</Box>;
	const offset = Math.min(wanted, scrollMax(rows.length, height));
	const room = visible - (offset > 0 ? 1 : 0);
	const fits = rows.length - offset <= room;
	const content = rows.slice(offset, offset + (fits ? room : room - 1));
	const below = rows.length - offset - content.length;
	return (
		<Box flexDirection="column">
			{offset > 0 ? <Text dimColor>… {offset} line{offset === 1 ? '' : 's'} above (↑/k scrolls, g to the top)</Text> : null}
			{content}
			{below > 0 ? <Text dimColor>… {below} more line{below === 1 ? '' : 's'} below (↓/j scrolls, G to the end)</Text> : null}
		</Box>
	);
}
