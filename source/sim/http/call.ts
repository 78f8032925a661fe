// One API request as the handlers see it, and the few ways of answering it.
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {SimUser} from '../admission.js';
import {ApiError, badRequest, unsupportedMediaType} from './status.js';

export type Call = {
	readonly req: IncomingMessage;
	readonly res: ServerResponse;
	readonly method: string;
	readonly path: string;
	readonly query: URLSearchParams;
	readonly user: SimUser;
	/** The reset fault picked this request: its socket is destroyed part-way through the answer. */
	readonly reset: boolean;
};

const maxBody = 8 * 1024 * 1024;

/** The body as a JSON object; `application/apply-patch+yaml` is read too when it holds JSON (as kubectl sends it). */
export async function readJsonBody(call: Call): Promise<Record<string, any> | null> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of call.req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBody) throw new ApiError(413, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Request entity too large: limit is 3145728', reason: 'RequestEntityTooLarge', code: 413});
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') return null;
	const type = String(call.req.headers['content-type'] ?? 'application/json').split(';')[0].trim();
	const jsonInYaml = type === 'application/apply-patch+yaml' && text.trimStart().startsWith('{');
	if (type.includes('protobuf') || (type.includes('yaml') && !jsonInYaml)) throw unsupportedMediaType(type);
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected an object');
		return parsed as Record<string, any>;
	} catch (error) {
		throw badRequest(`couldn't get version/kind; json parse error: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function finish(call: Call, code: number, body: string, headers: Record<string, string>): void {
	const {res} = call;
	if (res.headersSent || res.destroyed) return;
	res.writeHead(code, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers, 'Content-Length': Buffer.byteLength(body)});
	if (call.reset && body.length > 1) {
		res.write(body.slice(0, Math.floor(body.length / 2)));
		res.socket?.destroy();
		return;
	}
	res.end(body);
}

export function sendJson(call: Call, code: number, body: string | object, headers: Record<string, string> = {}): void {
	finish(call, code, typeof body === 'string' ? body : JSON.stringify(body), headers);
}

export function sendText(call: Call, code: number, text: string): void {
	finish(call, code, text, {'Content-Type': 'text/plain'});
}

export function sendError(call: Call, error: ApiError): void {
	finish(call, error.code, JSON.stringify(error.body), error.headers);
}
