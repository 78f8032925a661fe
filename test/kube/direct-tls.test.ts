import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {applyDirect, isDirect} from '../../source/kube/direct-tls.js';

const cluster = {server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA PEM').toString('base64')};

test('plain token, client-certificate, exec and token-file users skip client-node; the rest keep it', () => {
	assert.equal(isDirect(cluster, {token: 'abc'}, null), true);
	assert.equal(isDirect(cluster, {'client-certificate-data': 'x', 'client-key-data': 'y'}, null), true);
	assert.equal(isDirect(cluster, {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws'}}, null), true);
	assert.equal(isDirect(cluster, {tokenFile: '/var/run/token'}, null), true);
	assert.equal(isDirect(cluster, {token: 'abc'}, 'http://proxy:3128'), false, 'proxies need client-node\'s agents');
	assert.equal(isDirect(cluster, {'auth-provider': {name: 'oidc'}}, null), false);
	assert.equal(isDirect(cluster, {username: 'admin', password: 'secret'}, null), false);
	assert.equal(isDirect(cluster, {token: 'abc', as: 'someone'}, null), false, 'impersonation is left to client-node');
});

test('inline data and file paths become TLS options and a bearer header', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prg-direct-'));
	try {
		writeFileSync(join(dir, 'client.crt'), 'CERT PEM');
		writeFileSync(join(dir, 'client.key'), 'KEY PEM');
		const applied = await applyDirect({...cluster, 'tls-server-name': 'api.internal'}, {token: 't0k3n', 'client-certificate': join(dir, 'client.crt'), 'client-key': join(dir, 'client.key')}, (path) => new Error(path));
		assert.equal(applied.tls.ca?.toString(), 'CA PEM');
		assert.equal(applied.tls.cert?.toString(), 'CERT PEM');
		assert.equal(applied.tls.key?.toString(), 'KEY PEM');
		assert.equal(applied.tls.servername, 'api.internal');
		assert.equal(applied.tls.rejectUnauthorized, undefined);
		assert.deepEqual(applied.headers, {authorization: 'Bearer t0k3n'});
		const insecure = await applyDirect({server: cluster.server, 'insecure-skip-tls-verify': true}, {}, (path) => new Error(path));
		assert.equal(insecure.tls.rejectUnauthorized, false);
		await assert.rejects(applyDirect({server: cluster.server, 'certificate-authority': join(dir, 'missing.crt')}, {}, (path) => new Error(`unreadable ${path}`)), /unreadable .*missing\.crt/);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
