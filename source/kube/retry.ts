// When to retry a request and how long to wait. Idempotent requests retry on 429, 5xx gateway
// errors and dropped connections; a create retries only when the server provably did not take it
// (429 from priority-and-fairness), never after a dropped connection.

export const maxAttempts = 4;
const baseDelayMs = 200;
const maxDelayMs = 5_000;
/** A Retry-After longer than this is not waited out: the request fails and says so. */
const maxRetryAfterMs = 10_000;

const transientCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);
const retryableStatus = new Set([429, 500, 502, 503, 504]);

export function isTransientNetworkError(error: unknown): boolean {
	const {code, message} = error as {code?: string; message?: string};
	return (code !== undefined && transientCodes.has(code)) || message === 'socket hang up';
}

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
	return idempotent ? retryableStatus.has(status) : status === 429;
}

/** Exponential backoff with jitter (half to full of the step), at least what Retry-After asks. */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | null, random: () => number = Math.random): number {
	const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
	const jittered = step / 2 + (random() * step) / 2;
	if (retryAfterSeconds === null) return Math.round(jittered);
	return Math.round(Math.max(jittered, Math.min(retryAfterSeconds * 1000, maxRetryAfterMs)));
}

/** `Retry-After: 3` (seconds) or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || text.trim() === '') return null;
	if (/^\d+$/.test(text.trim())) return Number(text.trim());
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Resolves after `ms`, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason);
			return;
		}
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal!.reason);
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}
