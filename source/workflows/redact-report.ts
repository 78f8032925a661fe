// The last line of defence for a report: every secret string from the kubeconfig is replaced in
// the rendered text, whatever field it hid in; with --redact-hosts, server URLs, AWS account ids
// and node names become stable placeholders (node-1, server-1, …) so the report still reads.
import {redactText} from '../kube/redact.js';
import type {SupportReport} from './report.js';

export type RenderedRedaction = {
	readonly secrets: readonly string[];
	readonly hosts: boolean;
	/** Other host names to mask with --redact-hosts: the proxies requests went through (errors name them). */
	readonly proxies?: readonly string[];
};

export function redactRendered(text: string, report: SupportReport, options: RenderedRedaction): string {
	let out = redactText(text, options.secrets);
	if (!options.hosts) return out;
	[...new Set(options.proxies ?? [])].sort((a, b) => b.length - a.length).forEach((proxy, index) => {
		out = replaceWord(out, proxy, `proxy-${index + 1}`);
	});
	const servers = new Set<string>();
	for (const context of report.contexts) if (context.server) servers.add(context.server);
	if (report.cluster?.server) servers.add(report.cluster.server);
	[...servers].sort((a, b) => b.length - a.length).forEach((server, index) => {
		out = out.split(server).join(`https://server-${index + 1}`);
		const host = hostOf(server);
		if (host !== null) out = replaceWord(out, host, `server-${index + 1}`);
	});
	const nodes = new Set<string>();
	for (const pool of report.cluster?.pools ?? []) for (const node of pool.nodes) nodes.add(node.name);
	for (const result of report.lastProbe?.results ?? []) nodes.add(result.node);
	[...nodes].sort((a, b) => b.length - a.length).forEach((node, index) => {
		out = replaceWord(out, node, `node-${index + 1}`);
	});
	// AWS account ids: 12 digits standing alone (ARNs, EKS hostnames, ECR registries).
	return out.replace(/(?<![0-9A-Za-z])[0-9]{12}(?![0-9A-Za-z])/g, '************');
}

function hostOf(url: string): string | null {
	try {
		return new URL(url).hostname || null;
	} catch {
		return null;
	}
}

/** Replaces `word` where it is not part of a longer name (so `minikube` leaves `minikube-vm` be). */
function replaceWord(text: string, word: string, replacement: string): string {
	const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return text.replace(new RegExp(`(?<![A-Za-z0-9.-])${escaped}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'g'), replacement);
}

/** The proxy hosts a report's requests may have gone through: clusters' proxy-url, else the environment's. */
export function proxyHosts(raw: unknown, env: NodeJS.ProcessEnv): string[] {
	const urls: unknown[] = [env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy];
	const clusters = (raw as {clusters?: {cluster?: Record<string, unknown>}[]} | null)?.clusters ?? [];
	for (const entry of clusters) urls.push(entry?.cluster?.['proxy-url']);
	return urls.flatMap((url) => {
		if (typeof url !== 'string' || url === '') return [];
		const host = hostOf(url.includes('://') ? url : `http://${url}`);
		return host === null ? [] : [host];
	});
}
