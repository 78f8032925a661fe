// Fitting text into columns: truncate with an ellipsis, pad to a width, format elapsed time. The
// explorer draws only single-width characters, so a string's length is its width on screen.
import {withoutEscapes} from '../domain/probe-output.js';

export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

export function seconds(ms: number): string {
	if (ms < 0) return '0.0s';
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
	const minutes = Math.floor(ms / 60_000);
	return `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** `sim-eks` from `https://…`, kept short: the host and port only. */
export function shortServer(server: string | null): string {
	if (server === null) return '—';
	return server.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** First line only, so a multi-line cause never breaks the layout. */
export function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * A line from outside (probe output, a kubelet or docker message) as it may be drawn: no escape
 * sequence reaches the terminal (an image could print one), tabs become spaces (width counts them
 * as nothing), other control characters a visible `?`.
 */
export function printable(line: string): string {
	return withoutEscapes(line).replace(/\t/g, '    ').replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}
