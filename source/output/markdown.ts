// Markdown that pastes cleanly into a ticket: pipes and newlines escaped inside cells.

export function markdownTable(rows: readonly Record<string, string>[], columns?: readonly string[]): string {
	if (rows.length === 0) return '_none_\n';
	const heads = columns ?? Object.keys(rows[0]!);
	const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
	return [line(heads), line(heads.map(() => '---')), ...rows.map((row) => line(heads.map((head) => row[head] ?? '')))].join('\n') + '\n';
}

export function codeBlock(content: string, language = ''): string {
	const fence = content.includes('```') ? '~~~~' : '```';
	return `${fence}${language}\n${content.replace(/\n$/, '')}\n${fence}\n`;
}

function cell(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
