// Requests to one API server over node:http(s): JSON in and out, gzip, a deadline and an
// AbortSignal on every call, retries with backoff for what is safe to repeat, one credential
// refresh on a 401, and NDJSON streaming for watches. Every failure leaves as a KubeError.
import http, {type IncomingMessage} from 'node:http';
import https from 'node:https';
import type {Socket} from 'node:net';
import {promisify} from 'node:util';
import {gunzip} from 'node:zlib';
import {KubeError} from '../errors.js';
import type {ClusterAuth, Connection} from './auth.js';
import {abortedError, errorFromNetwork, errorFromResponse, parseStatus, timeoutError, type ErrorContext} from './errors.js';
import {isRetryableStatus, isTransientNetworkError, maxAttempts, parseRetryAfter, retryDelayMs, sleep} from './retry.js';

const gunzipAsync = promisify(gunzip);
const userAgent = 'prg-doctor (node)';

export type CallOptions = {
	readonly method: 'GET' | 'POST' | 'DELETE';
	/** Absolute API path with its query, e.g. `/api/v1/nodes?limit=500`. */
	readonly path: string;
	readonly body?: unknown;
	readonly accept?: string;
	/** Safe to send twice: GET, LIST, DELETE, access reviews. A create is not. */
	readonly idempotent: boolean;
	/** For messages: `list nodes`, `create pod in prg`. */
	readonly action: string;
	readonly namespace?: string;
	readonly signal?: AbortSignal;
	/** The whole call, retries included; for a watch, until the response headers arrive. */
	readonly timeoutMs: number;
};

export type StreamOptions = CallOptions & {
	/** No byte for this long ends the stream as if the server had closed it. */
	readonly idleTimeoutMs: number;
};

export type Target = {
	readonly server: string;
	readonly context: string;
	readonly user: string;
	/** Connect plus TLS handshake on a new connection; default 10 s, client-go's TLS handshake timeout. */
	readonly handshakeTimeoutMs?: number;
	/** How long a call waits for credentials (an exec plugin run) before giving up; default 15 s. */
	readonly credentialTimeoutMs?: number;
};

const defaultCredentialTimeoutMs = 15_000;

function seconds(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${ms}ms`;
}

export class Transport {
	readonly #auth: ClusterAuth;
	readonly #target: Target;
	readonly #base: string;

	constructor(auth: ClusterAuth, target: Target) {
		this.#auth = auth;
		this.#target = target;
		this.#base = target.server.replace(/\/+$/, '');
	}

	/** Resolves with the body of a 2xx answer; rejects with a KubeError otherwise. */
	async call(options: CallOptions): Promise<string> {
		const prepared = await this.#prepare(options);
		const deadline = deadlineSignal(options.timeoutMs, options.signal);
		try {
			return await this.#withRetries(options, deadline, async response => readBody(response), prepared);
		} finally {
			deadline.clear();
		}
	}

	/**
	 * Streams newline-delimited JSON to `onLine` until the server ends the stream, the connection
	 * drops, or the caller's signal aborts (all resolve: the caller resumes). A non-2xx answer, or
	 * an exception thrown by `onLine`, rejects.
	 */
	async stream(options: StreamOptions, onLine: (line: string) => void): Promise<void> {
		if (options.signal?.aborted) return;
		let prepared: Connection;
		try {
			prepared = await this.#prepare(options);
		} catch (error) {
			if (options.signal?.aborted) return;
			throw error;
		}
		let response: IncomingMessage;
		const deadline = deadlineSignal(options.timeoutMs, options.signal);
		try {
			response = await this.#withRetries(options, deadline, async answer => answer, prepared);
		} catch (error) {
			deadline.clear();
			if (options.signal?.aborted) return;
			throw error;
		}
		deadline.clear();
		await readLines(response, options.idleTimeoutMs, options.signal, onLine);
	}

	/**
	 * Credentials first, outside the request deadline: loading client-node or running an exec
	 * plugin (`aws eks get-token` takes a second or two) must not eat a 3 s reachability budget.
	 * The wait has its own bound (a plugin that takes longer is waiting for a login that will not
	 * come here); the caller's signal still cancels it.
	 */
	async #prepare(options: CallOptions): Promise<Connection> {
		const context = this.#context(options, 1);
		if (options.signal?.aborted) throw cancelled(context, options);
		// Module loading is not what the bound is for (it is slow only on a loaded test machine).
		await this.#auth.load();
		if (options.signal?.aborted) throw cancelled(context, options);
		const giveUp = new AbortController();
		const pending = this.#auth.connection(giveUp.signal);
		// The caller may stop waiting; a later failure of the abandoned fetch is not unhandled.
		pending.catch(() => {});
		const limitMs = Math.max(this.#target.credentialTimeoutMs ?? defaultCredentialTimeoutMs, options.timeoutMs);
		const signal = options.signal;
		let onAbort: () => void = () => {};
		let timer: NodeJS.Timeout | undefined;
		const stopped = new Promise<never>((_resolve, reject) => {
			onAbort = () => reject(cancelled(context, options));
			signal?.addEventListener('abort', onAbort, {once: true});
			timer = setTimeout(() => {
				reject(new KubeError('auth', `the credentials of user "${this.#target.user}" were not ready within ${seconds(limitMs)} (context ${this.#target.context})`, `its credential plugin may be waiting for a browser or device-code login: log in once in a terminal (\`kubectl get --raw /version --context ${this.#target.context}\`), then retry`, null));
			}, limitMs);
		});
		try {
			return await Promise.race([pending, stopped]);
		} catch (error) {
			giveUp.abort(error);
			throw error;
		} finally {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
		}
	}

	async #withRetries<T>(options: CallOptions, deadline: Deadline, onSuccess: (response: IncomingMessage) => Promise<T>, prepared: Connection): Promise<T> {
		let refreshed = false;
		for (let attempt = 1; ; attempt++) {
			const context = this.#context(options, attempt);
			try {
				// Later attempts ask again: a 401 may have invalidated the credentials.
				const connection = attempt === 1 ? prepared : await this.#auth.connection();
				const {response} = await this.#send(options, deadline.signal, connection);
				const status = response.statusCode ?? 0;
				if (status >= 200 && status < 300) return await onSuccess(response);
				const body = await readBody(response);
				if (status === 401 && this.#auth.refreshable && !refreshed) {
					refreshed = true;
					this.#auth.invalidate();
					continue;
				}
				const retryAfter = parseRetryAfter(response.headers['retry-after']) ?? parseStatus(body)?.details?.retryAfterSeconds ?? null;
				if (isRetryableStatus(status, options.idempotent) && attempt < maxAttempts) {
					const delay = retryDelayMs(attempt, retryAfter);
					if (deadline.remaining() > delay) {
						await sleep(delay, deadline.signal);
						continue;
					}
				}
				throw errorFromResponse(status, body, retryAfter, context);
			} catch (error) {
				if (error instanceof KubeError) throw error;
				if (options.signal?.aborted) throw cancelled(context, options);
				if (deadline.timedOut()) throw timeoutError(context, options.timeoutMs);
				const transient = isTransientNetworkError(error);
				// Not even on a reused keep-alive socket is a create safe to re-send: a reset can come
				// after the server made the pod (a load balancer cutting the answer), and a re-send makes
				// a twin. The caller gets `unreachable` and checks by label instead.
				if (transient && options.idempotent && attempt < maxAttempts) {
					const delay = retryDelayMs(attempt, null);
					if (deadline.remaining() > delay) {
						try {
							await sleep(delay, deadline.signal);
						} catch {
							if (options.signal?.aborted) throw cancelled(context, options);
							throw timeoutError(context, options.timeoutMs);
						}
						continue;
					}
				}
				if (transient && !options.idempotent) {
					throw new KubeError('unreachable', `connection to ${this.#target.server} dropped during ${options.action}; it may or may not have happened`, 'check for it (list by label) before trying again', null);
				}
				throw errorFromNetwork(error, context);
			}
		}
	}

	async #send(options: CallOptions, signal: AbortSignal, {agent, headers, direct}: Connection): Promise<{response: IncomingMessage}> {
		const url = new URL(this.#base + options.path);
		const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
		const requestHeaders: Record<string, string> = {
			...headers,
			accept: options.accept ?? 'application/json',
			'user-agent': userAgent,
		};
		if (options.accept !== 'text/plain' && options.method === 'GET') requestHeaders['accept-encoding'] = 'gzip';
		if (body) {
			requestHeaders['content-type'] = 'application/json';
			requestHeaders['content-length'] = String(body.length);
		}
		const client = url.protocol === 'http:' ? http : https;
		return new Promise((resolve, reject) => {
			const request = client.request(url, {method: options.method, agent, headers: requestHeaders, signal});
			if (direct) request.once('socket', socket => guardHandshake(request, socket, url.protocol === 'https:', this.#target.handshakeTimeoutMs ?? defaultHandshakeTimeoutMs));
			request.on('response', response => resolve({response}));
			request.on('error', reject);
			request.end(body);
		});
	}

	#context(options: CallOptions, attempts: number): ErrorContext {
		return {
			server: this.#target.server,
			context: this.#target.context,
			user: this.#target.user,
			auth: this.#auth.kind,
			action: options.action,
			namespace: options.namespace,
			attempts,
		};
	}
}

/** The caller's signal ended the call: a timeout when it was an AbortSignal.timeout(), else a cancel. */
function cancelled(context: ErrorContext, options: CallOptions): KubeError {
	const reason = options.signal?.reason as {name?: string} | undefined;
	if (reason?.name === 'TimeoutError') return timeoutError(context, null);
	return abortedError(context);
}

/** A port that accepts and stays silent fails in seconds, not at the end of a 2-minute list budget. */
const defaultHandshakeTimeoutMs = 10_000;

function guardHandshake(request: http.ClientRequest, socket: Socket, tls: boolean, handshakeTimeoutMs: number): void {
	if (request.reusedSocket || !socket.connecting) return;
	const timer = setTimeout(() => {
		const code = tls ? 'ERR_TLS_HANDSHAKE_TIMEOUT' : 'ETIMEDOUT';
		request.destroy(Object.assign(new Error(`no ${tls ? 'TLS handshake' : 'connection'} within ${handshakeTimeoutMs}ms`), {code}));
	}, handshakeTimeoutMs);
	const done = () => clearTimeout(timer);
	socket.once(tls ? 'secureConnect' : 'connect', done);
	socket.once('close', done);
}

type Deadline = {signal: AbortSignal; timedOut(): boolean; remaining(): number; clear(): void};

function deadlineSignal(timeoutMs: number, parent: AbortSignal | undefined): Deadline {
	const controller = new AbortController();
	const end = Date.now() + timeoutMs;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort(new Error('timeout'));
	}, timeoutMs);
	const onAbort = () => controller.abort(parent!.reason);
	if (parent?.aborted) controller.abort(parent.reason);
	else parent?.addEventListener('abort', onAbort, {once: true});
	return {
		signal: controller.signal,
		timedOut: () => timedOut,
		remaining: () => end - Date.now(),
		clear() {
			clearTimeout(timer);
			parent?.removeEventListener('abort', onAbort);
		},
	};
}

async function readBody(response: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	let buffer = Buffer.concat(chunks);
	if (response.headers['content-encoding'] === 'gzip') buffer = await gunzipAsync(buffer);
	return buffer.toString('utf8');
}

function readLines(response: IncomingMessage, idleTimeoutMs: number, signal: AbortSignal | undefined, onLine: (line: string) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		let buffer = '';
		let done = false;
		const finish = (error?: unknown) => {
			if (done) return;
			done = true;
			clearTimeout(idle);
			signal?.removeEventListener('abort', onAbort);
			response.destroy();
			if (error === undefined) resolve();
			else reject(error);
		};
		const deliver = (line: string) => {
			if (line.trim() === '' || done) return;
			try {
				onLine(line);
			} catch (error) {
				finish(error);
			}
		};
		const idle = setTimeout(() => finish(), idleTimeoutMs);
		const onAbort = () => finish();
		if (signal?.aborted) {
			finish();
			return;
		}
		signal?.addEventListener('abort', onAbort, {once: true});
		response.setEncoding('utf8');
		response.on('data', (chunk: string) => {
			idle.refresh();
			buffer += chunk;
			let newline: number;
			while (!done && (newline = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 1);
				deliver(line);
			}
		});
		response.on('end', () => {
			deliver(buffer);
			finish();
		});
		// A reset or abort mid-stream ends the watch like a server close: the caller resumes.
		response.on('error', () => finish());
		response.on('close', () => finish());
	});
}
