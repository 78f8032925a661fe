import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {ExecCredentialSource, parseExecCredential} from '../../source/kube/exec-credential.js';
import {connect, sendJson, startApiServer, type ApiServer} from './helpers/api-server.js';
import {testPki, type Pki} from './helpers/tls.js';
import {rejection} from './helpers/rejection.js';

let pki: Pki;
let server: ApiServer;
let dir: string;
before(async () => {
	pki = await testPki();
	server = await startApiServer({tls: pki.server, clientCa: pki.ca.cert});
	dir = await mkdtemp(join(tmpdir(), 'prg-exec-'));
});
after(async () => {
	await server.close();
	await rm(dir, {recursive: true, force: true});
});

const version = {major: '1', minor: '31', gitVersion: 'v1.31.0'};
let scripts = 0;

/** A credential plugin as a tiny shell script; `$N` is how many times it has run, counted in a file. */
async function plugin(body: string): Promise<{command: string; runs: () => Promise<number>}> {
	const name = `plugin-${++scripts}`;
	const counter = join(dir, `${name}.count`);
	const command = join(dir, name);
	await writeFile(command, `#!/bin/sh\nN=$(cat '${counter}' 2>/dev/null || echo 0)\nN=$((N+1))\necho $N > '${counter}'\n${body}\n`);
	await chmod(command, 0o755);
	return {command, runs: async () => Number((await readFile(counter, 'utf8').catch(() => '0')).trim())};
}

const credential = (token: string, expiration?: string) => `cat <<EOF
{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},"status":{${expiration ? `"expirationTimestamp":"${expiration}",` : ''}"token":"${token}"}}
EOF`;


describe('exec credential plugins', () => {
	test('the token reaches the server, and 20 concurrent requests share one plugin run', async () => {
		server.handle((request, response) => sendJson(response, 200, version));
		const {command, runs} = await plugin(`sleep 0.2\n${credential('k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v', '2099-01-01T00:00:00Z')}`);
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command, args: ['eks', 'get-token']}}});
		await Promise.all(Array.from({length: 20}, () => client.version()));
		await client.version();
		assert.equal(await runs(), 1);
		assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v');
		client.close();
	});

	test('a credential is reused until its expiry (minus a skew), and an expired one only briefly', async () => {
		let now = Date.parse('2026-11-28T09:00:00Z');
		const {command, runs} = await plugin(credential('token-$N', '2026-11-28T09:01:40Z'));
		const source = new ExecCredentialSource({command}, {context: 'test', cluster: {server: 'https://x'}, now: () => now});
		assert.equal((await source.get()).token, 'token-1');
		now += 60_000;
		assert.equal((await source.get()).token, 'token-1', '40 s before expiry: still good');
		now += 15_000;
		assert.equal((await source.get()).token, 'token-2', '25 s before expiry: inside the 30 s skew');
		assert.equal(await runs(), 2);
		const stale = await plugin(credential('stale-$N', '2001-01-01T00:00:00Z'));
		const expired = new ExecCredentialSource({command: stale.command}, {context: 'test', cluster: {server: 'https://x'}, now: () => now});
		await expired.get();
		now += 1_000;
		await expired.get();
		assert.equal(await stale.runs(), 1, 'used for the request it was fetched for');
		now += 10_000;
		assert.equal((await expired.get()).token, 'stale-2');
	});

	test('a 401 runs the plugin again once and retries', async () => {
		server.handle((request, response) => {
			if (request.headers.authorization === 'Bearer token-1') sendJson(response, 401, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401});
			else sendJson(response, 200, version);
		});
		const {command, runs} = await plugin(credential('token-$N'));
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command}}});
		assert.equal((await client.version()).gitVersion, 'v1.31.0');
		assert.equal(await runs(), 2);
		client.close();
	});

	test('a 401 that persists after the refresh is unauthorized, with a re-login hint and no token', async () => {
		server.handle((request, response) => sendJson(response, 401, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401}));
		const {command, runs} = await plugin(credential('secret-token-value-$N'));
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'unauthorized');
		assert.equal(await runs(), 2);
		assert.ok(!`${error.message} ${error.hint}`.includes('secret-token-value'));
		client.close();
	});

	test('exec env, KUBERNETES_EXEC_INFO and cluster info reach the plugin', async () => {
		server.handle((request, response) => sendJson(response, 200, version));
		const seen = join(dir, 'env.json');
		const {command} = await plugin(`printf '%s\\n%s\\n' "$AWS_PROFILE" "$KUBERNETES_EXEC_INFO" > '${seen}'\n${credential('t')}`);
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command, env: [{name: 'AWS_PROFILE', value: 'platform'}], provideClusterInfo: true}}});
		await client.version();
		const [profile, info] = (await readFile(seen, 'utf8')).split('\n');
		assert.equal(profile, 'platform');
		const parsed = JSON.parse(info!);
		assert.equal(parsed.apiVersion, 'client.authentication.k8s.io/v1');
		assert.equal(parsed.kind, 'ExecCredential');
		assert.equal(parsed.spec.interactive, false);
		assert.equal(parsed.spec.cluster.server, server.url);
		client.close();
	});

	test('a plugin may answer with a client certificate instead of a token', async () => {
		server.handle((request, response) => sendJson(response, 200, version));
		const status = JSON.stringify({kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: {clientCertificateData: pki.client.cert, clientKeyData: pki.client.key}});
		const {command} = await plugin(`cat <<'EOF'\n${status}\nEOF`);
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command}}});
		await client.version();
		assert.equal(server.requests.at(-1)!.clientCn, 'kubernetes-admin');
		assert.equal(server.requests.at(-1)!.headers.authorization, undefined);
		client.close();
	});
});

describe('plugin failures', () => {
	test('a missing aws names the command and how to install it', async () => {
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command: join(dir, 'no-such-dir', 'aws'), args: ['eks', 'get-token', '--cluster-name', 'prod']}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'auth');
		assert.match(error.message, /credential plugin .*\/no-such-dir\/aws is not installed or not on PATH \(context test\)/);
		assert.match(error.hint, /install the AWS CLI v2/);
		client.close();
	});

	test('a missing gke-gcloud-auth-plugin, looked up on PATH', async () => {
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin-absent-here', installHint: 'Install gke-gcloud-auth-plugin for use with kubectl by following\nhttps://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin'}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'auth');
		assert.equal(error.hint, 'Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin', 'the kubeconfig installHint, on one line');
		client.close();
	});

	test('a failing plugin reports its exit code and first stderr line', async () => {
		// The AWS CLI's message when the SSO session has expired (aws/aws-cli issue threads).
		const {command} = await plugin(`echo '' >&2\necho 'Error when retrieving token from sso: Token has expired and refresh failed' >&2\necho 'second line' >&2\nexit 255`);
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command, args: ['eks', 'get-token']}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'auth');
		assert.match(error.message, /credential plugin plugin-\d+ failed \(exit 255\) \(context test\): Error when retrieving token from sso: Token has expired and refresh failed$/);
		client.close();
	});

	test('output that is not an ExecCredential', async () => {
		const {command} = await plugin(`echo 'please open https://login.example/device and enter ABCD-EFGH'`);
		const client = await connect({server, ca: pki.ca.cert, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command}}});
		const error = await rejection(client.version());
		assert.equal(error.kind, 'auth');
		assert.match(error.message, /printed no usable ExecCredential .*: its output is not JSON/);
		client.close();
	});

	test('a plugin that hangs is stopped', async () => {
		const {command} = await plugin('exec sleep 30');
		const source = new ExecCredentialSource({command}, {context: 'test', cluster: {server: 'https://x'}, timeoutMs: 300});
		const started = Date.now();
		const error = await rejection(source.get());
		assert.equal(error.kind, 'auth');
		assert.match(error.message, /credential plugin plugin-\d+ did not answer within 300ms \(context test\)/);
		assert.ok(Date.now() - started < 2000);
	});

	test('a plugin that insists on a terminal is not started', async () => {
		const {command, runs} = await plugin(credential('t'));
		const source = new ExecCredentialSource({command, interactiveMode: 'Always'}, {context: 'corp', cluster: {server: 'https://x'}});
		const error = await rejection(source.get());
		assert.equal(error.kind, 'auth');
		assert.match(error.message, /needs an interactive terminal \(interactiveMode: Always\) \(context corp\)/);
		assert.match(error.hint, /kubectl get --raw \/version --context corp/);
		assert.equal(await runs(), 0);
	});

	test('a failed run is not cached: the next call runs again', async () => {
		const {command, runs} = await plugin('exit 1');
		const source = new ExecCredentialSource({command}, {context: 'test', cluster: {server: 'https://x'}});
		await rejection(source.get());
		await rejection(source.get());
		assert.equal(await runs(), 2);
	});
});

describe('parseExecCredential', () => {
	test('token with expiry', () => {
		const parsed = parseExecCredential('{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},"status":{"expirationTimestamp":"2026-11-28T09:26:41Z","token":"k8s-aws-v1.abc"}}', () => 0);
		assert.deepEqual(parsed, {token: 'k8s-aws-v1.abc', clientCertificateData: null, clientKeyData: null, expiresAt: Date.parse('2026-11-28T09:26:41Z')});
	});

	test('no expiry: valid until refused', () => {
		assert.equal(parseExecCredential('{"status":{"token":"t"}}').expiresAt, null);
	});

	test('refuses output without credentials', () => {
		assert.throws(() => parseExecCredential('{"status":{}}'), /neither a token nor a client certificate/);
		assert.throws(() => parseExecCredential('{"kind":"ExecCredential"}'), /no status/);
		assert.throws(() => parseExecCredential('{"status":{"clientCertificateData":"x"}}'), /neither/);
	});
});
