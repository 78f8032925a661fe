import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {KubeError} from '../../source/errors.js';
import {connect, sendJson, startApiServer, type ApiServer} from './helpers/api-server.js';
import {testPki, type Pki} from './helpers/tls.js';

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

async function rejection(promise: Promise<unknown>): Promise<KubeError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof KubeError, `expected a KubeError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected a rejection');
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
