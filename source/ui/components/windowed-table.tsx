// A table that renders only the rows in view, so a pool of 5,000 nodes scrolls as fast as one of
// five. Columns carry a priority: on a narrow terminal the least important drop out first, and
// what stays truncates with an ellipsis. Each row is one Text with coloured segments (cheap to lay
// out) and is memoised on what it shows.
import React, {memo} from 'react';
import {Box, Text} from 'ink';
import type {Tone} from '../theme.js';
import {fit} from '../text.js';
import {useTone} from './color.js';

export type Cell = {readonly text: string; readonly tone?: Tone; readonly bold?: boolean};

export type Column<Row> = {
	readonly id: string;
	readonly header: string;
	/** Narrowest useful width; the column drops out rather than go below it. */
	readonly min: number;
	readonly max?: number;
	/** Lower is more important (0 never drops). */
	readonly priority: number;
	readonly align?: 'left' | 'right';
	readonly cell: (row: Row) => Cell;
};

type Props<Row> = {
	readonly rows: readonly Row[];
	readonly rowKey: (row: Row) => string;
	readonly columns: readonly Column<Row>[];
	readonly cursor: number;
	/** Lines available, including the header line. */
	readonly height: number;
	readonly width: number;
	readonly empty: string;
};

const gap = 2;
const marker = 2;

/**
 * Which columns fit, and how wide each is. Columns keep their minimum; spare width goes, in
 * priority order, first to what the visible cells need (`desired`), then up to each column's max.
 */
export function layoutColumns<Row>(columns: readonly Column<Row>[], width: number, desired: readonly number[] = []): {column: Column<Row>; width: number}[] {
	const byPriority = [...columns].sort((a, b) => a.priority - b.priority);
	const max = (column: Column<Row>) => column.max ?? column.min;
	const wants = (column: Column<Row>) => Math.min(max(column), Math.max(column.min, column.header.length, desired[columns.indexOf(column)] ?? 0));
	// Important columns first, each at what its cells want if that fits, else at its minimum.
	const given = new Map<Column<Row>, number>();
	let used = marker;
	for (const column of byPriority) {
		const spacing = given.size > 0 ? gap : 0;
		const size = used + spacing + wants(column) <= width ? wants(column) : column.min;
		if (column.priority > 0 && used + spacing + size > width) continue;
		given.set(column, size);
		used += spacing + size;
	}
	const shown = columns.filter((column) => given.has(column));
	const widths = shown.map((column) => given.get(column)!);
	let spare = Math.max(0, width - used);
	const grow = (limit: (column: Column<Row>, index: number) => number) => {
		for (const column of byPriority) {
			const index = shown.indexOf(column);
			if (index < 0 || spare === 0) continue;
			const grant = Math.max(0, Math.min(limit(column, index) - widths[index]!, spare));
			widths[index]! += grant;
			spare -= grant;
		}
	};
	grow(wants);
	grow(max);
	return shown.map((column, index) => ({column, width: widths[index]!}));
}

/** The first row in view: the cursor stays in the window, roughly centred. */
export function windowStart(count: number, cursor: number, visible: number): number {
	if (count <= visible) return 0;
	return Math.max(0, Math.min(cursor - Math.floor(visible / 2), count - visible));
}

type RowProps = {readonly cells: readonly Cell[]; readonly widths: readonly number[]; readonly aligns: readonly ('left' | 'right')[]; readonly isSelected: boolean};

/** Adjacent cells of the same style become one segment: fewer escape codes for Ink to parse per frame. */
function segmentsOf(cells: readonly Cell[], widths: readonly number[], aligns: readonly ('left' | 'right')[]): Cell[] {
	const segments: Cell[] = [];
	cells.forEach((cell, index) => {
		const text = (index > 0 ? ' '.repeat(gap) : '') + fit(cell.text, widths[index]!, aligns[index]);
		const last = segments.at(-1);
		if (last !== undefined && last.tone === cell.tone && last.bold === cell.bold) segments[segments.length - 1] = {...last, text: last.text + text};
		else segments.push({text, tone: cell.tone, bold: cell.bold});
	});
	return segments;
}

const TableRow = memo(function TableRow({cells, widths, aligns, isSelected}: RowProps) {
	const tone = useTone();
	return (
		<Text wrap="truncate" inverse={isSelected} bold={isSelected}>
			{isSelected ? '› ' : '  '}
			{segmentsOf(cells, widths, aligns).map((segment, index) =>
				segment.tone === undefined && !segment.bold ? (
					segment.text
				) : (
					<Text key={index} color={tone(segment.tone)} bold={segment.bold}>
						{segment.text}
					</Text>
				),
			)}
		</Text>
	);
}, (before, after) => before.isSelected === after.isSelected && before.widths.join() === after.widths.join() && before.cells.length === after.cells.length && before.cells.every((cell, index) => {
	const other = after.cells[index]!;
	return cell.text === other.text && cell.tone === other.tone && cell.bold === other.bold;
}));

export function WindowedTable<Row>({rows, rowKey, columns, cursor, height, width, empty}: Props<Row>) {
	const visible = Math.max(1, height - 1);
	const start = windowStart(rows.length, cursor, visible);
	const slice = rows.slice(start, start + visible);
	const cells = slice.map((row) => columns.map((column) => column.cell(row)));
	const desired = columns.map((_, index) => Math.max(0, ...cells.map((row) => row[index]!.text.length)));
	const layout = layoutColumns(columns, width, desired);
	const widths = layout.map((entry) => entry.width);
	const aligns = layout.map((entry) => entry.column.align ?? 'left');
	const shownIndex = layout.map((entry) => columns.indexOf(entry.column));
	const header = layout.map((entry, index) => (index > 0 ? ' '.repeat(gap) : '') + fit(entry.column.header, entry.width, aligns[index])).join('');
	const position = rows.length > visible ? ` ${start + 1}–${start + slice.length} of ${rows.length}` : '';
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate" bold dimColor>
				{'  ' + fit(header, Math.max(0, width - marker - position.length)) + position}
			</Text>
			{slice.length === 0 ? <Text dimColor>  {empty}</Text> : null}
			{slice.map((row, index) => (
				<TableRow key={rowKey(row)} cells={shownIndex.map((column) => cells[index]![column]!)} widths={widths} aligns={aligns} isSelected={start + index === cursor} />
			))}
		</Box>
	);
}
