import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import {connect as netConnect, type AddressInfo, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {connect, sendJson, startApiServer, type ApiServer} from './helpers/api-server.js';
import {testPki, type Pki} from './helpers/tls.js';
import {rejection} from './helpers/rejection.js';

let pki: Pki;
let server: ApiServer;
let dir: string;
before(async () => {
	pki = await testPki();
	server = await startApiServer({tls: pki.server, clientCa: pki.ca.cert, handler: (request, response) => sendJson(response, 200, {major: '1', minor: '31', gitVersion: 'v1.31.0'})});
	dir = await mkdtemp(join(tmpdir(), 'prg-auth-'));
});
after(async () => {
	await server.close();
	await rm(dir, {recursive: true, force: true});
});

const unauthorized = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401};
const ok = {major: '1', minor: '31', gitVersion: 'v1.31.0'};

function jwt(claims: Record<string, unknown>): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({alg: 'RS256', kid: 'k1'})}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}


describe('credentials declared in the kubeconfig', () => {
	test('an OIDC auth-provider with a valid id-token sends it (through client-node)', async () => {
		server.handle((request, response) => sendJson(response, 200, ok));
		const idToken = jwt({iss: 'https://idp.example', aud: 'kubernetes', sub: 'jane', exp: Math.floor(Date.now() / 1000) + 3600});
		const client = await connect({server, ca: pki.ca.cert, user: {'auth-provider': {name: 'oidc', config: {'client-id': 'kubernetes', 'id-token': idToken, 'idp-issuer-url': 'https://idp.example'}}}});
		await client.version();
		assert.equal(server.requests.at(-1)!.headers.authorization, `Bearer ${idToken}`);
		client.close();
	});

	test('an OIDC idp-certificate-authority-data that holds no PEM is named as such', async () => {
		server.handle((request, response) => sendJson(response, 200, ok));
		const idToken = jwt({sub: 'jane', exp: Math.floor(Date.now() / 1000) + 3600});
		const truncated = Buffer.from(pki.ca.cert).toString('base64').slice(30, 200);
		const client = await connect({server, ca: pki.ca.cert, user: {'auth-provider': {name: 'oidc', config: {'client-id': 'kubernetes', 'id-token': idToken, 'idp-certificate-authority-data': truncated}}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'config');
		assert.match(error.message, /idp-certificate-authority-data holds no PEM certificate/);
		client.close();
	});

	test('an expired OIDC token that cannot be refreshed ends in a 401 with the OIDC hint', async () => {
		server.handle((request, response) => (request.headers.authorization ? sendJson(response, 200, ok) : sendJson(response, 401, unauthorized)));
		const idToken = jwt({sub: 'jane', exp: Math.floor(Date.now() / 1000) - 60});
		const client = await connect({server, ca: pki.ca.cert, user: {'auth-provider': {name: 'oidc', config: {'client-id': 'kubernetes', 'id-token': idToken}}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'unauthorized');
		assert.match(error.hint, /OIDC id-token .* expired/);
		client.close();
	});

	test('a tokenFile is read, and read again after a 401 (rotated service account tokens)', async () => {
		const path = join(dir, 'token');
		await writeFile(path, 'first-token-value\n');
		server.handle((request, response) => (request.headers.authorization === 'Bearer second-token-value' ? sendJson(response, 200, ok) : sendJson(response, 401, unauthorized)));
		const client = await connect({server, ca: pki.ca.cert, user: {tokenFile: path}});
		const first = await rejection(client.version());
		assert.equal(first.kind, 'unauthorized');
		await writeFile(path, 'second-token-value\n');
		assert.equal((await client.version()).gitVersion, 'v1.31.0');
		client.close();
	});

	test('basic auth and impersonation headers', async () => {
		server.handle((request, response) => sendJson(response, 200, ok));
		const client = await connect({server, ca: pki.ca.cert, user: {username: 'admin', password: 'correct horse', as: 'system:serviceaccount:prg:doctor'}});
		await client.version();
		const headers = server.requests.at(-1)!.headers;
		assert.equal(headers.authorization, `Basic ${Buffer.from('admin:correct horse').toString('base64')}`);
		assert.equal(headers['impersonate-user'], 'system:serviceaccount:prg:doctor');
		client.close();
	});

	test('a CA file named by the kubeconfig that does not exist is a config error', async () => {
		const client = await connect({server, user: {token: 't'}, cluster: {'certificate-authority': join(dir, 'missing-ca.crt')}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'config');
		assert.match(error.message, /missing-ca\.crt, named in the kubeconfig for context "test", does not exist/);
		client.close();
	});

	test('a CA file on disk verifies the server', async () => {
		const path = join(dir, 'ca.crt');
		await writeFile(path, pki.ca.cert);
		server.handle((request, response) => sendJson(response, 200, ok));
		const client = await connect({server, user: {token: 't'}, cluster: {'certificate-authority': path}});
		assert.equal((await client.version()).gitVersion, 'v1.31.0');
		client.close();
	});

	test('a missing token file is a config error naming it', async () => {
		const client = await connect({server, ca: pki.ca.cert, user: {tokenFile: join(dir, 'nope')}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'config');
		assert.match(error.message, /nope, named in the kubeconfig for user "test-user", does not exist/);
		client.close();
	});

	test('a client key that does not match its certificate', async () => {
		const user = {'client-certificate-data': Buffer.from(pki.client.cert).toString('base64'), 'client-key-data': Buffer.from(pki.server.key).toString('base64')};
		const client = await connect({server, ca: pki.ca.cert, user});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'auth');
		assert.match(error.message, /client certificate or key of user "test-user" is unusable/);
		client.close();
	});
});

test('proxy-url: requests tunnel through the proxy, and TLS is still verified end to end', async () => {
	const targets: string[] = [];
	const sockets = new Set<Socket>();
	const proxy = http.createServer();
	proxy.on('connect', (request, client: Socket, head: Buffer) => {
		targets.push(request.url ?? '');
		const [host, port] = (request.url ?? '').split(':');
		const upstream = netConnect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('error', () => {});
		}
	});
	await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	try {
		server.handle((request, response) => sendJson(response, 200, ok));
		const client = await connect({server, ca: pki.ca.cert, user: {token: 'through-the-proxy'}, cluster: {'proxy-url': proxyUrl}});
		assert.equal((await client.version()).gitVersion, 'v1.31.0');
		assert.deepEqual(targets, [`127.0.0.1:${server.port}`]);
		assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer through-the-proxy');
		client.close();
		const wrongCa = await connect({server, ca: pki.otherCa.cert, cluster: {'proxy-url': proxyUrl}});
		assert.equal((await rejection(wrongCa.version())).kind, 'tls');
		wrongCa.close();
	} finally {
		for (const socket of sockets) socket.destroy();
		await new Promise(resolve => proxy.close(resolve));
	}
});
