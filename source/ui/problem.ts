// Any error as a Problem the screen can show in place: the cause, and the next step when the
// error carries one (KubeError / UsageError). A bug's message is shown too rather than crashing.
import {KubeError, UsageError} from '../errors.js';
import type {Problem} from './model.js';

export function problemOf(error: unknown): Problem {
	if (error instanceof KubeError || error instanceof UsageError) return {message: error.message, hint: error.hint};
	if (error instanceof Error) return {message: error.message, hint: null};
	return {message: String(error), hint: null};
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
	return signal.aborted || (error instanceof KubeError && error.kind === 'aborted') || (error instanceof Error && error.name === 'AbortError');
}
