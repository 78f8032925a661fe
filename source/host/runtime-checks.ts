// Local runtimes as check lines, and the question that decides whether the host checks matter: do
// the local clusters run on this kernel (kind, minikube's docker/podman driver on a Linux engine),
// or in a VM with its own (minikube VM drivers, Docker Desktop)?
import type {EnvironmentId, Gate} from '../domain/types.js';
import type {HostCheck, HostRuntimes} from './types.js';

export type LocalClusters = {
	/** Clusters on this host's kernel: `kind-dev`, `minikube` … with their environment. */
	readonly sharing: readonly {readonly context: string; readonly environment: EnvironmentId}[];
	/** Clusters in a VM of their own. */
	readonly isolated: readonly {readonly context: string; readonly why: string}[];
};

export function localClusters(runtimes: HostRuntimes, linux: boolean): LocalClusters {
	const desktop = runtimes.docker.desktop;
	const sharing: LocalClusters['sharing'][number][] = [];
	const isolated: LocalClusters['isolated'][number][] = [];
	for (const cluster of runtimes.kind.clusters) {
		if (linux && !desktop) sharing.push({context: cluster.context, environment: 'kind'});
		else isolated.push({context: cluster.context, why: desktop ? 'kind nodes run inside the Docker Desktop VM' : 'kind nodes run inside the container engine VM'});
	}
	for (const profile of runtimes.minikube.profiles) {
		if (!profile.sharesHostKernel) isolated.push({context: profile.context, why: `the ${profile.driver ?? 'VM'} driver runs the node in a VM with its own kernel`});
		else if (linux && !(desktop && profile.driver === 'docker')) sharing.push({context: profile.context, environment: profile.environment});
		else isolated.push({context: profile.context, why: 'the docker driver runs the node inside the Docker Desktop VM'});
	}
	if (runtimes.dockerDesktop.context !== null) {
		isolated.push({context: runtimes.dockerDesktop.context, why: 'Docker Desktop runs Kubernetes in its own VM'});
	}
	return {sharing, isolated};
}

/** true: some local cluster runs on this kernel; false: all of them run in VMs; null: none found. */
export function hostGatesApply(clusters: LocalClusters): boolean | null {
	if (clusters.sharing.length > 0) return true;
	return clusters.isolated.length > 0 ? false : null;
}

export type RuntimeCheckOptions = {
	readonly ubuntu2310?: boolean;
	/** Kubeconfig contexts of local clusters that none of the tools here knows: `kind-old (kind)`. */
	readonly unmatchedContexts?: readonly string[];
};

export function runtimeChecks(runtimes: HostRuntimes, clusters: LocalClusters, gate: Gate | null, options: RuntimeCheckOptions = {}): HostCheck[] {
	const local = localCheck(clusters, gate, options.ubuntu2310 === true);
	const unmatched = options.unmatchedContexts ?? [];
	const withUnmatched = unmatched.length === 0
		? local
		: {...local, detail: `${local.detail}; kubeconfig contexts with no cluster on this host: ${unmatched.join(', ')}`};
	return [dockerCheck(runtimes), desktopCheck(runtimes), kindCheck(runtimes), minikubeCheck(runtimes), withUnmatched];
}

/** Local-cluster contexts (by name, cluster, server) that no kind cluster, minikube profile or Docker Desktop here owns. */
export function unmatchedLocalContexts(
	contexts: readonly {readonly name: string; readonly environment: EnvironmentId | null}[],
	runtimes: HostRuntimes,
): string[] {
	const owned = new Set<string>([
		...runtimes.kind.clusters.map((cluster) => cluster.context),
		...runtimes.minikube.profiles.map((profile) => profile.context),
		...(runtimes.dockerDesktop.detected && runtimes.dockerDesktop.context !== null ? [runtimes.dockerDesktop.context] : []),
	]);
	// Only the tools we can ask: a kind context is unmatched only if kind answered, and so on.
	const asked = (environment: EnvironmentId) =>
		(environment === 'kind' && runtimes.kind.installed && runtimes.kind.error === null) ||
		(environment.startsWith('minikube') && runtimes.minikube.installed && runtimes.minikube.error === null);
	return contexts
		.filter((context) => context.environment !== null && asked(context.environment) && !owned.has(context.name))
		.map((context) => `${context.name} (${context.environment})`);
}

function dockerCheck({docker}: HostRuntimes): HostCheck {
	const base = {id: 'docker', title: 'Docker'} as const;
	if (!docker.installed) return {...base, status: 'skip', detail: 'not installed'};
	if (!docker.running) {
		const client = docker.clientVersion ? ` (client ${docker.clientVersion})` : '';
		return {...base, status: 'warn', detail: `installed${client}, but no engine answered: ${docker.error ?? 'docker info failed'}`};
	}
	const options = [
		docker.apparmor ? 'apparmor' : null,
		docker.seccomp ? `seccomp (${docker.seccomp})` : null,
		docker.selinux ? 'selinux' : null,
		docker.rootless ? 'rootless' : null,
		docker.cgroupns ? 'cgroupns' : null,
		docker.userns ? 'userns-remap' : null,
	].filter(Boolean);
	const where = docker.operatingSystem ? ` on ${docker.operatingSystem}` : '';
	return {
		...base,
		status: 'pass',
		detail: `engine ${docker.serverVersion}${where}; security options: ${options.length > 0 ? options.join(', ') : 'none'}`,
	};
}

function desktopCheck({dockerDesktop}: HostRuntimes): HostCheck {
	const base = {id: 'docker-desktop', title: 'Docker Desktop'} as const;
	if (!dockerDesktop.detected) return {...base, status: 'skip', detail: 'not in use'};
	const kernel = dockerDesktop.kernelVersion ? ` (VM kernel ${dockerDesktop.kernelVersion})` : '';
	const context = dockerDesktop.context ?? 'docker-desktop';
	return {
		...base,
		status: 'pass',
		detail: `in use${kernel}: its Linux VM has its own kernel, so this host's gates do not apply; check the cluster with prg-doctor probe --context ${context}`,
	};
}

function kindCheck({kind, docker}: HostRuntimes): HostCheck {
	const base = {id: 'kind', title: 'kind'} as const;
	if (!kind.installed) return {...base, status: 'skip', detail: 'not installed'};
	if (kind.error !== null) return {...base, status: 'warn', detail: `could not list clusters: ${kind.error}`};
	if (kind.clusters.length === 0) return {...base, status: 'skip', detail: 'installed; no clusters'};
	const list = kind.clusters.map((cluster) => {
		const nodes = cluster.nodes === null ? '' : `, ${cluster.nodes.length} node${cluster.nodes.length === 1 ? '' : 's'}`;
		const missing = cluster.inKubeconfig === false ? ', not in the kubeconfig' : '';
		return `${cluster.name} (context ${cluster.context}${nodes}${missing})`;
	});
	const where = docker.desktop ? '; nodes run in the Docker Desktop VM' : '';
	return {...base, status: 'pass', detail: `${list.join('; ')}${where}`};
}

function minikubeCheck({minikube}: HostRuntimes): HostCheck {
	const base = {id: 'minikube', title: 'Minikube'} as const;
	if (!minikube.installed) return {...base, status: 'skip', detail: 'not installed'};
	if (minikube.error !== null) return {...base, status: 'warn', detail: `could not list profiles: ${minikube.error}`};
	if (minikube.profiles.length === 0) return {...base, status: 'skip', detail: 'installed; no profiles'};
	const list = minikube.profiles.map((profile) => {
		const kernel = profile.sharesHostKernel ? 'this host\'s kernel' : 'VM, own kernel';
		const invalid = profile.valid ? '' : ', invalid profile';
		const missing = profile.inKubeconfig === false ? ', not in the kubeconfig' : '';
		return `${profile.name} (${profile.driver ?? 'driver unknown'}, ${profile.status ?? 'status unknown'}, ${kernel}${invalid}${missing})`;
	});
	return {...base, status: 'pass', detail: list.join('; ')};
}

function localCheck(clusters: LocalClusters, gate: Gate | null, ubuntu2310: boolean): HostCheck {
	const base = {id: 'local-clusters', title: 'local clusters'} as const;
	const blocked = gate !== null && gate !== 'none';
	const isolated = clusters.isolated.map((entry) => `${entry.context}: ${entry.why}; host gates do not apply, run prg-doctor probe --context ${entry.context}`);
	if (clusters.sharing.length > 0) {
		const names = clusters.sharing.map((entry) => entry.context).join(', ');
		const one = clusters.sharing.length === 1;
		const documented = gate === 'apparmor-userns' && ubuntu2310
			? ' (the documented case: Docker-driver nodes on Ubuntu 23.10+ with AppArmor\'s user-namespace restriction on)'
			: '';
		const verdict = blocked ? `blocked by ${gate} on this host${documented}` : `the checks above apply to ${one ? 'it' : 'them'}`;
		return {...base, status: blocked ? 'fail' : 'pass', detail: [`${names} ${one ? 'runs' : 'run'} on this kernel: ${verdict}`, ...isolated].join('; ')};
	}
	if (clusters.isolated.length > 0) return {...base, status: 'pass', detail: isolated.join('; ')};
	return {
		...base,
		status: 'skip',
		detail: 'none found; the checks above are what a kind or minikube --driver=docker cluster would get on this host',
	};
}
