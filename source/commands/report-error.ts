// How an error reaches the user: one line of cause, one line of next step, exit 2. A stack trace
// only for real bugs.
import {KubeError, UsageError} from '../errors.js';

export function usageLine(cause: string, next: string): string {
	return `prg-doctor: ${cause}\n  next: ${next}\n`;
}

export function formatError(error: unknown): {text: string; isBug: boolean} {
	if (error instanceof KubeError || error instanceof UsageError) {
		return {text: usageLine(oneLine(error.message), oneLine(error.hint)), isBug: false};
	}
	const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
	return {
		text: `prg-doctor: internal error (a bug; please report it with the lines below)\n${detail}\n`,
		isBug: true,
	};
}

function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}
