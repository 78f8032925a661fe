import assert from 'node:assert/strict';
import {test} from 'node:test';
import {proxyFromEnvironment} from '../../source/kube/proxy-env.js';

const server = 'https://api.prod.corp.example:6443';

test('HTTPS_PROXY applies to https servers, HTTP_PROXY to http ones, lower case too', () => {
	assert.equal(proxyFromEnvironment(server, {HTTPS_PROXY: 'http://proxy.corp:3128'}), 'http://proxy.corp:3128');
	assert.equal(proxyFromEnvironment(server, {https_proxy: 'proxy.corp:3128'}), 'http://proxy.corp:3128');
	assert.equal(proxyFromEnvironment(server, {HTTP_PROXY: 'http://proxy.corp:3128'}), null);
	assert.equal(proxyFromEnvironment('http://api.corp.example:8080', {HTTP_PROXY: 'http://proxy.corp:3128'}), 'http://proxy.corp:3128');
	assert.equal(proxyFromEnvironment(server, {}), null);
});

test('localhost and loopback never go through a proxy', () => {
	const env = {HTTPS_PROXY: 'http://proxy.corp:3128'};
	assert.equal(proxyFromEnvironment('https://127.0.0.1:41827', env), null);
	assert.equal(proxyFromEnvironment('https://localhost:6443', env), null);
	assert.equal(proxyFromEnvironment('https://[::1]:6443', env), null);
});

test('NO_PROXY: domains with subdomains, leading dots, ports, IPs, CIDRs and *', () => {
	const proxied = (noProxy: string, target = server) => proxyFromEnvironment(target, {HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy}) !== null;
	assert.equal(proxied('corp.example'), false);
	assert.equal(proxied('.corp.example'), false);
	assert.equal(proxied('*.corp.example'), false);
	assert.equal(proxied('example.org, other.example'), true);
	assert.equal(proxied('api.prod.corp.example:6443'), false);
	assert.equal(proxied('api.prod.corp.example:443'), true);
	assert.equal(proxied('.api.prod.corp.example'), true, 'a leading dot matches subdomains only');
	assert.equal(proxied('*'), false);
	assert.equal(proxied('10.0.0.0/8', 'https://10.20.30.40:6443'), false);
	assert.equal(proxied('10.0.0.0/8', 'https://192.168.1.10:6443'), true);
	assert.equal(proxied('192.168.1.10', 'https://192.168.1.10:6443'), false);
	assert.equal(proxyFromEnvironment(server, {HTTPS_PROXY: 'http://p:1', no_proxy: 'corp.example'}), null);
});
