// Predictions before any probe (SPEC section 5): what a node's environment and OS image say about
// unprivileged user namespaces. Always worded as a prediction and from what it was made; the probe
// decides. Also the node and pool summaries the `nodes` view shows, and pod-level user namespaces.
import type {EnvironmentId, Gate, NodeInfo, PoolInfo, Prediction, PredictionStatus} from './types.js';
import type {KNode} from './k8s.js';
import {detectEnvironment} from './environments.js';
import {poolOf} from './pools.js';
import {factsOf} from './node-facts.js';
import {hostKernelVerdict, isEl7Kernel, nodeOsVerdict, type OsVerdict} from './node-os.js';

export {podUserNamespaces} from './pod-userns.js';

function readyOf(node: KNode): boolean | null {
	const condition = node.status?.conditions?.find((entry) => entry.type === 'Ready');
	if (condition === undefined) return null;
	return condition.status === 'True';
}

function isWindows(node: KNode): boolean {
	const os = node.status?.nodeInfo?.operatingSystem ?? node.metadata?.labels?.['kubernetes.io/os'] ?? '';
	return os.toLowerCase() === 'windows' || /^Windows/i.test(node.status?.nodeInfo?.osImage ?? '');
}

function verdict(status: PredictionStatus, gate: Gate | null, why: string): OsVerdict {
	return {status, gate, why};
}

/** What the environment alone says, or null when the node's own OS decides. */
function environmentVerdict(environment: EnvironmentId, kernel: string): OsVerdict | null {
	switch (environment) {
		case 'eks-bottlerocket':
			return verdict('likely-blocked', 'userns-limit', 'Bottlerocket ships user.max_user_namespaces=0 unless the node settings raise it');
		case 'talos':
			return verdict('likely-blocked', 'userns-limit', 'Talos ships user.max_user_namespaces=0 unless the machine config raises it');
		case 'eks-al2023':
		case 'eks-al2':
			return verdict('likely-ready', 'none', 'Amazon Linux EKS AMIs keep the kernel default for user.max_user_namespaces and add no LSM restriction');
		case 'gke-cos':
			return verdict('likely-ready', 'none', 'Container-Optimized OS allows unprivileged user namespaces (rootless BuildKit runs on it)');
		case 'minikube-vm':
			return verdict('likely-ready', 'none', "minikube's VM image allows unprivileged user namespaces");
		case 'docker-desktop':
			return verdict('likely-ready', 'none', "Docker Desktop's VM allows unprivileged user namespaces");
		case 'orbstack':
			return verdict('likely-ready', 'none', "OrbStack's VM kernel allows unprivileged user namespaces");
		case 'openshift-rhcos':
			return verdict(
				'unknown',
				null,
				'some RHCOS releases ship user.max_user_namespaces=0 and some container-selinux versions deny container_t the user_namespace create permission',
			);
		case 'openshift-rhel':
			return verdict('unknown', null, 'RHEL workers depend on user.max_user_namespaces and on the container-selinux version installed');
		case 'kind':
		case 'minikube-docker':
		case 'k3d':
			return hostKernelVerdict(kernel);
		default:
			return null;
	}
}

const sourceWords: Partial<Record<EnvironmentId, string>> = {
	kind: 'the host kernel under this kind node',
	'minikube-docker': 'the host kernel under this minikube (docker driver) node',
	k3d: 'the host kernel under this k3d node',
};

function sourceOf(environment: EnvironmentId, osImage: string, kernel: string, fromEnvironment: boolean): string {
	const host = sourceWords[environment];
	if (host !== undefined) return host;
	if (fromEnvironment) return osImage !== '' ? `the ${environment} environment (${osImage})` : `the ${environment} environment`;
	if (osImage !== '') return `the OS image (${osImage})`;
	if (kernel !== '') return `the kernel (${kernel})`;
	return `the ${environment} environment`;
}

export function predictNode(node: KNode, environment: EnvironmentId): Prediction {
	const facts = factsOf(node);
	let chosen: OsVerdict;
	let source: string;
	if (isWindows(node)) {
		chosen = verdict('unknown', null, 'Windows nodes cannot run the Linux sandbox at all');
		source = 'the node OS (Windows)';
	} else if (isEl7Kernel(facts.kernel) && !['kind', 'minikube-docker', 'k3d'].includes(environment)) {
		chosen = verdict('likely-blocked', 'userns-limit', 'RHEL/CentOS 7 kernels ship user.max_user_namespaces=0');
		source = `the kernel (${facts.kernel})`;
	} else {
		const fromEnvironment = environmentVerdict(environment, facts.kernel);
		chosen = fromEnvironment ?? nodeOsVerdict(facts.osImage, facts.kernel);
		source = sourceOf(environment, facts.osImage, facts.kernel, fromEnvironment !== null);
	}
	const ready = readyOf(node);
	const notReady = ready === false ? ' The node is NotReady, so a probe cannot confirm this until it recovers.' : '';
	return {
		status: chosen.status,
		gate: chosen.gate,
		reason: `Predicted from ${source}: ${chosen.why}.${notReady}`,
	};
}

function taintText(taint: {key: string; value?: string; effect: string}): string {
	return taint.value ? `${taint.key}=${taint.value}:${taint.effect}` : `${taint.key}:${taint.effect}`;
}

function orNull(value: string | undefined): string | null {
	return value === undefined || value === '' ? null : value;
}

export function summarizeNode(node: KNode): NodeInfo {
	const environment = detectEnvironment(node);
	const info = node.status?.nodeInfo;
	return {
		name: node.metadata?.name ?? '',
		pool: poolOf(node),
		environment,
		osImage: orNull(info?.osImage),
		kernelVersion: orNull(info?.kernelVersion),
		containerRuntime: orNull(info?.containerRuntimeVersion),
		kubeletVersion: orNull(info?.kubeletVersion),
		architecture: orNull(info?.architecture),
		ready: readyOf(node),
		schedulable: node.spec?.unschedulable !== true,
		taints: (node.spec?.taints ?? []).map(taintText),
		prediction: predictNode(node, environment),
	};
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `talos-worker-1, from the talos environment (…): Talos ships …` — a node's reason, attributed. */
function attributed(node: NodeInfo): string {
	return `${node.name || 'a node'}, from ${node.prediction.reason.replace(/^Predicted from /, '')}`;
}

function sharedReason(nodes: readonly NodeInfo[]): string | null {
	const reasons = new Set(nodes.map((node) => node.prediction.reason));
	return reasons.size === 1 ? nodes[0].prediction.reason : null;
}

export function predictPool(nodes: readonly NodeInfo[]): Prediction {
	if (nodes.length === 0) return {status: 'unknown', gate: null, reason: 'Predicted from no nodes: the pool is empty.'};
	const total = nodes.length;
	const blocked = nodes.filter((node) => node.prediction.status === 'likely-blocked');
	if (blocked.length > 0) {
		const gates = [...new Set(blocked.map((node) => node.prediction.gate))];
		const reason =
			blocked.length === total && sharedReason(nodes) !== null
				? sharedReason(nodes)!
				: `Predicted from its nodes: ${blocked.length} of ${plural(total, 'node')} likely blocked; ${attributed(blocked[0])}`;
		return {status: 'likely-blocked', gate: gates.length === 1 ? gates[0] : blocked[0].prediction.gate, reason};
	}
	const ready = nodes.filter((node) => node.prediction.status === 'likely-ready');
	if (ready.length === total) {
		return {
			status: 'likely-ready',
			gate: 'none',
			reason: sharedReason(nodes) ?? `Predicted from its nodes: all ${plural(total, 'node')} likely ready; ${attributed(nodes[0])}`,
		};
	}
	const unknown = nodes.filter((node) => node.prediction.status === 'unknown');
	const gates = [...new Set(unknown.map((node) => node.prediction.gate))];
	const reason =
		unknown.length === total && sharedReason(nodes) !== null
			? sharedReason(nodes)!
			: `Predicted from its nodes: ${unknown.length} of ${plural(total, 'node')} undetermined before a probe; ${attributed(unknown[0])}`;
	return {status: 'unknown', gate: gates.length === 1 ? gates[0] : null, reason};
}

const statusOrder: Record<PredictionStatus, number> = {'likely-blocked': 0, unknown: 1, 'likely-ready': 2};

function commonest(environments: readonly EnvironmentId[]): EnvironmentId {
	const counts = new Map<EnvironmentId, number>();
	for (const environment of environments) counts.set(environment, (counts.get(environment) ?? 0) + 1);
	let best: EnvironmentId = environments[0] ?? 'generic';
	for (const [environment, count] of counts) if (count > (counts.get(best) ?? 0)) best = environment;
	return best;
}

export function buildPools(nodes: readonly KNode[]): PoolInfo[] {
	const byPool = new Map<string, NodeInfo[]>();
	for (const node of nodes) {
		const info = summarizeNode(node);
		const members = byPool.get(info.pool);
		if (members) members.push(info);
		else byPool.set(info.pool, [info]);
	}
	const pools: PoolInfo[] = [];
	for (const [name, members] of byPool) {
		members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		pools.push({
			name,
			environment: commonest(members.map((member) => member.environment)),
			size: members.length,
			prediction: predictPool(members),
			nodes: members,
		});
	}
	return pools.sort(
		(a, b) => statusOrder[a.prediction.status] - statusOrder[b.prediction.status] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
	);
}
