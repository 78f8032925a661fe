// What a node's own operating system is known to do about unprivileged user namespaces, by default.
// Used for environments whose OS image varies (self-managed, k3s, EKS hybrid, GKE/AKS Ubuntu, …)
// and for the host under a local cluster. Only published defaults count; anything else is unknown.
//
// - RHEL/CentOS 7 kernels ship user.max_user_namespaces=0 (Docker's rootless docs: "RHEL/CentOS 7").
// - Debian kernels carry the unprivileged_userns_clone patch; the default was 0 until Debian 11
//   (bullseye, kernel 5.10) turned it on.
// - Ubuntu 23.10+ (kernel 6.5+) restricts unprivileged user namespaces through AppArmor
//   (kernel.apparmor_restrict_unprivileged_userns=1): processes without an AppArmor profile that
//   allows it can create the namespace but not map IDs in it.
// - Bottlerocket and Talos ship user.max_user_namespaces=0 (Bottlerocket's security guidance; Talos
//   users set machine.sysctls to run rootless builders and gVisor).
import type {Gate, PredictionStatus} from './types.js';
import {atLeast, debianRelease, kernelRelease, ubuntuRelease} from './node-facts.js';

export type OsVerdict = {readonly status: PredictionStatus; readonly gate: Gate | null; readonly why: string};

export function isEl7Kernel(kernel: string): boolean {
	return /\.el7(\.|_|$)/.test(kernel);
}

const ubuntuKernel = /^\d+\.\d+\.\d+-\d+-(generic|lowlatency|azure|aws|gcp|gke|oracle|kvm|ibm|raspi)(-[\w]+)?$/;

export function isUbuntuKernel(kernel: string): boolean {
	return ubuntuKernel.test(kernel);
}

/** Ubuntu kernels from 6.5 on come with the AppArmor userns restriction (Ubuntu 23.10 and later). */
export function isRestrictingUbuntuKernel(kernel: string): boolean {
	return isUbuntuKernel(kernel) && atLeast(kernelRelease(kernel), 6, 5);
}

const debianKernel = /^\d+\.\d+\.\d+-\d+(\+\w+)?-(amd64|arm64|cloud-amd64|cloud-arm64|rt-amd64|686-pae)$/;

export function isDebianKernel(kernel: string): boolean {
	return debianKernel.test(kernel);
}

/**
 * The verdict for a node whose processes run directly on its OS (not a container on some host).
 * `osImage` and `kernel` may each be empty: a partial dump.
 */
export function nodeOsVerdict(osImage: string, kernel: string): OsVerdict {
	if (osImage === '' && kernel === '') {
		return {status: 'unknown', gate: null, why: 'the node reports no OS image or kernel to judge by'};
	}
	if (isEl7Kernel(kernel) || /^(CentOS Linux 7|Red Hat Enterprise Linux Server 7|Oracle Linux Server 7)/i.test(osImage)) {
		return {status: 'likely-blocked', gate: 'userns-limit', why: 'RHEL/CentOS 7 kernels ship user.max_user_namespaces=0'};
	}
	const ubuntu = ubuntuRelease(osImage);
	if (ubuntu !== null) {
		if (atLeast(ubuntu, 23, 10)) {
			return {
				status: 'unknown',
				gate: 'apparmor-userns',
				why: 'Ubuntu 23.10 and later restrict unprivileged user namespaces through AppArmor, and whether a pod is affected depends on the AppArmor profile it runs under',
			};
		}
		return {status: 'likely-ready', gate: 'none', why: 'Ubuntu releases before 23.10 allow unprivileged user namespaces by default'};
	}
	if (osImage === '' && isRestrictingUbuntuKernel(kernel)) {
		return {
			status: 'unknown',
			gate: 'apparmor-userns',
			why: 'an Ubuntu 6.5+ kernel comes with the AppArmor user-namespace restriction, and whether a pod is affected depends on its AppArmor profile',
		};
	}
	const debian = debianRelease(osImage);
	if (debian !== null) {
		return debian >= 11
			? {status: 'likely-ready', gate: 'none', why: 'Debian 11 and later enable kernel.unprivileged_userns_clone by default'}
			: {status: 'likely-blocked', gate: 'userns-clone', why: 'Debian before 11 ships kernel.unprivileged_userns_clone=0'};
	}
	if (/^Flatcar/i.test(osImage)) {
		return {status: 'likely-ready', gate: 'none', why: 'Flatcar leaves user namespaces at the kernel defaults'};
	}
	return {status: 'unknown', gate: null, why: 'no published default for this OS image says whether it allows unprivileged user namespaces'};
}

/**
 * The verdict for a local cluster whose nodes are containers on the user's machine (kind, minikube
 * with the docker driver, k3d): the node reports the host's kernel, and the host's policy decides.
 */
export function hostKernelVerdict(kernel: string): OsVerdict {
	if (kernel === '') {
		return {status: 'unknown', gate: null, why: 'the node reports no kernel, and the host kernel decides'};
	}
	if (isRestrictingUbuntuKernel(kernel)) {
		return {
			status: 'likely-blocked',
			gate: 'apparmor-userns',
			why: `the host runs an Ubuntu ${kernel} kernel (Ubuntu 23.10 or later), whose AppArmor restriction stops unconfined processes in the node container from mapping IDs`,
		};
	}
	if (/linuxkit/.test(kernel)) {
		return {status: 'likely-ready', gate: 'none', why: "Docker Desktop's LinuxKit VM allows unprivileged user namespaces"};
	}
	if (/orbstack/.test(kernel)) {
		return {status: 'likely-ready', gate: 'none', why: "OrbStack's VM kernel allows unprivileged user namespaces"};
	}
	if (isEl7Kernel(kernel)) {
		return {status: 'likely-blocked', gate: 'userns-limit', why: 'the host runs a RHEL/CentOS 7 kernel, which ships user.max_user_namespaces=0'};
	}
	if (isDebianKernel(kernel)) {
		return atLeast(kernelRelease(kernel), 5, 10)
			? {status: 'likely-ready', gate: 'none', why: `the host runs a Debian ${kernel} kernel, and Debian 11 and later allow unprivileged user namespaces`}
			: {status: 'likely-blocked', gate: 'userns-clone', why: `the host runs a Debian ${kernel} kernel from before Debian 11, which ships kernel.unprivileged_userns_clone=0`};
	}
	return {status: 'unknown', gate: null, why: `it depends on the host running kernel ${kernel}; run \`prg-doctor host\` there`};
}
