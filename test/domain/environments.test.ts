import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import {detectEnvironment, localEnvironmentOfContext} from '../../source/domain/environments.js';
import {environments, type EnvironmentId} from '../../source/domain/types.js';
import type {KNode} from '../../source/domain/k8s.js';

const fixtures = new URL('../fixtures/nodes/', import.meta.url);

function fixture(name: string): KNode {
	return JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as KNode;
}

test('there is one fixture per environment id', () => {
	const files = readdirSync(fixtures).filter((file) => file.endsWith('.json'));
	assert.deepEqual(files.map((file) => file.replace(/\.json$/, '')).sort(), [...environments].sort());
});

test('every fixture is detected as the environment it is named for', () => {
	for (const environment of environments) {
		assert.equal(detectEnvironment(fixture(`${environment}.json`)), environment, `${environment}.json`);
	}
});

test('variants: a Windows node without platform markers is generic; kind on an Ubuntu host is still kind', () => {
	assert.equal(detectEnvironment(fixture('variants/aks-windows.json')), 'generic');
	assert.equal(detectEnvironment(fixture('variants/kind-ubuntu-2404-host.json')), 'kind');
});

type Case = readonly [label: string, node: KNode, expected: EnvironmentId];

const info = (nodeInfo: NonNullable<NonNullable<KNode['status']>['nodeInfo']>): KNode => ({status: {nodeInfo}});
const labelled = (labels: Record<string, string>, extra: KNode = {}): KNode => ({...extra, metadata: {...extra.metadata, labels}});

// Partial dumps: whatever subset of a node a customer pastes still names its environment.
const partial: readonly Case[] = [
	['only the Bottlerocket runtime suffix', info({containerRuntimeVersion: 'containerd://1.6.20+bottlerocket'}), 'eks-bottlerocket'],
	['only an AL2023 kernel', info({kernelVersion: '6.1.72-96.166.amzn2023.x86_64'}), 'eks-al2023'],
	['only an AL2 kernel', info({kernelVersion: '5.10.184-175.731.amzn2.x86_64'}), 'eks-al2'],
	['only an EKS kubelet version', info({kubeletVersion: 'v1.29.0-eks-5e0fdde'}), 'eks'],
	['only a Karpenter AWS label', labelled({'karpenter.k8s.aws/instance-family': 'm6i'}), 'eks'],
	['only a GKE Ubuntu kernel', info({kernelVersion: '5.15.0-1049-gke'}), 'gke-ubuntu'],
	['only the GKE os-distribution label', labelled({'cloud.google.com/gke-os-distribution': 'cos'}), 'gke-cos'],
	['only a GKE kubelet version', info({kubeletVersion: 'v1.30.5-gke.1014001'}), 'gke'],
	['only a CBL-Mariner kernel on AKS', labelled({'kubernetes.azure.com/role': 'agent'}, info({kernelVersion: '5.15.158.2-1.cm2'})), 'aks-azurelinux'],
	['only the AKS os-sku label', labelled({'kubernetes.azure.com/os-sku': 'Ubuntu'}), 'aks-ubuntu'],
	['only an Azure Ubuntu kernel with an AKS label', labelled({agentpool: 'np1'}, {spec: {providerID: 'azure:///subscriptions/x'}, status: {nodeInfo: {kernelVersion: '5.15.0-1064-azure'}}}), 'aks-ubuntu'],
	['only the OpenShift os_id label', labelled({'node.openshift.io/os_id': 'rhcos'}), 'openshift-rhcos'],
	['only an OpenShift CRI-O version', info({containerRuntimeVersion: 'cri-o://1.27.1-6.rhaos4.14.gitf5e8e1d.el9'}), 'openshift-rhcos'],
	['only a Talos kernel', info({kernelVersion: '6.6.33-talos'}), 'talos'],
	['only a Buildroot osImage', info({osImage: 'Buildroot 2021.02.12'}), 'minikube-vm'],
	['only a k3s kubelet version', info({kubeletVersion: 'v1.28.5+k3s1'}), 'k3s'],
	['only a kind providerID', {spec: {providerID: 'kind://docker/dev/dev-worker2'}}, 'kind'],
	['only a DigitalOcean providerID', {spec: {providerID: 'digitalocean://389284734'}}, 'doks'],
	['nothing at all', {}, 'generic'],
];

test('partial dumps', () => {
	for (const [label, node, expected] of partial) assert.equal(detectEnvironment(node), expected, label);
});

// Precedence: OpenShift runs on every cloud; Bottlerocket and Talos name themselves wherever they run.
const precedence: readonly Case[] = [
	['OCP on GCP (gce:// providerID) is OpenShift', labelled({'node.openshift.io/os_id': 'rhcos'}, {spec: {providerID: 'gce://proj/us-east1-b/ocp-worker-a'}}), 'openshift-rhcos'],
	['OCP on AWS (aws:// providerID) is OpenShift', labelled({'node.openshift.io/os_id': 'rhcos'}, {spec: {providerID: 'aws:///us-east-1a/i-0abc'}}), 'openshift-rhcos'],
	['OCP RHEL worker by osImage', {metadata: {annotations: {'machineconfiguration.openshift.io/state': 'Done'}}, status: {nodeInfo: {osImage: 'Red Hat Enterprise Linux 8.6 (Ootpa)'}}}, 'openshift-rhel'],
	['RKE2 on RHEL 8 (no OpenShift markers) is generic', info({osImage: 'Red Hat Enterprise Linux 8.5 (Ootpa)', kubeletVersion: 'v1.23.4+rke2r1'}), 'generic'],
	['kops on EC2 (aws:// only) is not EKS', labelled({'kops.k8s.io/instancegroup': 'nodes'}, {spec: {providerID: 'aws:///eu-west-1a/i-0abc'}, status: {nodeInfo: {osImage: 'Ubuntu 22.04.3 LTS'}}}), 'generic'],
	['Bottlerocket with EKS labels is Bottlerocket', labelled({'eks.amazonaws.com/nodegroup': 'br'}, info({osImage: 'Bottlerocket OS 1.19.4 (aws-k8s-1.27)'})), 'eks-bottlerocket'],
	['Talos on AWS is Talos', {spec: {providerID: 'aws:///us-east-1a/i-0abc'}, status: {nodeInfo: {osImage: 'Talos (v1.6.4)'}}}, 'talos'],
	['k3d is not plain k3s', {metadata: {name: 'k3d-dev-agent-0'}, spec: {providerID: 'k3s://k3d-dev-agent-0'}, status: {nodeInfo: {kubeletVersion: 'v1.27.4+k3s1'}}}, 'k3d'],
	['Colima (k3s inside) is Colima', {metadata: {name: 'colima-work'}, status: {nodeInfo: {kubeletVersion: 'v1.29.2+k3s1'}}}, 'colima'],
	["Docker Desktop's kind cluster is Docker Desktop", {metadata: {name: 'desktop-control-plane'}, spec: {providerID: 'kind://docker/desktop/desktop-control-plane'}}, 'docker-desktop'],
	['kind on a Mac (linuxkit kernel) is still kind', {metadata: {name: 'kind-control-plane'}, spec: {providerID: 'kind://docker/kind/kind-control-plane'}, status: {nodeInfo: {kernelVersion: '6.10.14-linuxkit'}}}, 'kind'],
	['minikube docker driver by its kicbase osImage', labelled({'minikube.k8s.io/name': 'minikube'}, info({osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.8.0-45-generic'})), 'minikube-docker'],
	['minikube VM by a bare ISO kernel', labelled({'minikube.k8s.io/name': 'minikube'}, info({kernelVersion: '5.10.207'})), 'minikube-vm'],
	['minikube docker driver by a host kernel', labelled({'minikube.k8s.io/name': 'minikube'}, info({kernelVersion: '5.15.153.1-microsoft-standard-WSL2'})), 'minikube-docker'],
];

test('precedence between markers', () => {
	for (const [label, node, expected] of precedence) assert.equal(detectEnvironment(node), expected, label);
});

type ContextCase = readonly [label: string, context: {name: string; cluster?: string | null; server?: string | null}, expected: EnvironmentId | null];

const contexts: readonly ContextCase[] = [
	['kind context', {name: 'kind-kind', cluster: 'kind-kind', server: 'https://127.0.0.1:41239'}, 'kind'],
	['kind cluster under a renamed context', {name: 'dev', cluster: 'kind-dev', server: 'https://127.0.0.1:36277'}, 'kind'],
	['minikube docker driver on Linux', {name: 'minikube', cluster: 'minikube', server: 'https://192.168.49.2:8443'}, 'minikube-docker'],
	['a second minikube docker cluster', {name: 'minikube', cluster: 'minikube', server: 'https://192.168.58.2:8443'}, 'minikube-docker'],
	['minikube docker driver on macOS', {name: 'minikube', cluster: 'minikube', server: 'https://127.0.0.1:32772'}, 'minikube-docker'],
	['minikube kvm2', {name: 'minikube', cluster: 'minikube', server: 'https://192.168.39.120:8443'}, 'minikube-vm'],
	['minikube virtualbox', {name: 'minikube', cluster: 'minikube', server: 'https://192.168.59.100:8443'}, 'minikube-vm'],
	['minikube hyperkit', {name: 'minikube', server: 'https://192.168.64.5:8443'}, 'minikube-vm'],
	['minikube without a server: the default (docker) driver', {name: 'minikube'}, 'minikube-docker'],
	['Docker Desktop', {name: 'docker-desktop', cluster: 'docker-desktop', server: 'https://kubernetes.docker.internal:6443'}, 'docker-desktop'],
	['old Docker for Desktop', {name: 'docker-for-desktop', server: 'https://localhost:6443'}, 'docker-desktop'],
	['Docker Desktop server under another name', {name: 'laptop', server: 'https://kubernetes.docker.internal:6443'}, 'docker-desktop'],
	['Rancher Desktop', {name: 'rancher-desktop', server: 'https://127.0.0.1:6443'}, 'rancher-desktop'],
	['OrbStack', {name: 'orbstack', server: 'https://127.0.0.1:26443'}, 'orbstack'],
	['Colima', {name: 'colima', server: 'https://127.0.0.1:6443'}, 'colima'],
	['Colima profile', {name: 'colima-work'}, 'colima'],
	['k3d', {name: 'k3d-mycluster', cluster: 'k3d-mycluster', server: 'https://0.0.0.0:43117'}, 'k3d'],
	['MicroK8s', {name: 'microk8s', cluster: 'microk8s-cluster', server: 'https://127.0.0.1:16443'}, 'microk8s'],
	['an EKS context', {name: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com'}, null],
	['a GKE context', {name: 'gke_proj_us-central1_prod', server: 'https://34.1.2.3'}, null],
	['a context merely containing "kind"', {name: 'mankind-prod', server: 'https://10.0.0.1:6443'}, null],
	['an unparseable server', {name: 'prod', server: 'not a url'}, null],
];

test('local clusters from kubeconfig context entries', () => {
	for (const [label, context, expected] of contexts) assert.equal(localEnvironmentOfContext(context), expected, label);
});
