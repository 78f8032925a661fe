import {test} from 'node:test';
import assert from 'node:assert/strict';
import {layoutColumns, windowStart, type Column} from '../../../source/ui/components/windowed-table.js';

type Row = {name: string};
const column = (id: string, priority: number, min: number, max?: number): Column<Row> => ({id, header: id.toUpperCase(), min, max, priority, cell: (row) => ({text: row.name})});
const columns = [column('name', 0, 10, 40), column('status', 0, 12, 20), column('os', 2, 14, 40), column('kernel', 3, 12, 30)];

test('narrow terminals drop the least important columns first', () => {
	assert.deepEqual(layoutColumns(columns, 80).map((entry) => entry.column.id), ['name', 'status', 'os', 'kernel']);
	assert.deepEqual(layoutColumns(columns, 50).map((entry) => entry.column.id), ['name', 'status', 'os']);
	assert.deepEqual(layoutColumns(columns, 30).map((entry) => entry.column.id), ['name', 'status']);
	assert.deepEqual(layoutColumns(columns, 10).map((entry) => entry.column.id), ['name', 'status'], 'priority 0 never drops');
});

test('spare width goes first to what the cells need, in priority order', () => {
	const layout = layoutColumns(columns, 70, [30, 12, 14, 12]);
	assert.deepEqual(layout.map((entry) => entry.column.id), ['name', 'status', 'os']);
	assert.ok(layout[0]!.width >= 30 && layout[2]!.width >= 14);
	const total = layout.reduce((sum, entry) => sum + entry.width, 0) + 2 * (layout.length - 1) + 2;
	assert.ok(total <= 70, `${total}`);
});

test('the window keeps the cursor in view and never scrolls past the end', () => {
	assert.equal(windowStart(10, 3, 20), 0);
	assert.equal(windowStart(5000, 0, 20), 0);
	assert.equal(windowStart(5000, 2500, 20), 2490);
	assert.equal(windowStart(5000, 4999, 20), 4980);
});
