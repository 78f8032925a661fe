// The vocabulary of prg-doctor. Every id below is part of the product contract (SPEC sections 5–6):
// scripts match on these strings, so they never change spelling.

export const gates = [
	'none',
	'no-userns',
	'userns-limit',
	'userns-clone',
	'seccomp',
	'selinux-userns',
	'apparmor-userns',
	'unknown',
] as const;
export type Gate = (typeof gates)[number];

export const environments = [
	'openshift-rhcos',
	'openshift-rhel',
	'eks-bottlerocket',
	'eks-al2023',
	'eks-al2',
	'eks',
	'gke-cos',
	'gke-ubuntu',
	'gke',
	'aks-ubuntu',
	'aks-azurelinux',
	'aks',
	'kind',
	'minikube-docker',
	'minikube-vm',
	'docker-desktop',
	'k3d',
	'k3s',
	'rancher-desktop',
	'orbstack',
	'colima',
	'microk8s',
	'talos',
	'doks',
	'generic',
] as const;
export type EnvironmentId = (typeof environments)[number];

/** Environments whose node kernel is the kernel of the machine the user sits at (or its VM). */
export const localEnvironments: readonly EnvironmentId[] = [
	'kind',
	'minikube-docker',
	'minikube-vm',
	'docker-desktop',
	'k3d',
	'rancher-desktop',
	'orbstack',
	'colima',
];

export const fixIds = [
	'bottlerocket-sysctl',
	'openshift-sysctl',
	'openshift-selinux',
	'host-apparmor-sysctl',
	'node-apparmor-sysctl',
	'node-sysctl',
	'userns-clone-sysctl',
	'seccomp-unconfined',
	'kernel-userns',
	'support',
] as const;
export type FixId = (typeof fixIds)[number];

export type PredictionStatus = 'likely-ready' | 'likely-blocked' | 'unknown';

/** What we expect before probing. Always shown as a prediction, never as a result. */
export type Prediction = {
	readonly status: PredictionStatus;
	readonly gate: Gate | null;
	readonly reason: string;
};

export type NodeInfo = {
	readonly name: string;
	readonly pool: string;
	readonly environment: EnvironmentId;
	readonly osImage: string | null;
	readonly kernelVersion: string | null;
	readonly containerRuntime: string | null;
	readonly kubeletVersion: string | null;
	readonly architecture: string | null;
	/** The Ready condition; null when the node reports none. */
	readonly ready: boolean | null;
	readonly schedulable: boolean;
	/** `key=value:Effect` strings, as kubectl prints them. */
	readonly taints: readonly string[];
	readonly prediction: Prediction;
};

export type PoolInfo = {
	readonly name: string;
	readonly environment: EnvironmentId;
	readonly size: number;
	readonly prediction: Prediction;
	readonly nodes: readonly NodeInfo[];
};

/** Pod-level user namespaces (`hostUsers: false`), per context (SPEC section 5, last paragraph). */
export type PodUserNamespaces = {
	readonly usable: boolean | null;
	readonly reason: string;
};

export type ClusterView = {
	readonly context: string;
	readonly server: string | null;
	readonly version: string | null;
	readonly podUserNamespaces: PodUserNamespaces;
	readonly pools: readonly PoolInfo[];
};

// ---- Probe -------------------------------------------------------------------------------------

export type ProbeStatus = 'pending' | 'running' | 'ok' | 'failed' | 'error' | 'timeout' | 'skipped';

/** Why a probe pod could not run (status `error`). */
export type ProbeErrorReason =
	| 'image-pull'
	| 'admission'
	| 'forbidden'
	| 'node-not-ready'
	| 'node-gone'
	| 'evicted'
	| 'unschedulable'
	| 'api-error'
	| 'deleted'
	| 'container-error';

export type ProbeResult = {
	readonly node: string;
	readonly pool: string;
	readonly environment: EnvironmentId;
	readonly status: ProbeStatus;
	readonly gate: Gate | null;
	readonly fix: FixId | null;
	/** A sentence a person can act on; for `error` it starts with the ProbeErrorReason. */
	readonly reason: string | null;
	/** The pod's log, verbatim. */
	readonly output: string | null;
	readonly pod: string | null;
	readonly durationMs: number | null;
};

export type Confidence = 'high' | 'medium' | 'low';

/** The `explain` verdict over some probe output. */
export type Classification = {
	/** `ok`, `failed`, or `unknown` when the text holds no verdict at all. */
	readonly status: 'ok' | 'failed' | 'unknown';
	readonly gate: Gate | null;
	readonly fix: FixId | null;
	readonly reason: string;
	readonly confidence: Confidence;
	/** The parsed `key=value` lines. */
	readonly evidence: Readonly<Record<string, string>>;
};

// ---- Fixes -------------------------------------------------------------------------------------

export type Snippet = {
	/** toml, yaml, json, sh, te, text, … */
	readonly language: string;
	readonly content: string;
};

/**
 * A command the tool itself can run on this machine. `run` is exactly what is shown to the user;
 * `argv` is what is executed (never through a shell), with `stdin` fed to it when set.
 */
export type FixCommand = {
	readonly run: string;
	readonly argv: readonly string[];
	readonly stdin?: string;
	readonly needsRoot: boolean;
	/** Changes the machine (vs. only reads it): such commands need a typed confirmation. */
	readonly changesMachine: boolean;
};

export type FixStep = {
	readonly title: string;
	readonly text: string;
	readonly snippet: Snippet | null;
	readonly command: FixCommand | null;
};

export type Fix = {
	readonly id: FixId;
	readonly title: string;
	readonly gate: Gate;
	readonly environment: EnvironmentId | null;
	readonly why: string;
	readonly steps: readonly FixStep[];
	readonly verify: string;
};
