import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {applyDirect, isDirect} from '../../source/kube/direct-tls.js';

// PEM framing as kubeconfigs hold it (the bodies do not matter until a TLS handshake).
const caPem = '-----BEGIN CERTIFICATE-----\nMIIBdjCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n-----END CERTIFICATE-----\n';
const certPem = '-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIIYj8s6Q0uyPswCgYIKoZIzj0EAwIwIzEhMB8GA1UEAwwY\n-----END CERTIFICATE-----\n';
const keyPem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIHbGRZ3n7t0+Zl2mY9R8p1m0n3bqPz5z1o0xQmVv2yNNoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n';
const cluster = {server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from(caPem).toString('base64')};

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
		writeFileSync(join(dir, 'client.crt'), certPem);
		writeFileSync(join(dir, 'client.key'), keyPem);
		const applied = await applyDirect({...cluster, 'tls-server-name': 'api.internal'}, {token: 't0k3n', 'client-certificate': join(dir, 'client.crt'), 'client-key': join(dir, 'client.key')}, (path) => new Error(path));
		assert.equal(applied.tls.ca?.toString(), caPem);
		assert.equal(applied.tls.cert?.toString(), certPem);
		assert.equal(applied.tls.key?.toString(), keyPem);
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

test('a field that holds no PEM is named as such, before any TLS handshake could blame the server', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prg-direct-'));
	try {
		const invalid = (what: string) => new Error(`invalid: ${what}`);
		// A truncated paste: base64 that decodes to bytes, but not to a PEM block.
		const truncated = Buffer.from(caPem).toString('base64').slice(40, 120);
		await assert.rejects(applyDirect({server: cluster.server, 'certificate-authority-data': truncated}, {}, (path) => new Error(path), invalid), /invalid: certificate-authority-data holds no PEM certificate/);
		writeFileSync(join(dir, 'ca.der'), Buffer.from([0x30, 0x82, 0x01, 0x76, 0x30, 0x82]));
		await assert.rejects(applyDirect({server: cluster.server, 'certificate-authority': join(dir, 'ca.der')}, {}, (path) => new Error(path), invalid), /invalid: certificate-authority \(.*ca\.der\) holds no PEM certificate/);
		// The key and the certificate swapped, a common copy-paste slip.
		await assert.rejects(applyDirect(cluster, {'client-certificate-data': Buffer.from(certPem).toString('base64'), 'client-key-data': Buffer.from(certPem).toString('base64')}, (path) => new Error(path), invalid), /invalid: client-key-data holds no PEM private key/);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
