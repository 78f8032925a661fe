// A small cluster profile for protocol tests, independent of the product's profiles: two real node
// objects from test/fixtures/nodes (see SOURCES.md there), a NotReady copy and a tainted copy, a
// PSA-restricted namespace, an admin and a read-only user. The command runner is a stand-in that
// answers like the documented probe would on each node.
import {readFileSync} from 'node:fs';
import {after, before} from 'node:test';
import {join} from 'node:path';
import type {ExecRequest, ExecResult} from '../../source/sim/exec/index.js';
import type {ClusterProfile} from '../../source/sim/profiles/index.js';
import {launchSim, type SimHandle, type SimOptions} from '../../source/sim/launch.js';
import {ApiClient} from './api-client.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'nodes', `${name}.json`), 'utf8'));

export const nodeNames = {
	bottlerocket: 'ip-192-168-48-245.us-west-2.compute.internal',
	al2023: 'ip-192-168-12-34.us-west-2.compute.internal',
	notReady: 'ip-192-168-99-1.us-west-2.compute.internal',
	tainted: 'ip-192-168-77-7.us-west-2.compute.internal',
};

function nodes() {
	const bottlerocket = fixture('eks-bottlerocket');
	const al2023 = fixture('eks-al2023');
	al2023.metadata = {name: nodeNames.al2023, labels: {'eks.amazonaws.com/nodegroup': 'al2023'}};
	al2023.status.conditions = [{type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status'}];
	const notReady = structuredClone(al2023);
	notReady.metadata = {name: nodeNames.notReady, labels: {'eks.amazonaws.com/nodegroup': 'al2023'}};
	notReady.status.conditions = [{type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'}];
	const tainted = structuredClone(al2023);
	tainted.metadata = {name: nodeNames.tainted, labels: {'eks.amazonaws.com/nodegroup': 'gpu'}};
	tainted.spec = {taints: [{key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule'}]};
	return [
		{object: bottlerocket, maxUserNamespaces: 0, gate: 'userns-limit'},
		{object: al2023, maxUserNamespaces: 15000, gate: 'none'},
		{object: notReady, maxUserNamespaces: 15000, gate: 'none'},
		{object: tainted, maxUserNamespaces: 15000, gate: 'none'},
	];
}

export const tokens = {admin: 'fixture-admin-token', viewer: 'fixture-viewer-token'};

export function fixtureProfile(): ClusterProfile {
	return {
		id: 'fixture',
		contexts: [{name: 'fixture', user: 'fixture-admin'}, {name: 'fixture-readonly', user: 'fixture-viewer'}],
		version: {major: '1', minor: '31', gitVersion: 'v1.31.2-eks-7f9249a', gitCommit: '7f9249a0f6c9c2a6a8b1d8a5e6f3c2b1a0d9e8f7', gitTreeState: 'clean', buildDate: '2024-10-23T19:51:59Z', goVersion: 'go1.22.8', compiler: 'gc', platform: 'linux/amd64'},
		nodes: nodes(),
		namespaces: [{metadata: {name: 'default'}}, {metadata: {name: 'restricted-ns', labels: {'pod-security.kubernetes.io/enforce': 'baseline'}}}, {metadata: {name: 'warned-ns', labels: {'pod-security.kubernetes.io/warn': 'baseline'}}}],
		users: [
			{name: 'fixture-admin', token: tokens.admin, canCreatePods: true, subject: 'kubernetes-admin'},
			{name: 'fixture-viewer', token: tokens.viewer, canCreatePods: false, subject: 'arn:aws:iam::111122223333:user/viewer'},
		],
		openshift: false,
	} as unknown as ClusterProfile;
}

/** The documented probe's answer per node: ENOSPC where max_user_namespaces is 0. */
export async function fakeRunner(request: ExecRequest): Promise<ExecResult> {
	// `sleep N` in the command stands for a container that runs that long (it can be cut short).
	const sleep = /sleep (\d+(\.\d+)?)/.exec([...request.command, ...request.args].join(' '));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(resolve, sleep ? Number(sleep[1]) * 1000 : 5);
		request.signal.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		});
	});
	const blocked = request.node.maxUserNamespaces === 0;
	return {exitCode: 0, log: blocked ? 'unshare: unshare(0x10000000): No space left on device\nFAILED\n' : 'OK\n', mode: 'recorded'};
}

export function startFixtureSim(options: SimOptions = {}): Promise<SimHandle> {
	return launchSim({profiles: [fixtureProfile()], runCommand: fakeRunner}, {latencyMs: 50, ...options});
}

/**
 * One fixture sim for a describe block, started before its tests and stopped after them, with an
 * admin API client: `fixture.sim`, `fixture.api`.
 */
export function useFixtureSim(options: SimOptions = {}): {readonly sim: SimHandle; readonly api: ApiClient} {
	let sim: SimHandle | null = null;
	let api: ApiClient | null = null;
	before(async () => {
		sim = await startFixtureSim(options);
		api = new ApiClient(sim.contexts[0]!.server, sim.kubeconfigPath, tokens.admin);
	});
	after(() => sim?.stop());
	return {
		get sim() {
			return sim!;
		},
		get api() {
			return api!;
		},
	};
}
