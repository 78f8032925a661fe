// Pod-level user namespaces (`hostUsers: false`) per context (SPEC section 5). Two things must hold:
// the API server and kubelets have the UserNamespacesSupport feature (alpha from 1.25, beta but off
// by default in 1.30–1.32, on by default from 1.33), and each node's container runtime supports
// it, which kubelets report as `status.runtimeHandlers[].features.userNamespaces` (1.31+).
import type {PodUserNamespaces} from './types.js';
import type {KNode} from './k8s.js';

type Support = 'yes' | 'no' | 'unreported';

/** The default handler (empty name, used by pods without a RuntimeClass) decides; else any handler. */
function runtimeSupport(node: KNode): Support {
	const handlers = node.status?.runtimeHandlers;
	if (!Array.isArray(handlers) || handlers.length === 0) return 'unreported';
	const reported = handlers.filter((handler) => typeof handler?.features?.userNamespaces === 'boolean');
	if (reported.length === 0) return 'unreported';
	const fallback = reported.find((handler) => !handler.name);
	if (fallback) return fallback.features?.userNamespaces ? 'yes' : 'no';
	return reported.some((handler) => handler.features?.userNamespaces) ? 'yes' : 'no';
}

export function parseServerVersion(version: string | null): readonly [number, number] | null {
	if (version === null) return null;
	const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
	return match ? [Number(match[1]), Number(match[2])] : null;
}

function nodesPhrase(count: number, total: number): string {
	if (count === total) return total === 1 ? 'the only node' : `all ${total} nodes`;
	return `${count} of ${total} nodes`;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export function podUserNamespaces(serverVersion: string | null, nodes: readonly KNode[]): PodUserNamespaces {
	const parsed = parseServerVersion(serverVersion);
	if (parsed === null) {
		return {usable: null, reason: 'The server version is unknown, so whether pods can use hostUsers: false cannot be told.'};
	}
	const [major, minor] = parsed;
	const release = `${major}.${minor}`;
	if (major === 1 && minor < 25) {
		return {usable: false, reason: `Kubernetes ${release} has no pod user namespaces (hostUsers: false arrived as alpha in 1.25).`};
	}
	if (major === 1 && minor < 30) {
		return {
			usable: false,
			reason: `In Kubernetes ${release} pod user namespaces are alpha, behind the UserNamespacesSupport feature gate (off by default); they are on by default from 1.33.`,
		};
	}
	const total = nodes.length;
	const supports = nodes.map(runtimeSupport);
	const yes = supports.filter((support) => support === 'yes').length;
	const no = supports.filter((support) => support === 'no').length;
	const gated = major === 1 && minor < 33;
	const gateNote = gated
		? ` Kubernetes ${release} also needs the UserNamespacesSupport feature gate, which is off by default before 1.33 and cannot be seen from here.`
		: '';
	if (total === 0) {
		return {usable: null, reason: `The cluster lists no nodes, so runtime support for pod user namespaces cannot be told.${gateNote}`};
	}
	if (no > 0) {
		return {
			usable: false,
			reason: `The container runtime on ${nodesPhrase(no, total)} reports no user-namespace support (status.runtimeHandlers[].features.userNamespaces: false).${gateNote}`,
		};
	}
	if (yes < total) {
		return {
			usable: null,
			reason: `${capitalize(nodesPhrase(total - yes, total))} ${total === 1 ? 'reports' : 'report'} no runtimeHandlers features (kubelet 1.31+ reports them), so runtime support is unknown there.${gateNote}`,
		};
	}
	if (gated) {
		return {
			usable: null,
			reason: `The runtime on all ${total} node${total === 1 ? '' : 's'} supports user namespaces, but in Kubernetes ${release} hostUsers: false is beta behind the UserNamespacesSupport feature gate, off by default.`,
		};
	}
	return {
		usable: true,
		reason: `Kubernetes ${release} enables pod user namespaces by default and the runtime on all ${total} node${total === 1 ? '' : 's'} supports them.`,
	};
}
