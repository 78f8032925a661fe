// The last line of defence for a report: every secret string from the kubeconfig is replaced in
// the rendered text, whatever field it hid in; with --redact-hosts, server URLs, AWS account ids
// and node names become stable placeholders (node-1, server-1, …) so the report still reads.
import {redactText} from '../kube/redact.js';
import type {SupportReport} from './report.js';

export function redactRendered(text: string, report: SupportReport, options: {secrets: readonly string[]; hosts: boolean}): string {
	let out = redactText(text, options.secrets);
	if (!options.hosts) return out;
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
