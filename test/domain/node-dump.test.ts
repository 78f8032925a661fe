import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import yaml from 'js-yaml';
import {parseNodeDump} from '../../source/domain/node-dump.js';
import {UsageError} from '../../source/errors.js';
import type {KNode} from '../../source/domain/k8s.js';

function fixture(name: string): KNode {
	return JSON.parse(readFileSync(new URL(`../fixtures/nodes/${name}`, import.meta.url), 'utf8')) as KNode;
}

const bottlerocket = fixture('eks-bottlerocket.json');
const rhcos = fixture('openshift-rhcos.json');
const names = (nodes: KNode[]) => nodes.map((node) => node.metadata?.name);

// `kubectl get no kube-1-worker-1 -o yaml`, as posted in
// https://github.com/digitalocean/digitalocean-cloud-controller-manager/issues/126 (status trimmed
// where the post was cut off).
const postedYaml = `apiVersion: v1
kind: Node
metadata:
  annotations:
    alpha.kubernetes.io/provided-node-ip: 10.130.13.103
    csi.volume.kubernetes.io/nodeid: '{"com.digitalocean.csi.dobs":"109470133"}'
    kubeadm.alpha.kubernetes.io/cri-socket: /var/run/dockershim.sock
    node.alpha.kubernetes.io/ttl: "0"
    projectcalico.org/IPv4Address: 10.130.13.103/16
    volumes.kubernetes.io/controller-managed-attach-detach: "true"
  creationTimestamp: 2018-09-11T10:23:33Z
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/hostname: kube-1-worker-1
  name: kube-1-worker-1
  resourceVersion: "350167"
  selfLink: /api/v1/nodes/kube-1-worker-1
  uid: bc946296-b5ac-11e8-964e-daca43c1fec8
spec:
  podCIDR: 192.168.3.0/24
status:
  addresses:
  - address: kube-1-worker-1
    type: Hostname
  - address: 10.130.13.103
    type: InternalIP
  allocatable:
    cpu: "1"
    memory: 913620Ki
    pods: "110"
`;

test('a NodeList in JSON (kubectl get nodes -o json)', () => {
	const text = JSON.stringify({apiVersion: 'v1', kind: 'NodeList', metadata: {resourceVersion: '2568'}, items: [bottlerocket, rhcos]}, null, 4);
	assert.deepEqual(names(parseNodeDump(text)), ['ip-192-168-48-245.us-west-2.compute.internal', 'compute-0']);
});

test('a List of Nodes in JSON (kubectl get node a b -o json)', () => {
	const text = JSON.stringify({apiVersion: 'v1', kind: 'List', metadata: {resourceVersion: ''}, items: [rhcos, bottlerocket]});
	assert.deepEqual(names(parseNodeDump(text)), ['compute-0', 'ip-192-168-48-245.us-west-2.compute.internal']);
});

test('a single Node in JSON, with a byte-order mark and CRLF line ends', () => {
	const text = `\uFEFF${JSON.stringify(rhcos, null, 2).replace(/\n/g, '\r\n')}`;
	assert.deepEqual(names(parseNodeDump(text)), ['compute-0']);
});

test('a bare JSON array of nodes (jq .items)', () => {
	assert.equal(parseNodeDump(JSON.stringify([bottlerocket, rhcos])).length, 2);
});

test('a single Node in YAML, as posted', () => {
	const [node] = parseNodeDump(postedYaml);
	assert.equal(node.metadata?.name, 'kube-1-worker-1');
	assert.equal(node.metadata?.annotations?.['node.alpha.kubernetes.io/ttl'], '0');
	assert.equal(node.spec?.podCIDR, '192.168.3.0/24');
	// Unquoted timestamps stay strings, as the API sent them.
	assert.equal(node.metadata?.creationTimestamp, '2018-09-11T10:23:33Z');
});

test('a NodeList and a List in YAML (kubectl get nodes -o yaml)', () => {
	const nodeList = yaml.dump({apiVersion: 'v1', kind: 'NodeList', items: [bottlerocket, rhcos]});
	assert.deepEqual(names(parseNodeDump(nodeList)), ['ip-192-168-48-245.us-west-2.compute.internal', 'compute-0']);
	const list = yaml.dump({apiVersion: 'v1', kind: 'List', items: [rhcos], metadata: {resourceVersion: ''}});
	assert.deepEqual(names(parseNodeDump(list)), ['compute-0']);
});

test('several YAML documents of nodes', () => {
	const text = `${postedYaml}---\n${yaml.dump(rhcos)}---\n`;
	assert.deepEqual(names(parseNodeDump(text)), ['kube-1-worker-1', 'compute-0']);
});

test('List items without kind are taken as nodes when they look like nodes', () => {
	const {kind: _kind, apiVersion: _apiVersion, ...bare} = rhcos;
	assert.deepEqual(names(parseNodeDump(JSON.stringify({kind: 'NodeList', items: [bare]}))), ['compute-0']);
});

test('a List mixing Nodes and other kinds keeps the Nodes', () => {
	const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}};
	assert.deepEqual(names(parseNodeDump(JSON.stringify({kind: 'List', items: [pod, rhcos]}))), ['compute-0']);
});

function refusal(text: string, message: RegExp): UsageError {
	let caught: unknown;
	try {
		parseNodeDump(text);
	} catch (error) {
		caught = error;
	}
	assert.ok(caught instanceof UsageError, `expected a UsageError for ${JSON.stringify(text.slice(0, 40))}, got ${String(caught)}`);
	assert.match(caught.message, message);
	assert.match(caught.hint, /kubectl get nodes -o json/);
	return caught;
}

test('refusals: empty, blank, binary, compressed', () => {
	refusal('', /empty/);
	refusal(' \n\t\n', /empty/);
	refusal('\u0000\u0001\u0002ELF', /binary/);
	refusal('\u001f\uFFFD\b\u0000\u0000\u0000', /gzip|binary/);
	refusal('\u001f\u008b\b\u0000', /gzip/);
	refusal(`${'\uFFFD'.repeat(40)}abc${'\u0007'.repeat(40)}`, /binary/);
});

test('refusals: malformed JSON says where', () => {
	const text = JSON.stringify({kind: 'NodeList', items: [rhcos]}, null, 2);
	const lines = text.split('\n');
	lines[5] = `${lines[5]},,`;
	const error = refusal(lines.join('\n'), /not valid JSON at line 6, column/);
	assert.match(error.hint, /whole output/);
	refusal(text.slice(0, text.length / 2), /not valid JSON at the end \(it is cut short\)/);
	refusal('{"kind": "NodeList", "items": [1,]}', /not valid JSON at line 1, column 34/);
});

test('refusals: malformed YAML says which line', () => {
	refusal('apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n   labels: {x: y}\n', /not valid YAML at line 5/);
	refusal('kind: Node\nmetadata: {name: [unclosed\n', /not valid YAML at line \d+/);
});

test('refusals: documents that are not nodes name the kind found', () => {
	refusal(JSON.stringify({apiVersion: 'v1', kind: 'PodList', items: [{kind: 'Pod', metadata: {name: 'x'}}]}), /holds a PodList, not nodes/);
	refusal(yaml.dump({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {}}), /holds a ConfigMap, not nodes/);
	refusal(yaml.dump({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd'}}), /holds a Deployment/);
	refusal(JSON.stringify({kind: 'List', items: [{kind: 'Pod'}, {kind: 'Service'}]}), /the List in the node dump holds Pods, Services, not Nodes/);
	refusal(JSON.stringify({kind: 'EndpointSlice'}), /holds an EndpointSlice/);
	refusal('just some words a customer pasted\n', /holds plain text, not Kubernetes nodes/);
	refusal('42', /holds a bare number/);
	refusal(JSON.stringify({metadata: {name: 'x'}}), /holds an object without a kind/);
});

test('refusals: an API error body names its message', () => {
	const status = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope', reason: 'Forbidden', code: 403};
	const error = refusal(JSON.stringify(status), /API error \(Status: nodes is forbidden/);
	assert.match(error.hint, /fix the error/);
});

test('refusals: an empty node list', () => {
	refusal(JSON.stringify({apiVersion: 'v1', kind: 'NodeList', items: []}), /lists no nodes/);
	refusal('apiVersion: v1\nitems: []\nkind: List\n', /lists no nodes/);
});

test("refusals: kubectl's table and describe outputs", () => {
	refusal(
		'NAME                                           STATUS   ROLES    AGE   VERSION\nip-192-168-48-245.us-west-2.compute.internal   Ready    <none>   17h   v1.17.9\n',
		/table output/,
	);
	refusal(
		'Name:               kind-control-plane\nRoles:              control-plane\nLabels:             kubernetes.io/os=linux\nSystem Info:\n  Kernel Version:  6.8.0\n',
		/kubectl describe node/,
	);
});
