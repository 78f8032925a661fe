// What the probe would read on a simulated node: the node's kernel, sysctls and LSM label, and what
// busybox's `unshare -U` / `unshare -Ur` print there. These are the outputs of the real tools:
// busybox prints `unshare: unshare(0x10000000): <strerror>` when unshare(CLONE_NEWUSER) fails and
// `unshare: write error: <strerror>` when writing setgroups/uid_map fails (SPEC section 4; the
// ENOSPC line is what this machine's kernel prints under user.max_user_namespaces=0).
import {detectEnvironment} from '../../domain/environments.js';
import type {EnvironmentId} from '../../domain/types.js';
import type {SimNode} from '../profiles/index.js';
import {defaultMaxUserNamespaces, memoryKiOf} from '../profiles/node-parts.js';

export const busyboxErrors = {
	enospc: 'unshare: unshare(0x10000000): No space left on device',
	eacces: 'unshare: unshare(0x10000000): Permission denied',
	eperm: 'unshare: unshare(0x10000000): Operation not permitted',
	einval: 'unshare: unshare(0x10000000): Invalid argument',
	mapEperm: 'unshare: write error: Operation not permitted',
} as const;

export type NodeEvidence = {
	kernel: string;
	usernsFile: 'yes' | 'no';
	maxUserNamespaces: string;
	apparmorRestrict: string;
	usernsClone: string;
	seccomp: string;
	seccompFilters: string;
	lsm: string;
	/** `ok`, or the line `unshare -U` printed. */
	create: string;
	/** `ok`, or the line `unshare -Ur` printed. */
	map: string;
	lsmInside: string;
};

const selinuxEnvironments = new Set<EnvironmentId>(['openshift-rhcos', 'openshift-rhel', 'eks-bottlerocket']);
const localEnvironments = new Set<EnvironmentId>(['kind', 'minikube-docker', 'docker-desktop', 'k3d', 'rancher-desktop', 'orbstack', 'colima']);

/** Debian and Ubuntu kernels carry the `kernel.unprivileged_userns_clone` patch. */
function debianKernel(kernel: string): boolean {
	return /-(generic|lowlatency|amd64|cloud-amd64|arm64|aws|azure|gcp|gke|kvm)$/.test(kernel);
}

/**
 * cri-o and Bottlerocket's containerd give each container its own MCS pair (two distinct categories
 * of c0–c1023), so the label differs from pod to pod.
 */
export function containerLabel(random: () => number = Math.random): string {
	const first = Math.floor(random() * 1024);
	let second = Math.floor(random() * 1023);
	if (second >= first) second++;
	const [low, high] = first < second ? [first, second] : [second, first];
	return `system_u:system_r:container_t:s0:c${low},c${high}`;
}

export function nodeEvidence(node: SimNode, random: () => number = Math.random): NodeEvidence {
	const info = node.object.status?.nodeInfo ?? {};
	const kernel = info.kernelVersion || '-';
	const environment = detectEnvironment(node.object);
	const memoryKi = memoryKiOf(node.object);
	const limit = node.maxUserNamespaces ?? (memoryKi === null ? null : defaultMaxUserNamespaces(memoryKi));
	const local = localEnvironments.has(environment);
	const evidence: NodeEvidence = {
		kernel,
		usernsFile: 'yes',
		maxUserNamespaces: limit === null ? '-' : String(limit),
		apparmorRestrict: '-',
		usernsClone: debianKernel(kernel) ? '1' : '-',
		seccomp: '0',
		seccompFilters: '0',
		lsm: selinuxEnvironments.has(environment) ? containerLabel(random) : '-',
		create: 'ok',
		map: 'ok',
		lsmInside: '-',
	};
	switch (node.gate) {
		case 'none':
			evidence.lsmInside = evidence.lsm;
			break;
		case 'userns-limit':
			evidence.maxUserNamespaces = '0';
			evidence.create = busyboxErrors.enospc;
			evidence.map = busyboxErrors.enospc;
			break;
		case 'selinux-userns':
			// container-selinux before 2.232.0 has no `user_namespace create` for container_t: EACCES.
			if (evidence.lsm === '-') evidence.lsm = containerLabel(random);
			evidence.create = busyboxErrors.eacces;
			evidence.map = busyboxErrors.eacces;
			break;
		case 'apparmor-userns':
			evidence.apparmorRestrict = '1';
			if (local) {
				// kind and minikube run their node containers privileged, so pods are unconfined: the
				// kernel lets them create the namespace but moves them into the `unprivileged_userns`
				// profile, which denies the capabilities that writing setgroups and uid_map needs.
				evidence.lsm = 'unconfined';
				evidence.map = busyboxErrors.mapEperm;
				evidence.lsmInside = 'unprivileged_userns (enforce)';
			} else {
				// On a node the pod is confined by containerd's profile, which has no `userns,` rule.
				evidence.lsm = 'cri-containerd.apparmor.d (enforce)';
				evidence.create = busyboxErrors.eacces;
				evidence.map = busyboxErrors.eacces;
			}
			break;
		case 'userns-clone':
			evidence.usernsClone = '0';
			evidence.create = busyboxErrors.eperm;
			evidence.map = busyboxErrors.eperm;
			break;
		case 'seccomp':
			evidence.seccomp = '2';
			evidence.seccompFilters = '1';
			evidence.create = busyboxErrors.eperm;
			evidence.map = busyboxErrors.eperm;
			break;
		case 'no-userns':
			evidence.usernsFile = 'no';
			evidence.create = busyboxErrors.einval;
			evidence.map = busyboxErrors.einval;
			break;
		case 'unknown':
			evidence.create = busyboxErrors.eperm;
			evidence.map = busyboxErrors.eperm;
			break;
	}
	return evidence;
}
