// Plain tables for the non-interactive commands, drawn by ink-table and rendered to a string.
// ink-table puts a rule between every row; ours keeps only the one under the heading, so a pool of
// 50 nodes reads as 50 lines. Ink lays out every cell with Yoga (about 3 ms a row), so lists longer
// than `inkRowLimit` are drawn line by line with ink-table's own column widths and the same frame.
import React from 'react';
import {Box, renderToString} from 'ink';
import {Table} from 'ink-table';

export type Row = Record<string, string>;

const inkRowLimit = 300;

type RowPart = (props: {key: string; columns: unknown; data: Record<string, unknown>}) => React.JSX.Element;
type Parts = {header: RowPart; heading: RowPart; separator: RowPart; data: RowPart; footer: RowPart};
type Column = {key: string; width: number};

class CompactTable extends Table<Row> {
	override render() {
		const parts = this as unknown as Parts;
		const columns = this.getColumns();
		return (
			<Box flexDirection="column">
				{parts.header({key: 'header', columns, data: {}})}
				{parts.heading({key: 'heading', columns, data: this.getHeadings()})}
				{parts.separator({key: 'separator', columns, data: {}})}
				{this.props.data.map((row, index) => <React.Fragment key={index}>{parts.data({key: `row-${index}`, columns, data: row})}</React.Fragment>)}
				{parts.footer({key: 'footer', columns, data: {}})}
			</Box>
		);
	}
}

export function renderTable(rows: readonly Row[], options: {columns?: readonly string[]} = {}): string {
	if (rows.length === 0) return '';
	const columns = options.columns ?? Object.keys(rows[0]!);
	const data = rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? ''])));
	const text = data.length <= inkRowLimit
		? renderToString(<CompactTable data={data} columns={[...columns]} />, {columns: 1000})
		: drawLines(data, new CompactTable({data, columns: [...columns]}).getColumns() as Column[]);
	return `${text.replace(/[ \t]+$/gm, '')}\n`;
}

function drawLines(data: readonly Row[], columns: readonly Column[]): string {
	const rule = (left: string, cross: string, right: string) => left + columns.map((column) => '─'.repeat(column.width)).join(cross) + right;
	const line = (row: Row) => '│' + columns.map((column) => ` ${(row[column.key] ?? '').padEnd(column.width - 2)} `).join('│') + '│';
	const heading = Object.fromEntries(columns.map((column) => [column.key, column.key]));
	return [rule('┌', '┬', '┐'), line(heading), rule('├', '┼', '┤'), ...data.map(line), rule('└', '┴', '┘')].join('\n');
}
