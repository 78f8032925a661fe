// How reasons and fix steps name an environment, and which environments share a trait that
// changes the advice (their node kernel is the user's own host, their nodes run Ubuntu, …).
import {localEnvironments, type EnvironmentId} from '../types.js';

const titles: Record<EnvironmentId, string> = {
	'openshift-rhcos': 'OpenShift (RHCOS)',
	'openshift-rhel': 'OpenShift (RHEL workers)',
	'eks-bottlerocket': 'EKS Bottlerocket',
	'eks-al2023': 'EKS Amazon Linux 2023',
	'eks-al2': 'EKS Amazon Linux 2',
	eks: 'EKS',
	'gke-cos': 'GKE Container-Optimized OS',
	'gke-ubuntu': 'GKE Ubuntu',
	gke: 'GKE',
	'aks-ubuntu': 'AKS Ubuntu',
	'aks-azurelinux': 'AKS Azure Linux',
	aks: 'AKS',
	kind: 'kind',
	'minikube-docker': 'Minikube (Docker driver)',
	'minikube-vm': 'Minikube (VM driver)',
	'docker-desktop': 'Docker Desktop',
	k3d: 'k3d',
	k3s: 'k3s',
	'rancher-desktop': 'Rancher Desktop',
	orbstack: 'OrbStack',
	colima: 'Colima',
	microk8s: 'MicroK8s',
	talos: 'Talos',
	doks: 'DigitalOcean Kubernetes',
	generic: 'generic Kubernetes',
};

export function environmentTitle(environment: EnvironmentId | null): string {
	return environment === null ? 'an unknown environment' : titles[environment];
}

export function isLocal(environment: EnvironmentId | null): boolean {
	return environment !== null && localEnvironments.includes(environment);
}

export function isOpenShift(environment: EnvironmentId | null): boolean {
	return environment === 'openshift-rhcos' || environment === 'openshift-rhel';
}

/**
 * Local clusters whose nodes are containers on the user's own Linux kernel: on an Ubuntu 23.10+
 * host, AppArmor's user-namespace restriction reaches into them. (Docker Desktop, OrbStack, Colima,
 * Rancher Desktop and Minikube's VM drivers bring their own VM kernel.)
 */
export function sharesHostKernel(environment: EnvironmentId | null): boolean {
	return environment === 'kind' || environment === 'minikube-docker' || environment === 'k3d';
}

/** Node images that are Ubuntu, where the AppArmor restriction exists on recent releases. */
export function isUbuntuNode(environment: EnvironmentId | null): boolean {
	return environment === 'gke-ubuntu' || environment === 'aks-ubuntu';
}
