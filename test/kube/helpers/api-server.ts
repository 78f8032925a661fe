// A tiny HTTPS (or HTTP) server standing in for an API server: each test scripts the answers and
// reads back the requests it received. Plus a kubeconfig writer pointing a context at it.
import {mkdtemp, writeFile} from 'node:fs/promises';
import http, {type IncomingHttpHeaders, type ServerResponse} from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TLSSocket} from 'node:tls';
import yaml from 'js-yaml';
import type {KubeClient} from '../../../source/kube/client.js';
import {loadKubeconfig} from '../../../source/kube/kubeconfig.js';
import type {Pem} from './tls.js';

export type Recorded = {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: string;
	/** CN of the client certificate, when one was presented. */
	clientCn: string | null;
};

export type Handler = (request: Recorded, response: ServerResponse) => void | Promise<void>;

export type ApiServer = {
	url: string;
	port: number;
	requests: Recorded[];
	handle(handler: Handler): void;
	close(): Promise<void>;
};

export async function startApiServer(options: {tls?: Pem; clientCa?: string; handler?: Handler}): Promise<ApiServer> {
	let handler: Handler = options.handler ?? ((_request, response) => sendJson(response, 404, {kind: 'Status', code: 404}));
	const requests: Recorded[] = [];
	const listener = (request: http.IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://x');
			const socket = request.socket as TLSSocket;
			const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : null;
			const recorded: Recorded = {
				method: request.method ?? 'GET',
				path: url.pathname,
				query: url.searchParams,
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				clientCn: peer && peer.subject ? String(peer.subject.CN) : null,
			};
			requests.push(recorded);
			Promise.resolve(handler(recorded, response)).catch(error => {
				response.destroy(error as Error);
			});
		});
	};
	const server = options.tls
		? https.createServer({key: options.tls.key, cert: options.tls.cert, ...(options.clientCa ? {ca: options.clientCa, requestCert: true, rejectUnauthorized: false} : {})}, listener)
		: http.createServer(listener);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		port,
		requests,
		handle(next) {
			handler = next;
		},
		close() {
			server.closeAllConnections();
			return new Promise(resolve => server.close(() => resolve()));
		},
	};
}

export function sendJson(response: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	response.writeHead(code, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	response.end(text);
}

export type KubeconfigUser = Record<string, unknown>;

/** Writes a one-context kubeconfig (context `test`) and returns its path. */
export async function writeKubeconfig(options: {server: string; ca?: string; user: KubeconfigUser; namespace?: string; cluster?: Record<string, unknown>}): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'prg-kube-'));
	const path = join(dir, 'config');
	const config = {
		apiVersion: 'v1',
		kind: 'Config',
		'current-context': 'test',
		clusters: [{name: 'test-cluster', cluster: {server: options.server, ...(options.ca ? {'certificate-authority-data': Buffer.from(options.ca).toString('base64')} : {}), ...options.cluster}}],
		users: [{name: 'test-user', user: options.user}],
		contexts: [{name: 'test', context: {cluster: 'test-cluster', user: 'test-user', ...(options.namespace ? {namespace: options.namespace} : {})}}],
	};
	await writeFile(path, yaml.dump(config));
	return path;
}

/** A KubeClient for context `test` of a kubeconfig pointing at `server`, built the production way. */
export async function connect(options: {server: ApiServer; ca?: string; user?: KubeconfigUser; namespace?: string; cluster?: Record<string, unknown>}): Promise<KubeClient & {close(): void}> {
	const path = await writeKubeconfig({server: options.server.url, ca: options.ca, user: options.user ?? {token: 'test-token-0123456789'}, namespace: options.namespace, cluster: options.cluster});
	const config = await loadKubeconfig({path, env: {}});
	return (await config.clientFor()) as KubeClient & {close(): void};
}
