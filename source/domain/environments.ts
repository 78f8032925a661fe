// Which environment a node runs in (SPEC section 5), from whatever a node object or a partial dump
// holds: labels, annotations, providerID, nodeInfo (osImage, kernel, runtime, kubelet) and the name.
// Each detector looks for markers its platform writes itself, most specific first: OpenShift runs
// on every cloud (its nodes carry aws://, gce:// or azure:// providerIDs), Bottlerocket and Talos
// name themselves whatever they run on, and local clusters reuse k3s or kubeadm underneath.
import type {EnvironmentId} from './types.js';
import type {KNode} from './k8s.js';
import {factsOf, hasAnnotationPrefix, hasLabelPrefix, type NodeFacts} from './node-facts.js';

function isOpenShift(facts: NodeFacts): boolean {
	return (
		'node.openshift.io/os_id' in facts.labels ||
		hasAnnotationPrefix(facts, 'machineconfiguration.openshift.io/') ||
		/^Red Hat Enterprise Linux CoreOS/i.test(facts.osImage) ||
		// OpenShift's CRI-O builds carry the product branch: cri-o://1.27.1-6.rhaos4.14.gitf5e8e1d.el9
		/rhaos\d/.test(facts.runtime)
	);
}

function openShiftFlavour(facts: NodeFacts): EnvironmentId {
	const osId = facts.labels['node.openshift.io/os_id'];
	// RHEL compute nodes report plain `rhel`; RHCOS reports `rhcos`, OKD `fedora` or `scos`.
	if (osId === 'rhel') return 'openshift-rhel';
	if (osId === undefined && /^Red Hat Enterprise Linux(?! CoreOS)/i.test(facts.osImage)) return 'openshift-rhel';
	return 'openshift-rhcos';
}

function isBottlerocket(facts: NodeFacts): boolean {
	return /^Bottlerocket/i.test(facts.osImage) || /\+bottlerocket/.test(facts.runtime);
}

function isTalos(facts: NodeFacts): boolean {
	return /^Talos\b/i.test(facts.osImage) || /-talos$/.test(facts.kernel);
}

function isAmazonLinux2023(facts: NodeFacts): boolean {
	return /\.amzn2023\./.test(facts.kernel) || /^Amazon Linux 2023/i.test(facts.osImage);
}

function isAmazonLinux2(facts: NodeFacts): boolean {
	return /\.amzn2\./.test(facts.kernel) || /^Amazon Linux 2(?!\d)/i.test(facts.osImage);
}

// An aws:// providerID alone is any Kubernetes on EC2 (kops, RKE2, kubeadm); EKS writes its own.
function isEks(facts: NodeFacts): boolean {
	return (
		hasLabelPrefix(facts, 'eks.amazonaws.com/') ||
		hasLabelPrefix(facts, 'alpha.eksctl.io/') ||
		hasLabelPrefix(facts, 'karpenter.k8s.aws/') ||
		/-eks-[0-9a-f]+$/.test(facts.kubelet)
	);
}

function isGke(facts: NodeFacts): boolean {
	return (
		hasLabelPrefix(facts, 'cloud.google.com/gke-') ||
		/-gke\.\d+/.test(facts.kubelet) ||
		/-gke$/.test(facts.kernel) ||
		/^gke-/.test(facts.name)
	);
}

function gkeFlavour(facts: NodeFacts): EnvironmentId {
	const distribution = facts.labels['cloud.google.com/gke-os-distribution'] ?? '';
	if (distribution === 'cos' || /^Container-Optimized OS/i.test(facts.osImage)) return 'gke-cos';
	if (distribution.startsWith('ubuntu') || /^Ubuntu/i.test(facts.osImage) || /-gke$/.test(facts.kernel)) return 'gke-ubuntu';
	return 'gke';
}

function isAks(facts: NodeFacts): boolean {
	return (
		hasLabelPrefix(facts, 'kubernetes.azure.com/') ||
		/^aks-/.test(facts.name) ||
		(facts.providerId.startsWith('azure://') && 'agentpool' in facts.labels)
	);
}

function aksFlavour(facts: NodeFacts): EnvironmentId {
	const sku = (facts.labels['kubernetes.azure.com/os-sku'] ?? '').toLowerCase();
	if (sku === 'azurelinux' || sku === 'cblmariner' || sku === 'mariner') return 'aks-azurelinux';
	if (sku.startsWith('ubuntu')) return 'aks-ubuntu';
	// Azure Linux 3 kernels end in .azl3, CBL-Mariner 2 in .cm2.
	if (/\.(azl\d|cm\d)\b/.test(facts.kernel) || /^(CBL-Mariner|Microsoft Azure Linux|Azure Linux)/i.test(facts.osImage)) {
		return 'aks-azurelinux';
	}
	if (/^Ubuntu/i.test(facts.osImage) || /-azure$/.test(facts.kernel)) return 'aks-ubuntu';
	return 'aks';
}

function isDoks(facts: NodeFacts): boolean {
	return hasLabelPrefix(facts, 'doks.digitalocean.com/') || facts.providerId.startsWith('digitalocean://');
}

function isMinikube(facts: NodeFacts): boolean {
	return hasLabelPrefix(facts, 'minikube.k8s.io/');
}

// The VM drivers boot minikube's own ISO (Buildroot); the docker and podman drivers run the
// kicbase image (Ubuntu) on the host's kernel. Without an osImage, a distribution kernel suffix
// (-generic, -amd64, -linuxkit, WSL2, .fc40, ...) is the host's kernel, so it is the docker driver;
// a bare `6.6.58` is the ISO's. With neither, the docker driver, minikube's default since 1.17.
function minikubeFlavour(facts: NodeFacts): EnvironmentId {
	if (/^Buildroot/i.test(facts.osImage)) return 'minikube-vm';
	if (facts.osImage !== '') return 'minikube-docker';
	if (/^\d+\.\d+\.\d+$/.test(facts.kernel)) return 'minikube-vm';
	return 'minikube-docker';
}

function isDockerDesktop(facts: NodeFacts): boolean {
	if (facts.name === 'docker-desktop' || /^Docker Desktop/i.test(facts.osImage)) return true;
	if (facts.providerId.startsWith('kind://docker/desktop/')) return true;
	// Docker Desktop 4.38+ can run a kind cluster named `desktop` inside its VM.
	return /^desktop-(control-plane|worker\d*)$/.test(facts.name) && /linuxkit/.test(facts.kernel);
}

function isOrbStack(facts: NodeFacts): boolean {
	return facts.name === 'orbstack' || /orbstack/i.test(facts.kernel) || /^OrbStack/i.test(facts.osImage);
}

function isRancherDesktop(facts: NodeFacts): boolean {
	return /rancher-desktop/.test(facts.name);
}

// Colima's VM takes the profile name as hostname: `colima`, or `colima-<profile>`.
function isColima(facts: NodeFacts): boolean {
	return /^(lima-)?colima(-[\w.-]+)?$/.test(facts.name);
}

function isK3d(facts: NodeFacts): boolean {
	return /^k3d-/.test(facts.name) || facts.providerId.startsWith('k3s://k3d-');
}

function isK3s(facts: NodeFacts): boolean {
	return (
		facts.providerId.startsWith('k3s://') ||
		/\+k3s\d*/.test(facts.kubelet) ||
		hasAnnotationPrefix(facts, 'k3s.io/') ||
		facts.labels['node.kubernetes.io/instance-type'] === 'k3s'
	);
}

function isMicroK8s(facts: NodeFacts): boolean {
	return (
		'microk8s.io/cluster' in facts.labels ||
		hasLabelPrefix(facts, 'node.kubernetes.io/microk8s-')
	);
}

function isKind(facts: NodeFacts): boolean {
	return facts.providerId.startsWith('kind://') || /^kind-(control-plane|worker\d*)$/.test(facts.name);
}

type Detector = readonly [test: (facts: NodeFacts) => boolean, pick: (facts: NodeFacts) => EnvironmentId];

const always = (id: EnvironmentId) => () => id;

// Order matters: the first test that matches decides.
const detectors: readonly Detector[] = [
	[isOpenShift, openShiftFlavour],
	[isBottlerocket, always('eks-bottlerocket')],
	[isTalos, always('talos')],
	[isAmazonLinux2023, always('eks-al2023')],
	[isAmazonLinux2, always('eks-al2')],
	[isEks, always('eks')],
	[isGke, gkeFlavour],
	[isAks, aksFlavour],
	[isDoks, always('doks')],
	[isMinikube, minikubeFlavour],
	// minikube's ISO is the Buildroot node image people run; a dump without labels still says so.
	[(facts) => /^Buildroot/i.test(facts.osImage), always('minikube-vm')],
	[isDockerDesktop, always('docker-desktop')],
	[isOrbStack, always('orbstack')],
	[isRancherDesktop, always('rancher-desktop')],
	[isColima, always('colima')],
	[isK3d, always('k3d')],
	[isMicroK8s, always('microk8s')],
	[isKind, always('kind')],
	[isK3s, always('k3s')],
];

export function detectEnvironment(node: KNode): EnvironmentId {
	const facts = factsOf(node);
	for (const [test, pick] of detectors) if (test(facts)) return pick(facts);
	return 'generic';
}

export {localEnvironmentOfContext} from './local-context.js';
