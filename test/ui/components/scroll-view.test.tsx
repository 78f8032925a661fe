// Scrolling a reading screen: every step brings a new line into view, the end is reachable and
// shown whole, and what is out of view is counted.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {ScrollView, scrollMax} from '../../../source/ui/components/scroll-view.js';

const rows = Array.from({length: 20}, (_, index) => <Text key={index}>row {index}</Text>);

function draw(offset: number, height = 8): string[] {
	const instance = render(<ScrollView rows={rows} offset={offset} height={height} />);
	const frame = instance.lastFrame() ?? '';
	instance.unmount();
	return frame.split('\n');
}

test('each step down shows a row that was not in view before', () => {
	let seen = new Set(draw(0).filter((line) => line.startsWith('row')));
	for (let offset = 1; offset <= scrollMax(rows.length, 8); offset++) {
		const shown = draw(offset).filter((line) => line.startsWith('row'));
		assert.ok(shown.some((line) => !seen.has(line)), `offset ${offset} shows nothing new: ${shown.join(', ')}`);
		seen = new Set(shown);
	}
});

test('the top, the middle and the end say what is out of view, and the end shows the last row', () => {
	assert.deepEqual(draw(0), ['row 0', 'row 1', 'row 2', 'row 3', 'row 4', 'row 5', 'row 6', '… 13 more lines below (↓/j scrolls, G to the end)']);
	const middle = draw(3);
	assert.equal(middle[0], '… 4 lines above (↑/k scrolls, g to the top)');
	assert.match(middle.at(-1)!, /more lines below/);
	const end = draw(scrollMax(rows.length, 8));
	assert.equal(end.at(-1), 'row 19');
	assert.equal(end.length, 8);
	assert.deepEqual(draw(99), end, 'an offset past the end shows the end');
});
