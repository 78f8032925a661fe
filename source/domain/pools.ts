// Which node pool a node belongs to (SPEC section 5): the provider's pool label when there is one,
// else the node's role, else `default`.
import type {KNode} from './k8s.js';

/** Checked in this order; the first one set (present and non-empty) names the pool. */
export const poolLabels = [
	'eks.amazonaws.com/nodegroup',
	'karpenter.sh/nodepool',
	'alpha.eksctl.io/nodegroup-name',
	'cloud.google.com/gke-nodepool',
	'kubernetes.azure.com/agentpool',
	'agentpool',
	'kops.k8s.io/instancegroup',
	'cluster.x-k8s.io/deployment-name',
	'doks.digitalocean.com/node-pool',
] as const;

const rolePrefix = 'node-role.kubernetes.io/';

// Roles that say where a node sits in the cluster rather than what it is for. OpenShift infra or
// GPU nodes often keep `worker` beside their own role, and the custom role is the one admins
// think of as the pool.
const controlPlaneRoles = ['control-plane', 'master'];
const genericRoles = ['worker', 'node', 'agent', 'compute'];
// Roles that ride along on control-plane nodes (k3s, RKE2, Talos) and never name a pool alone.
const companionRoles = new Set(['etcd']);

/** Every role a node carries, from `node-role.kubernetes.io/<role>` and kops' legacy `kubernetes.io/role`. */
export function rolesOf(node: KNode): string[] {
	const labels = node.metadata?.labels ?? {};
	const roles = new Set<string>();
	for (const key of Object.keys(labels)) {
		if (!key.startsWith(rolePrefix)) continue;
		const role = key.slice(rolePrefix.length);
		if (role !== '') roles.add(role);
	}
	const legacy = labels['kubernetes.io/role'];
	if (legacy) roles.add(legacy);
	return [...roles].sort();
}

/**
 * The role that best names a pool: control-plane before master (1.20–1.23 nodes carry both), then
 * the most specific custom role (alphabetically first when there are several, so the answer is
 * stable), then the generic worker role, then a lone companion role such as `etcd`.
 */
export function primaryRole(roles: readonly string[]): string | null {
	for (const role of controlPlaneRoles) if (roles.includes(role)) return role;
	const specific = roles.filter((role) => !genericRoles.includes(role) && !companionRoles.has(role)).sort();
	if (specific.length > 0) return specific[0];
	for (const role of genericRoles) if (roles.includes(role)) return role;
	return [...roles].sort()[0] ?? null;
}

export function poolOf(node: KNode): string {
	const labels = node.metadata?.labels ?? {};
	for (const key of poolLabels) {
		const value = labels[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return primaryRole(rolesOf(node)) ?? 'default';
}
