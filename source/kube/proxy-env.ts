// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as kubectl reads them (Go's httpproxy rules), for clusters
// whose kubeconfig names no proxy-url: corporate networks set these and expect every tool to obey.
import {BlockList, isIP} from 'node:net';

export function proxyFromEnvironment(server: string, env: NodeJS.ProcessEnv): string | null {
	let url: URL;
	try {
		url = new URL(server);
	} catch {
		return null;
	}
	const https = url.protocol === 'https:';
	const proxy = (https ? env.HTTPS_PROXY ?? env.https_proxy : env.HTTP_PROXY ?? env.http_proxy)?.trim();
	if (!proxy) return null;
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = url.port || (https ? '443' : '80');
	if (host === 'localhost' || isLoopback(host)) return null;
	if (bypassed(host, port, env.NO_PROXY ?? env.no_proxy ?? '')) return null;
	return proxy.includes('://') ? proxy : `http://${proxy}`;
}

function bypassed(host: string, port: string, noProxy: string): boolean {
	for (const raw of noProxy.split(',')) {
		let entry = raw.trim().toLowerCase();
		if (entry === '') continue;
		if (entry === '*') return true;
		const cidr = /^([0-9a-f:.]+)\/(\d+)$/.exec(entry);
		if (cidr) {
			const family = isIP(cidr[1]!);
			if (family !== 0 && isIP(host) === family) {
				const list = new BlockList();
				list.addSubnet(cidr[1]!, Number(cidr[2]), family === 6 ? 'ipv6' : 'ipv4');
				if (list.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
			}
			continue;
		}
		const withPort = /^(.*?):(\d+)$/.exec(entry);
		if (withPort && !entry.startsWith('[')) {
			if (withPort[2] !== port) continue;
			entry = withPort[1]!;
		}
		entry = entry.replace(/^\[|\]$/g, '');
		if (isIP(entry) !== 0) {
			if (entry === host) return true;
			continue;
		}
		if (entry.startsWith('*.')) entry = entry.slice(1);
		if (entry.startsWith('.')) {
			if (host.endsWith(entry)) return true;
		} else if (host === entry || host.endsWith(`.${entry}`)) {
			return true;
		}
	}
	return false;
}

function isLoopback(host: string): boolean {
	return host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}
