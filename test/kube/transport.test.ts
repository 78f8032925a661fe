import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import {after, before, describe, test} from 'node:test';
import {ClusterAuth} from '../../source/kube/auth.js';
import {Transport} from '../../source/kube/transport.js';
import {connect, sendJson, startApiServer, type ApiServer} from './helpers/api-server.js';
import {testPki, type Pki} from './helpers/tls.js';
import {rejection} from './helpers/rejection.js';

let pki: Pki;
let server: ApiServer;
before(async () => {
	pki = await testPki();
	server = await startApiServer({tls: pki.server});
});
after(() => server.close());

const version = {major: '1', minor: '31', gitVersion: 'v1.31.0'};


function countRequests(): () => number {
	const start = server.requests.length;
	return () => server.requests.length - start;
}

describe('retries', () => {
	test('a GET retries 503s and succeeds', async () => {
		let calls = 0;
		server.handle((request, response) => {
			calls++;
			if (calls <= 2) sendJson(response, 503, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server is currently unable to handle the request', reason: 'ServiceUnavailable', code: 503});
			else sendJson(response, 200, version);
		});
		const client = await connect({server, ca: pki.ca.cert});
		const count = countRequests();
		assert.equal((await client.version()).gitVersion, 'v1.31.0');
		assert.equal(count(), 3);
		client.close();
	});

	test('Retry-After is honoured', async () => {
		let calls = 0;
		server.handle((request, response) => {
			calls++;
			if (calls === 1) {
				response.writeHead(429, {'content-type': 'text/plain; charset=utf-8', 'retry-after': '1'});
				response.end('Too many requests, please try again later.\n');
			} else sendJson(response, 200, version);
		});
		const client = await connect({server, ca: pki.ca.cert});
		const started = Date.now();
		await client.version();
		assert.ok(Date.now() - started >= 950, `waited only ${Date.now() - started}ms`);
		client.close();
	});

	test('persistent 429 ends as a server error after a bounded number of tries', async () => {
		server.handle((request, response) => {
			response.writeHead(429, {'content-type': 'text/plain; charset=utf-8'});
			response.end('Too many requests, please try again later.\n');
		});
		const client = await connect({server, ca: pki.ca.cert});
		const count = countRequests();
		const started = Date.now();
		const error = await rejection(client.listNodes());
		assert.equal(error.kind, 'server');
		assert.equal(error.code, 429);
		assert.match(error.message, /after 4 attempts/);
		assert.equal(count(), 4);
		assert.ok(Date.now() - started < 5000);
		client.close();
	});

	test('retries stop at the caller\'s deadline', async () => {
		server.handle((request, response) => {
			response.writeHead(503, {'retry-after': '5'});
			response.end('upstream connect error or disconnect/reset before headers');
		});
		const client = await connect({server, ca: pki.ca.cert});
		const count = countRequests();
		const started = Date.now();
		const error = await rejection(client.version({timeoutMs: 1500}));
		assert.equal(error.kind, 'server');
		assert.equal(count(), 1, 'a 5 s Retry-After does not fit a 1.5 s budget');
		assert.ok(Date.now() - started < 1500);
		client.close();
	});

	test('a create is not retried on 500', async () => {
		server.handle((request, response) => sendJson(response, 500, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Internal error occurred: failed calling webhook "mpod.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/mutate-v1-pod?timeout=10s": context deadline exceeded', reason: 'InternalError', code: 500}));
		const client = await connect({server, ca: pki.ca.cert});
		const count = countRequests();
		const error = await rejection(client.createPod('prg', {metadata: {generateName: 'prg-probe-'}}));
		assert.equal(error.kind, 'server');
		assert.match(error.message, /failed calling webhook/);
		assert.equal(count(), 1);
		client.close();
	});

	test('a create is retried on 429: the server did not take it', async () => {
		let calls = 0;
		server.handle((request, response) => {
			calls++;
			if (calls === 1) sendJson(response, 429, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.', reason: 'TooManyRequests', details: {retryAfterSeconds: 1}, code: 429});
			else sendJson(response, 201, {metadata: {name: 'prg-probe-q2w3e'}});
		});
		const client = await connect({server, ca: pki.ca.cert});
		const pod = await client.createPod('prg', {metadata: {generateName: 'prg-probe-'}});
		assert.equal(pod.metadata?.name, 'prg-probe-q2w3e');
		client.close();
	});

	test('a connection reset during a create is surfaced, not repeated', async () => {
		server.handle((request, response) => {
			response.socket?.destroy();
		});
		const client = await connect({server, ca: pki.ca.cert});
		const count = countRequests();
		const error = await rejection(client.createPod('prg', {metadata: {generateName: 'prg-probe-'}}));
		assert.equal(error.kind, 'unreachable');
		assert.match(error.message, /dropped during create pod in prg; it may or may not have happened/);
		assert.match(error.hint, /list by label/);
		assert.equal(count(), 1);
		client.close();
	});

	test('a reset of a create on a reused keep-alive socket is not re-sent either', async () => {
		server.handle((request, response) => {
			if (request.method === 'POST') response.socket?.destroy();
			else sendJson(response, 200, version);
		});
		const client = await connect({server, ca: pki.ca.cert});
		await client.version();
		const count = countRequests();
		const error = await rejection(client.createPod('prg', {metadata: {generateName: 'prg-probe-'}}));
		assert.equal(error.kind, 'unreachable');
		assert.equal(count(), 1);
		client.close();
	});

	test('a reset during a GET is retried', async () => {
		let calls = 0;
		server.handle((request, response) => {
			calls++;
			if (calls === 1) response.socket?.destroy();
			else sendJson(response, 200, {kind: 'Pod', metadata: {name: 'p1'}});
		});
		const client = await connect({server, ca: pki.ca.cert});
		assert.equal((await client.getPod('prg', 'p1')).metadata?.name, 'p1');
		assert.equal(calls, 2);
		client.close();
	});
});

describe('deadlines and cancellation', () => {
	test('a server that never answers times out within the budget', async () => {
		server.handle(() => {});
		const client = await connect({server, ca: pki.ca.cert});
		const started = Date.now();
		const error = await rejection(client.version({timeoutMs: 300}));
		assert.equal(error.kind, 'timeout');
		assert.match(error.message, /no answer from https:\/\/127\.0\.0\.1:\d+ within 300ms/);
		assert.ok(Date.now() - started < 1500);
		client.close();
	});

	test('aborting cancels the request', async () => {
		server.handle(() => {});
		const client = await connect({server, ca: pki.ca.cert});
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const error = await rejection(client.listNodes({signal: controller.signal}));
		assert.equal(error.kind, 'aborted');
		client.close();
	});

	test('a caller\'s AbortSignal.timeout() running out is a timeout, not a cancel', async () => {
		server.handle(() => {});
		const client = await connect({server, ca: pki.ca.cert});
		const error = await rejection(client.deletePod('prg', 'p1', {signal: AbortSignal.timeout(200)}));
		assert.equal(error.kind, 'timeout');
		assert.match(error.message, /^delete pod prg\/p1: no answer from https:\/\/127\.0\.0\.1:\d+ in time \(context test\)$/);
		client.close();
	});

	test('an already aborted signal never sends', async () => {
		const client = await connect({server, ca: pki.ca.cert});
		const count = countRequests();
		const error = await rejection(client.version({signal: AbortSignal.abort()}));
		assert.equal(error.kind, 'aborted');
		assert.equal(count(), 0);
		client.close();
	});

	test('a port that accepts and stays silent fails at the handshake timeout, not the call budget', async () => {
		const sockets: Socket[] = [];
		const silent = createServer(socket => sockets.push(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
		try {
			const resolved = {name: 'silent', namespace: 'default', clusterName: 'c', cluster: {server: url}, userName: 'u', user: {token: 't'}, env: {}};
			const transport = new Transport(new ClusterAuth(resolved), {server: url, context: 'silent', user: 'u', handshakeTimeoutMs: 300});
			const started = Date.now();
			const error = await rejection(transport.call({method: 'GET', path: '/api/v1/nodes', idempotent: true, action: 'list nodes', timeoutMs: 120_000}));
			assert.equal(error.kind, 'unreachable');
			assert.match(error.message, new RegExp(`^${url.replace(/\./g, '\\.')} \\(context silent\\) accepted the connection but never completed the TLS handshake$`));
			assert.ok(Date.now() - started < 3000, `took ${Date.now() - started}ms`);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
	});

	test('a credential plugin that never answers fails the call at the credential bound', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'prg-hang-'));
		const command = join(dir, 'kubelogin');
		await writeFile(command, '#!/bin/sh\nexec sleep 30\n');
		await chmod(command, 0o755);
		try {
			const resolved = {name: 'aks', namespace: 'default', clusterName: 'c', cluster: {server: server.url}, userName: 'clusterUser', user: {exec: {command, args: ['get-token', '--login', 'devicecode']}}, env: {}};
			const transport = new Transport(new ClusterAuth(resolved), {server: server.url, context: 'aks', user: 'clusterUser', credentialTimeoutMs: 300});
			const started = Date.now();
			const error = await rejection(transport.call({method: 'GET', path: '/version', idempotent: true, action: 'read the server version', timeoutMs: 100}));
			assert.equal(error.kind, 'auth');
			assert.equal(error.message, 'the credentials of user "clusterUser" were not ready within 300ms (context aks)');
			assert.match(error.hint, /kubectl get --raw \/version --context aks/);
			assert.ok(Date.now() - started < 2000);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('giving up on a hanging plugin does not keep the process alive', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'prg-hang-exit-'));
		const command = join(dir, 'kubelogin');
		// Far longer than the script needs, even on a loaded machine: only a held process gets near it.
		await writeFile(command, '#!/bin/sh\nexec sleep 120\n');
		await chmod(command, 0o755);
		const source = (name: string) => JSON.stringify(fileURLToPath(new URL(`../../source/kube/${name}`, import.meta.url)));
		const script = join(dir, 'run.mts');
		await writeFile(script, [
			`import {ClusterAuth} from ${source('auth.ts')};`,
			`import {Transport} from ${source('transport.ts')};`,
			`const resolved = {name: 'aks', namespace: 'default', clusterName: 'c', cluster: {server: 'https://127.0.0.1:1'}, userName: 'u', user: {exec: {command: ${JSON.stringify(command)}}}, env: {}};`,
			`const transport = new Transport(new ClusterAuth(resolved), {server: 'https://127.0.0.1:1', context: 'aks', user: 'u', credentialTimeoutMs: 200});`,
			`await transport.call({method: 'GET', path: '/version', idempotent: true, action: 'version', timeoutMs: 100}).catch(error => console.log(error.kind));`,
		].join('\n'));
		try {
			const started = Date.now();
			const result = spawnSync(process.execPath, ['--import', 'tsx', script], {encoding: 'utf8', timeout: 100_000});
			assert.equal(result.stdout.trim(), 'auth', result.stderr);
			assert.ok(Date.now() - started < 60_000, `the process lingered ${Date.now() - started}ms for the plugin`);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('a closed port is unreachable, fast, and names the server', async () => {
		const port = await freePort();
		const closed = {url: `https://127.0.0.1:${port}`} as ApiServer;
		const client = await connect({server: closed, ca: pki.ca.cert});
		const started = Date.now();
		const error = await rejection(client.version({timeoutMs: 3000}));
		assert.equal(error.kind, 'unreachable');
		assert.match(error.message, new RegExp(`connection refused by https://127\\.0\\.0\\.1:${port} \\(context test\\)`));
		assert.ok(Date.now() - started < 1000);
		client.close();
	});
});

describe('TLS verification', () => {
	test('a kubeconfig CA that did not sign the server certificate', async () => {
		server.handle((request, response) => sendJson(response, 200, version));
		const client = await connect({server, ca: pki.otherCa.cert});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'tls');
		assert.match(error.message, /does not trust \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
		client.close();
	});

	test('no CA at all against a private CA', async () => {
		const client = await connect({server});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'tls');
		client.close();
	});

	test('insecure-skip-tls-verify accepts it', async () => {
		server.handle((request, response) => sendJson(response, 200, version));
		const client = await connect({server, cluster: {'insecure-skip-tls-verify': true}});
		assert.equal((await client.version()).gitVersion, 'v1.31.0');
		client.close();
	});

	test('an expired server certificate', async () => {
		const expired = await startApiServer({tls: pki.expired, handler: (request, response) => sendJson(response, 200, version)});
		try {
			const client = await connect({server: expired, ca: pki.ca.cert});
			const error = await rejection(client.version());
			assert.equal(error.kind, 'tls');
			assert.match(error.message, /has expired/);
			client.close();
		} finally {
			await expired.close();
		}
	});

	test('a certificate for another host name, and tls-server-name fixing it', async () => {
		const other = await startApiServer({tls: pki.wrongHost, handler: (request, response) => sendJson(response, 200, version)});
		try {
			const client = await connect({server: other, ca: pki.ca.cert});
			const error = await rejection(client.version());
			assert.equal(error.kind, 'tls');
			assert.match(error.message, /is not issued for 127\.0\.0\.1/);
			client.close();
			const named = await connect({server: other, ca: pki.ca.cert, cluster: {'tls-server-name': 'api.elsewhere.example'}});
			assert.equal((await named.version()).gitVersion, 'v1.31.0');
			named.close();
		} finally {
			await other.close();
		}
	});
});

async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	const {port} = probe.address() as AddressInfo;
	await new Promise(resolve => probe.close(resolve));
	return port;
}
