// Typed data for the explorer's tests, shaped exactly like what the workflows return.
// Node facts: Bottlerocket values as `kubectl get nodes -o wide` printed them in
// bottlerocket-os/bottlerocket#3362 ("Bottlerocket OS 1.15.0 …", 5.15.122, containerd://1.6.23+bottlerocket),
// with the aws variant of the image name; AL2023 and Ubuntu values follow the same real formats.
// Probe output follows SPEC section 4 with busybox's real error line for ENOSPC.
import type {ClusterView, Fix, NodeInfo, PoolInfo, ProbeResult} from '../../source/domain/types.js';
import type {ContextEntry, ProbeRun} from '../../source/workflows/types.js';
import type {Catalog, HostReport} from '../../source/ui/model.js';

export const contexts: ContextEntry[] = [
	{name: 'sim-eks', cluster: 'sim-eks', server: 'https://127.0.0.1:39001', user: 'sim-admin', namespace: null, current: true, local: null, reachable: null, version: null, error: null},
	{name: 'sim-openshift', cluster: 'sim-openshift', server: 'https://127.0.0.1:39002', user: 'sim-admin', namespace: null, current: false, local: null, reachable: null, version: null, error: null},
	{name: 'kind-sim', cluster: 'kind-sim', server: 'https://127.0.0.1:39003', user: 'kind-sim', namespace: null, current: false, local: 'kind', reachable: null, version: null, error: null},
	{name: 'prod-dead', cluster: 'prod', server: 'https://10.0.0.1:6443', user: 'admin', namespace: 'ops', current: false, local: null, reachable: null, version: null, error: null},
];

function bottlerocket(name: string): NodeInfo {
	return {
		name, pool: 'bottlerocket-ng', environment: 'eks-bottlerocket',
		osImage: 'Bottlerocket OS 1.15.0 (aws-k8s-1.24)', kernelVersion: '5.15.122', containerRuntime: 'containerd://1.6.23+bottlerocket',
		kubeletVersion: 'v1.24.16-eks-a483404', architecture: 'amd64', ready: true, schedulable: true, taints: [],
		prediction: {status: 'likely-blocked', gate: 'userns-limit', reason: 'Bottlerocket sets user.max_user_namespaces=0 by default'},
	};
}

function al2023(name: string): NodeInfo {
	return {
		name, pool: 'al2023-ng', environment: 'eks-al2023',
		osImage: 'Amazon Linux 2023.5.20240819', kernelVersion: '6.1.102-111.182.amzn2023.x86_64', containerRuntime: 'containerd://1.7.20',
		kubeletVersion: 'v1.30.2-eks-1552ad0', architecture: 'amd64', ready: true, schedulable: true, taints: [],
		prediction: {status: 'likely-ready', gate: null, reason: 'Amazon Linux 2023 allows unprivileged user namespaces'},
	};
}

function pool(name: string, nodes: NodeInfo[]): PoolInfo {
	return {name, environment: nodes[0]!.environment, size: nodes.length, prediction: nodes[0]!.prediction, nodes};
}

export const eksView: ClusterView = {
	context: 'sim-eks',
	server: 'https://127.0.0.1:39001',
	version: 'v1.30.2-eks-1552ad0',
	podUserNamespaces: {usable: false, reason: 'server 1.30 < 1.33'},
	pools: [
		pool('bottlerocket-ng', ['ip-10-0-1-11.ec2.internal', 'ip-10-0-1-12.ec2.internal', 'ip-10-0-1-13.ec2.internal'].map(bottlerocket)),
		pool('al2023-ng', ['ip-10-0-2-21.ec2.internal', 'ip-10-0-2-22.ec2.internal'].map(al2023)),
	],
};

/** A pool of `count` nodes, for windowing and performance tests. */
export function largeView(count: number): ClusterView {
	const nodes = Array.from({length: count}, (_, index) => al2023(`large-node-${String(index).padStart(5, '0')}`)).map((node) => ({...node, pool: 'large'}));
	return {...eksView, context: 'sim-large', pools: [pool('large', nodes)]};
}

export const bottlerocketOutput = [
	'prg-probe=1',
	'kernel=5.15.122',
	'userns_file=yes',
	'max_user_namespaces=0',
	'apparmor_restrict_unprivileged_userns=-',
	'unprivileged_userns_clone=-',
	'seccomp=0  seccomp_filters=0',
	'lsm=system_u:system_r:container_t:s0:c182,c611',
	'unshare=unshare: unshare(0x10000000): No space left on device',
	'unshare_map=unshare: unshare(0x10000000): No space left on device',
	'lsm_inside=-',
	'FAILED',
].join('\n');

export function failedResult(node: string): ProbeResult {
	return {
		node, pool: 'bottlerocket-ng', environment: 'eks-bottlerocket', status: 'failed', gate: 'userns-limit', fix: 'bottlerocket-sysctl',
		reason: 'user.max_user_namespaces is 0: the kernel refuses every new user namespace (ENOSPC)', output: bottlerocketOutput,
		pod: `prg-probe-${node.slice(9, 13)}`, durationMs: 2300,
	};
}

export function okResult(node: string, pool = 'al2023-ng'): ProbeResult {
	return {
		node, pool, environment: 'eks-al2023', status: 'ok', gate: 'none', fix: null, reason: 'unshare -Ur works: IDs map',
		output: 'prg-probe=1\nkernel=6.1.102-111.182.amzn2023.x86_64\nuserns_file=yes\nmax_user_namespaces=62451\nunshare=ok\nunshare_map=ok\nOK', pod: 'prg-probe-abcde', durationMs: 1900,
	};
}

export function runOf(results: ProbeResult[]): ProbeRun {
	const count = (status: string) => results.filter((result) => result.status === status).length;
	return {
		context: 'sim-eks', namespace: 'default', image: 'alpine:3.19', runId: 'r1x2y3', durationMs: 4200,
		summary: {probed: results.length, ok: count('ok'), failed: count('failed'), error: count('error'), timeout: count('timeout'), skipped: count('skipped')},
		pools: [], results,
	};
}

export const bottlerocketFix: Fix = {
	id: 'bottlerocket-sysctl',
	title: 'Raise user.max_user_namespaces on Bottlerocket',
	gate: 'userns-limit',
	environment: 'eks-bottlerocket',
	why: 'Bottlerocket defaults user.max_user_namespaces to 0, so no process may create a user namespace.',
	steps: [
		{
			title: 'Add the sysctl to the launch template user data',
			text: 'The quotes around the dotted key are required: unquoted, Bottlerocket reads a nested table and fails with invalid type: map, expected a string.',
			snippet: {language: 'toml', content: "[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'"},
			command: null,
		},
		{
			title: 'Or on a running node',
			text: 'Through the admin container or SSM.',
			snippet: {language: 'sh', content: 'apiclient set --json \'{"kernel": {"sysctl": {"user.max_user_namespaces": "15000"}}}\''},
			command: null,
		},
	],
	verify: 'Re-probe the pool: every node should say ok.',
};

export const hostFix: Fix = {
	id: 'host-apparmor-sysctl',
	title: 'Let unprivileged processes on this host create user namespaces',
	gate: 'apparmor-userns',
	environment: 'kind',
	why: 'Ubuntu 23.10+ restricts unprivileged user namespaces through AppArmor; kind nodes share this kernel.',
	steps: [
		{
			title: 'Turn the restriction off now',
			text: 'Takes effect at once, lost at reboot.',
			snippet: {language: 'sh', content: 'sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0'},
			command: {run: 'sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0', argv: ['sudo', 'sysctl', 'kernel.apparmor_restrict_unprivileged_userns=0'], needsRoot: true, changesMachine: true},
		},
		{
			title: 'Check the current value',
			text: 'Reads it only.',
			snippet: null,
			command: {run: 'sysctl kernel.apparmor_restrict_unprivileged_userns', argv: ['sysctl', 'kernel.apparmor_restrict_unprivileged_userns'], needsRoot: false, changesMachine: false},
		},
	],
	verify: 'Re-run prg-doctor host and re-probe the cluster.',
};

export const catalog: Catalog = {
	fixFor: (gate, environment) => {
		if (gate === 'userns-limit' && environment === 'eks-bottlerocket') return bottlerocketFix;
		if (gate === 'apparmor-userns') return hostFix;
		return null;
	},
};

export const kindView: ClusterView = {
	context: 'kind-sim', server: 'https://127.0.0.1:39003', version: 'v1.31.0',
	podUserNamespaces: {usable: false, reason: 'server 1.31 < 1.33'},
	pools: [{
		name: 'control-plane', environment: 'kind', size: 1,
		prediction: {status: 'likely-blocked', gate: 'apparmor-userns', reason: 'Ubuntu 24.04 host restricts userns'},
		nodes: [{
			name: 'kind-sim-control-plane', pool: 'control-plane', environment: 'kind', osImage: 'Debian GNU/Linux 12 (bookworm)',
			kernelVersion: '6.8.0-45-generic', containerRuntime: 'containerd://1.7.18', kubeletVersion: 'v1.31.0', architecture: 'amd64',
			ready: true, schedulable: true, taints: ['node-role.kubernetes.io/control-plane:NoSchedule'],
			prediction: {status: 'likely-blocked', gate: 'apparmor-userns', reason: 'Ubuntu 24.04 host restricts userns'},
		}],
	}],
};

// Shaped as checkHost returns it on an Ubuntu 24.04 host with kind on Docker; the unshare error line is
// util-linux's (SPEC section 4).
export const hostReport: HostReport = {
	os: {id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04.1 LTS'},
	kernel: '6.8.0-45-generic',
	user: {uid: 1000, root: false},
	checks: [
		{id: 'apparmor-restrict-unprivileged-userns', title: 'kernel.apparmor_restrict_unprivileged_userns', status: 'fail', detail: '1: unprivileged processes may not map IDs in a new user namespace'},
		{id: 'max-user-namespaces', title: 'user.max_user_namespaces', status: 'pass', detail: '63158'},
		{id: 'unshare-map', title: 'unshare -Ur', status: 'fail', detail: 'unshare: write failed /proc/self/uid_map: Operation not permitted'},
	],
	unshare: {status: 'failed', error: 'unshare: write failed /proc/self/uid_map: Operation not permitted'},
	gate: 'apparmor-userns',
	fix: 'host-apparmor-sysctl',
	runtimes: {
		docker: {installed: true, running: true, clientVersion: '27.3.1', serverVersion: '27.3.1', operatingSystem: 'Ubuntu 24.04.1 LTS', kernelVersion: '6.8.0-45-generic', desktop: false, rootless: false, apparmor: true, seccomp: 'builtin', selinux: false, cgroupns: true, userns: false, error: null},
		kind: {installed: true, clusters: [{name: 'sim', context: 'kind-sim', inKubeconfig: true, nodes: ['sim-control-plane']}], error: null},
		minikube: {installed: false, profiles: [], error: null},
		dockerDesktop: {detected: false, context: null, kernelVersion: null},
	},
	environment: 'kind',
	fixPlan: hostFix,
	classification: null,
	evidence: null,
	testedAs: {uid: 1000, gid: 1000, via: 'self'},
	cannotRun: null,
	hostGatesApply: true,
};
