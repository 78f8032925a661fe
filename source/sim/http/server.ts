// The HTTPS front of one sim cluster: authentication (bearer tokens), fault injection, request
// accounting for /sim/stats, and routing to discovery, OpenAPI and the resource handlers.
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {SimCluster} from '../cluster.js';
import type {SimCertificates} from '../tls.js';
import {handleResource, parseResourcePath} from './resources.js';
import {type Call, sendError, sendJson, sendText} from './call.js';
import {ApiError, internalError, pathNotFound, tooManyRequests, unauthorized} from './status.js';

function userOf(cluster: SimCluster, req: IncomingMessage) {
	const header = req.headers.authorization ?? '';
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	return match ? cluster.users.get(match[1]) ?? null : null;
}

/** The verb and resource a request counts under in /sim/stats. */
function classify(method: string, path: string, query: URLSearchParams): {verb: string; resource: string} {
	if (path === '/version' || path === '/version/') return {verb: 'get', resource: 'version'};
	if (path.startsWith('/openapi')) return {verb: 'get', resource: 'openapi'};
	if (path === '/api' || path === '/apis' || /^\/api\/v1\/?$/.test(path) || /^\/apis\/[^/]+(\/[^/]+)?\/?$/.test(path)) return {verb: 'get', resource: 'discovery'};
	const parsed = parseResourcePath(path);
	if (!parsed) return {verb: method.toLowerCase(), resource: path};
	const resource = parsed.subresource ? `${parsed.resource}/${parsed.subresource}` : parsed.resource;
	const watching = parsed.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
	switch (method) {
		case 'GET':
			return {verb: watching ? 'watch' : parsed.name ? 'get' : 'list', resource};
		case 'POST':
			return {verb: 'create', resource};
		case 'DELETE':
			return {verb: parsed.name ? 'delete' : 'deletecollection', resource};
		case 'PUT':
			return {verb: 'update', resource};
		case 'PATCH':
			return {verb: 'patch', resource};
		default:
			return {verb: method.toLowerCase(), resource};
	}
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(cluster: SimCluster, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'https://127.0.0.1');
	const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
	const method = req.method ?? 'GET';
	if (path === '/sim/stats') {
		res.writeHead(200, {'Content-Type': 'application/json'});
		res.end(JSON.stringify(cluster.stats.snapshot(cluster.probePodCount(), cluster.clientWatchCount())));
		return;
	}
	const {faults} = cluster;
	const reset = faults.resetRate > 0 && Math.random() < faults.resetRate;
	const user = userOf(cluster, req);
	const call: Call = {req, res, method, path, query: url.searchParams, user: user!, reset};
	if (!user) {
		sendError(call, unauthorized());
		return;
	}
	const {verb, resource} = classify(method, path, url.searchParams);
	cluster.stats.record(verb, resource);
	if (faults.latencyMs > 0) await sleep(faults.latencyMs);
	if (faults.apiErrorRate > 0 && Math.random() < faults.apiErrorRate) {
		sendError(call, Math.random() < 0.5 ? tooManyRequests(1) : internalError('etcdserver: request timed out'));
		return;
	}
	if (path === '/version') return sendJson(call, 200, cluster.versionJson);
	if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendText(call, 200, 'ok');
	const discovery = cluster.discovery.get(path);
	if (discovery !== undefined) {
		if (method !== 'GET') throw pathNotFound();
		return sendJson(call, 200, discovery);
	}
	if (path === '/openapi/v3') return sendJson(call, 200, cluster.openapi.root);
	const document = cluster.openapi.byPath.get(path);
	if (document !== undefined) return sendJson(call, 200, document, {ETag: `"${url.searchParams.get('hash') ?? 'sim'}"`});
	if (path.startsWith('/openapi/')) throw pathNotFound();
	await handleResource(cluster, call);
}

export function createApiServer(cluster: SimCluster, certificates: SimCertificates): Server {
	const server = createServer({key: certificates.keyPem, cert: certificates.certPem}, (req, res) => {
		handle(cluster, req, res).catch((error: unknown) => {
			const call = {res, reset: false} as Call;
			if (error instanceof ApiError) sendError(call, error);
			else sendError(call, internalError(error instanceof Error ? error.message : String(error)));
		});
	});
	server.keepAliveTimeout = 30_000;
	return server;
}
