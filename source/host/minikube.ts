// Minikube: each profile's driver and status (`minikube profile list -o json`). A VM driver gives
// the node its own kernel, so this host's gates do not apply to it; the docker and podman drivers
// share this host's kernel. The profile name is its kubeconfig context.
import type {EnvironmentId} from '../domain/types.js';
import {lastErrorLine, type Runner} from './runner.js';

export type MinikubeProfile = {
	readonly name: string;
	readonly status: string | null;
	readonly driver: string | null;
	readonly kubernetesVersion: string | null;
	readonly containerRuntime: string | null;
	readonly nodes: number | null;
	readonly environment: EnvironmentId;
	/** The node runs on this host's kernel (docker/podman/none drivers). */
	readonly sharesHostKernel: boolean;
	readonly context: string;
	readonly inKubeconfig: boolean | null;
	readonly valid: boolean;
};

export type MinikubeRuntime = {
	readonly installed: boolean;
	readonly profiles: readonly MinikubeProfile[];
	readonly error: string | null;
};

/** Drivers that run the node as a container or process on this host's kernel. */
const hostKernelDrivers = new Set(['docker', 'podman', 'none', 'ssh']);

export async function inspectMinikube(options: {
	readonly runner: Runner;
	readonly signal: AbortSignal;
	readonly contexts: ReadonlySet<string> | null;
	readonly timeoutMs?: number;
}): Promise<MinikubeRuntime> {
	const {runner, signal, contexts} = options;
	// profile list asks every profile's host for its status: slow with several stopped VMs.
	const outcome = await runner({argv: ['minikube', 'profile', 'list', '-o', 'json'], timeoutMs: options.timeoutMs ?? 30_000, signal});
	if (outcome.failure === 'not-found') return {installed: false, profiles: [], error: null};
	if (outcome.failure !== null) return {installed: true, profiles: [], error: outcome.error};
	const parsed = parseMinikubeProfiles(outcome.stdout, contexts);
	if (parsed !== null) return {installed: true, profiles: parsed, error: null};
	// No profile at all: minikube exits non-zero and says so in prose.
	const line = lastErrorLine(outcome);
	if (line !== null && /no minikube profile was found|MK_USAGE_NO_PROFILE/i.test(`${outcome.stdout}${outcome.stderr}`)) {
		return {installed: true, profiles: [], error: null};
	}
	return {installed: true, profiles: [], error: line ?? `minikube profile list exited ${outcome.exitCode}`};
}

export function parseMinikubeProfiles(text: string, contexts: ReadonlySet<string> | null): MinikubeProfile[] | null {
	const start = text.indexOf('{');
	if (start === -1) return null;
	let raw: {valid?: unknown; invalid?: unknown};
	try {
		raw = JSON.parse(text.slice(start)) as typeof raw;
	} catch {
		return null;
	}
	if (!Array.isArray(raw.valid) && !Array.isArray(raw.invalid)) return null;
	const list = (value: unknown, valid: boolean) => (Array.isArray(value) ? value.map((entry) => profileOf(entry, valid, contexts)) : []);
	return [...list(raw.valid, true), ...list(raw.invalid, false)].filter((profile): profile is MinikubeProfile => profile !== null);
}

function profileOf(entry: unknown, valid: boolean, contexts: ReadonlySet<string> | null): MinikubeProfile | null {
	if (typeof entry !== 'object' || entry === null) return null;
	const profile = entry as Record<string, unknown>;
	const name = typeof profile.Name === 'string' ? profile.Name : null;
	if (name === null) return null;
	const config = (profile.Config ?? {}) as Record<string, unknown>;
	const kubernetes = (config.KubernetesConfig ?? {}) as Record<string, unknown>;
	const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	const driver = str(config.Driver) ?? str(config.VMDriver);
	const sharesHostKernel = driver !== null && hostKernelDrivers.has(driver);
	return {
		name,
		status: str(profile.Status),
		driver,
		kubernetesVersion: str(kubernetes.KubernetesVersion),
		containerRuntime: str(kubernetes.ContainerRuntime),
		nodes: Array.isArray(config.Nodes) ? config.Nodes.length : null,
		environment: driver === null || sharesHostKernel ? 'minikube-docker' : 'minikube-vm',
		sharesHostKernel,
		context: name,
		inKubeconfig: contexts === null ? null : contexts.has(name),
		valid,
	};
}
