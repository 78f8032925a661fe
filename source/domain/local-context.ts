// Recognises a local cluster from its kubeconfig entry alone (context name, cluster name, server),
// before any request is made: `contexts` reports it as `local`, and `host` knows what to check.
//
// What each tool writes into the kubeconfig:
// - kind: context and cluster `kind-<cluster>`, server https://127.0.0.1:<random port>.
// - k3d: `k3d-<cluster>`, server https://0.0.0.0:<port> or 127.0.0.1.
// - Docker Desktop: `docker-desktop` (`docker-for-desktop` before 2.x), server
//   https://kubernetes.docker.internal:6443 (or 127.0.0.1:6443).
// - Rancher Desktop `rancher-desktop`, OrbStack `orbstack`, Colima `colima` or `colima-<profile>`,
//   MicroK8s `microk8s` (from `microk8s config`).
// - minikube: context and cluster named after the profile (`minikube` by default). The driver shows
//   in the server: the docker and podman drivers put the node on a Docker network starting at
//   192.168.49.0/24 (each further cluster 9 octets on: .58, .67, …) and, where the daemon runs in a
//   VM (macOS, Windows), publish the API server on https://127.0.0.1:<random port>; the VM drivers
//   give the VM its own address on the hypervisor's network (kvm2 192.168.39.x, VirtualBox
//   192.168.59.x, HyperKit and vfkit 192.168.64.x+, QEMU with socket_vmnet 192.168.105.x, Hyper-V
//   a 172.x switch address). With no server to read, the docker driver, minikube's default.
import type {EnvironmentId} from './types.js';

export type ContextEntry = {name: string; cluster?: string | null; server?: string | null};

function hostOf(server: string): string | null {
	try {
		return new URL(server).hostname.replace(/^\[|\]$/g, '').toLowerCase();
	} catch {
		return null;
	}
}

function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || host === '0.0.0.0' || /^127\./.test(host);
}

function isKicNetwork(host: string): boolean {
	const match = /^192\.168\.(\d+)\.\d+$/.exec(host);
	if (!match) return false;
	const octet = Number(match[1]);
	return octet >= 49 && (octet - 49) % 9 === 0;
}

export function minikubeDriverOf(server: string | null | undefined): EnvironmentId {
	if (!server) return 'minikube-docker';
	const host = hostOf(server);
	if (host === null) return 'minikube-docker';
	if (isLoopback(host) || isKicNetwork(host)) return 'minikube-docker';
	return 'minikube-vm';
}

const byName: readonly (readonly [RegExp, EnvironmentId])[] = [
	[/^kind-/, 'kind'],
	[/^k3d-/, 'k3d'],
	[/^docker-(for-)?desktop$/, 'docker-desktop'],
	[/^rancher-desktop$/, 'rancher-desktop'],
	[/^orbstack$/, 'orbstack'],
	[/^colima(-[\w.-]+)?$/, 'colima'],
	[/^microk8s(-cluster)?$/, 'microk8s'],
];

export function localEnvironmentOfContext(context: ContextEntry): EnvironmentId | null {
	const names = [context.name, context.cluster ?? ''].filter((name) => name !== '');
	if (names.includes('minikube')) return minikubeDriverOf(context.server);
	for (const name of names) {
		for (const [pattern, environment] of byName) if (pattern.test(name)) return environment;
	}
	const host = context.server ? hostOf(context.server) : null;
	if (host === 'kubernetes.docker.internal') return 'docker-desktop';
	if (host !== null && /(^|\.)orb\.local$/.test(host)) return 'orbstack';
	return null;
}
