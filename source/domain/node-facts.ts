// The few strings environment detection and prediction read from a node, pulled out once and
// normalised, so a dump holding only some of them (labels only, nodeInfo only) reads the same way.
import type {KNode} from './k8s.js';

export type NodeFacts = {
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
	readonly providerId: string;
	readonly osImage: string;
	readonly kernel: string;
	readonly runtime: string;
	readonly kubelet: string;
};

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function record(value: unknown): Readonly<Record<string, string>> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
	const entries = value as Record<string, unknown>;
	// Every value is a string in real nodes: use the object as it is and copy only a hand-made
	// dump's odd one (copying every node's labels was most of a 5,000-node listing's domain time).
	if (Object.values(entries).every((entry) => typeof entry === 'string')) return entries as Readonly<Record<string, string>>;
	const out: Record<string, string> = {};
	for (const [key, entry] of Object.entries(entries)) out[key] = typeof entry === 'string' ? entry : String(entry ?? '');
	return out;
}

// Environment detection and prediction both read a node's facts; work them out once per node.
const known = new WeakMap<KNode, NodeFacts>();

export function factsOf(node: KNode): NodeFacts {
	const cached = known.get(node);
	if (cached !== undefined) return cached;
	const info = node.status?.nodeInfo;
	const facts: NodeFacts = {
		name: text(node.metadata?.name),
		labels: record(node.metadata?.labels),
		annotations: record(node.metadata?.annotations),
		providerId: text(node.spec?.providerID),
		osImage: text(info?.osImage),
		kernel: text(info?.kernelVersion),
		runtime: text(info?.containerRuntimeVersion),
		kubelet: text(info?.kubeletVersion),
	};
	known.set(node, facts);
	return facts;
}

export function hasLabelPrefix(facts: NodeFacts, prefix: string): boolean {
	return Object.keys(facts.labels).some((key) => key.startsWith(prefix));
}

export function hasAnnotationPrefix(facts: NodeFacts, prefix: string): boolean {
	return Object.keys(facts.annotations).some((key) => key.startsWith(prefix));
}

/** `6.8.0-45-generic` → [6, 8]; null when the string does not start with a version. */
export function kernelRelease(kernel: string): readonly [number, number] | null {
	const match = /^(\d+)\.(\d+)/.exec(kernel);
	return match ? [Number(match[1]), Number(match[2])] : null;
}

export function atLeast(version: readonly [number, number] | null, major: number, minor: number): boolean {
	if (version === null) return false;
	return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** `Ubuntu 24.04.1 LTS` → [24, 4]; null for anything that is not Ubuntu. */
export function ubuntuRelease(osImage: string): readonly [number, number] | null {
	const match = /^Ubuntu (\d+)\.(\d+)/i.exec(osImage);
	return match ? [Number(match[1]), Number(match[2])] : null;
}

/** `Debian GNU/Linux 12 (bookworm)` → 12; null for anything else. */
export function debianRelease(osImage: string): number | null {
	const match = /^Debian GNU\/Linux (\d+)/i.exec(osImage);
	return match ? Number(match[1]) : null;
}
