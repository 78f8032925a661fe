// Who may do what (RBAC as the profile's users have it) and the two pod admission checks the
// probe meets in the field: Pod Security Admission (namespace label
// pod-security.kubernetes.io/enforce) and, on OpenShift, SecurityContextConstraints.
// Message shapes are the real ones: PSA's from k8s.io/pod-security-admission
// (e.g. `violates PodSecurity "baseline:latest": seccompProfile (container "c" must not set
// securityContext.seccompProfile.type to "Unconfined")`, as posted from GKE/minikube), SCC's as
// posted from OCP 4.x clusters (projectnessie/nessie#11823, open-feature/open-feature-operator#786).
import type {KObject} from './store.js';

export type SimUser = {name: string; token: string; canCreatePods: boolean; subject: string};

const writeVerbs = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** RBAC: every user reads; only users allowed to create pods write pods (and namespaces). */
export function isAllowed(user: SimUser, verb: string, resource: string): boolean {
	if (!writeVerbs.has(verb)) return true;
	if (resource === 'selfsubjectaccessreviews') return true;
	if (resource === 'nodes') return false;
	return user.canCreatePods;
}

export function allowReason(user: SimUser): string {
	return `RBAC: allowed by ClusterRoleBinding "${user.name}" of ClusterRole "${user.canCreatePods ? 'cluster-admin' : 'view'}" to User "${user.subject}"`;
}

type Container = {name: string; securityContext?: Record<string, any>};

function containersOf(pod: KObject): {container: Container; path: string}[] {
	const spec = pod.spec ?? {};
	return [
		...(spec.initContainers ?? []).map((container: Container, index: number) => ({container, path: `.initContainers[${index}]`})),
		...(spec.containers ?? []).map((container: Container, index: number) => ({container, path: `.containers[${index}]`})),
	];
}

function quoteList(names: string[]): string {
	return names.map((name) => `"${name}"`).join(', ');
}

function who(names: string[], pod: boolean, podWord = 'pod'): string {
	const containers = names.length === 0 ? '' : `${names.length === 1 ? 'container' : 'containers'} ${quoteList(names)}`;
	if (pod && containers) return `${podWord} and ${containers}`;
	return pod ? podWord : containers;
}

const baselineCapabilities = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/** PSA checks for a level, in check-id order (how the admission message lists them). */
function podSecurityViolations(pod: KObject, level: 'baseline' | 'restricted'): string[] {
	const spec = pod.spec ?? {};
	const podContext = spec.securityContext ?? {};
	const containers = containersOf(pod).map((entry) => entry.container);
	const out: string[] = [];
	if (level === 'restricted') {
		const bad = containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
		if (bad.length > 0) out.push(`allowPrivilegeEscalation != false (${who(bad, false)} must set securityContext.allowPrivilegeEscalation=false)`);
		const noDrop = containers.filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL')).map((c) => c.name);
		if (noDrop.length > 0) out.push(`unrestricted capabilities (${who(noDrop, false)} must set securityContext.capabilities.drop=["ALL"])`);
	} else {
		const added = containers.filter((c) => (c.securityContext?.capabilities?.add ?? []).some((cap: string) => !baselineCapabilities.has(cap)));
		if (added.length > 0) {
			const caps = [...new Set(added.flatMap((c) => (c.securityContext!.capabilities.add as string[]).filter((cap) => !baselineCapabilities.has(cap))))];
			out.push(`non-default capabilities (${who(added.map((c) => c.name), false)} must not include ${quoteList(caps)} in securityContext.capabilities.add)`);
		}
	}
	const hostNamespaces = ['hostNetwork', 'hostPID', 'hostIPC'].filter((key) => spec[key] === true);
	if (hostNamespaces.length > 0) out.push(`host namespaces (${hostNamespaces.map((key) => `${key}=true`).join(', ')})`);
	const privileged = containers.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
	if (privileged.length > 0) out.push(`privileged (${who(privileged, false)} must not set securityContext.privileged=true)`);
	if (level === 'restricted') {
		const explicitFalse = containers.filter((c) => c.securityContext?.runAsNonRoot === false).map((c) => c.name);
		const unset = podContext.runAsNonRoot === true ? [] : containers.filter((c) => c.securityContext?.runAsNonRoot !== true).map((c) => c.name);
		if (explicitFalse.length > 0) out.push(`runAsNonRoot != true (${who(explicitFalse, false)} must not set securityContext.runAsNonRoot=false)`);
		else if (unset.length > 0) out.push(`runAsNonRoot != true (pod or ${who(unset, false)} must set securityContext.runAsNonRoot=true)`);
	}
	const podUnconfined = podContext.seccompProfile?.type === 'Unconfined';
	const unconfined = containers.filter((c) => c.securityContext?.seccompProfile?.type === 'Unconfined').map((c) => c.name);
	if (podUnconfined || unconfined.length > 0) {
		out.push(`seccompProfile (${who(unconfined, podUnconfined)} must not set securityContext.seccompProfile.type to "Unconfined")`);
	} else if (level === 'restricted') {
		const podSet = ['RuntimeDefault', 'Localhost'].includes(podContext.seccompProfile?.type);
		const unset = containers.filter((c) => !c.securityContext?.seccompProfile?.type && !podSet).map((c) => c.name);
		if (unset.length > 0) out.push(`seccompProfile (pod or ${who(unset, false)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
	}
	return out;
}

function podSecurityVerdict(pod: KObject, namespace: KObject | undefined, mode: 'enforce' | 'warn'): string | null {
	const labels: Record<string, string> = namespace?.metadata.labels ?? {};
	const level = labels[`pod-security.kubernetes.io/${mode}`];
	if (level !== 'baseline' && level !== 'restricted') return null;
	const version = labels[`pod-security.kubernetes.io/${mode}-version`] || 'latest';
	const violations = podSecurityViolations(pod, level);
	return violations.length === 0 ? null : `${mode === 'warn' ? 'would violate' : 'violates'} PodSecurity "${level}:${version}": ${violations.join(', ')}`;
}

/** The PSA refusal for a pod in a namespace, or null when the namespace's level admits it. */
export function podSecurityRefusal(pod: KObject, namespace: KObject | undefined): string | null {
	return podSecurityVerdict(pod, namespace, 'enforce');
}

/** The `Warning:` text PSA adds under a namespace's warn level (`would violate PodSecurity …`). */
export function podSecurityWarning(pod: KObject, namespace: KObject | undefined): string | null {
	return podSecurityVerdict(pod, namespace, 'warn');
}

export const sccRangeAnnotation = 'openshift.io/sa.scc.uid-range';

const unusableProviders = ['anyuid', 'restricted', 'nonroot-v2', 'nonroot', 'hostmount-anyuid', 'hostmount-anyuid-v2', 'machine-api-termination-handler', 'hostnetwork-v2', 'hostnetwork', 'hostaccess', 'node-exporter', 'privileged'];

/**
 * OpenShift's SCC admission for a namespace whose service accounts only have `restricted-v2`
 * (a namespace carrying the uid-range annotation and no custom SCC grant): a fixed runAsUser
 * outside the namespace's range, or an Unconfined seccomp profile, is refused.
 */
export function sccRefusal(pod: KObject, namespace: KObject | undefined): string | null {
	const range = namespace?.metadata.annotations?.[sccRangeAnnotation];
	if (!range) return null;
	const match = /^(\d+)\/(\d+)$/.exec(range);
	const first = match ? Number(match[1]) : 1000680000;
	const last = match ? first + Number(match[2]) - 1 : 1000689999;
	const ranges = `must be in the ranges: [${first}, ${last}]`;
	const problems: string[] = [];
	const podContext = pod.spec?.securityContext ?? {};
	const outside = (uid: unknown): boolean => typeof uid === 'number' && (uid < first || uid > last);
	if (outside(podContext.runAsUser)) problems.push(`.spec.securityContext.runAsUser: Invalid value: ${podContext.runAsUser}: ${ranges}`);
	for (const {container, path} of containersOf(pod)) {
		const uid = container.securityContext?.runAsUser ?? podContext.runAsUser;
		if (outside(uid)) problems.push(`${path}.runAsUser: Invalid value: ${uid}: ${ranges}`);
		const profile = container.securityContext?.seccompProfile?.type ?? podContext.seccompProfile?.type;
		if (profile === 'Unconfined') problems.push(`${path}.seccompProfile.type: Forbidden: unconfined is not an allowed seccomp profile. Valid values are [runtime/default]`);
		if (container.securityContext?.privileged === true) problems.push(`${path}.privileged: Invalid value: true: Privileged containers are not allowed`);
	}
	if (problems.length === 0) return null;
	const entries = [
		`provider "anyuid": Forbidden: not usable by user or serviceaccount`,
		...problems.map((problem) => `provider restricted-v2: ${problem}`),
		...unusableProviders.slice(1).map((provider) => `provider "${provider}": Forbidden: not usable by user or serviceaccount`),
	];
	return `unable to validate against any security context constraint: [${entries.join(', ')}]`;
}
