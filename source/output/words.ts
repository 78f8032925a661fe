// Status words with symbols, so meaning never rests on colour alone (shared screens, NO_COLOR).
import type {PredictionStatus, ProbeStatus} from '../domain/types.js';

const probeSymbols: Record<ProbeStatus, string> = {
	pending: '·',
	running: '…',
	ok: '✔',
	failed: '✘',
	error: '!',
	timeout: '⧗',
	skipped: '-',
};

const predictionSymbols: Record<PredictionStatus, string> = {
	'likely-ready': '○',
	'likely-blocked': '⊘',
	unknown: '?',
};

export function probeWord(status: ProbeStatus): string {
	return `${probeSymbols[status]} ${status}`;
}

export function predictionWord(status: PredictionStatus): string {
	return `${predictionSymbols[status]} ${status}`;
}

export function duration(ms: number | null): string {
	if (ms === null) return '-';
	return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

export function truncate(text: string, width: number): string {
	return text.length <= width ? text : `${text.slice(0, Math.max(width - 1, 0))}…`;
}

/** Word-wraps prose to `width` columns (snippets and commands are never wrapped). */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line === '') line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line !== '') lines.push(line);
	return lines.length > 0 ? lines : [''];
}
