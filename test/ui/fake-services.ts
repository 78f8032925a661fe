// Services for screen tests: the same interface the explorer uses, answering from fixtures. Probe
// runs are held open until the test releases them, so a test can see rows in `running`.
import {KubeError} from '../../source/errors.js';
import type {ClusterView, NodeInfo} from '../../source/domain/types.js';
import type {FixCommand} from '../../source/domain/types.js';
import type {Services} from '../../source/ui/services.js';
import type {ProbeResult} from '../../source/domain/types.js';
import {contexts, eksView, failedResult, hostReport, kindView, okResult, runOf} from './fixtures.js';

export type FakeRun = {readonly nodes: readonly NodeInfo[]; release(): void; readonly signal: AbortSignal};

export type Fake = Services & {
	readonly runs: FakeRun[];
	readonly copies: string[];
	readonly files: {name: string; text: string}[];
	readonly commands: FixCommand[];
};

export function fakeServices(views: Record<string, ClusterView> = {'sim-eks': eksView, 'kind-sim': kindView}): Fake {
	const runs: FakeRun[] = [];
	const copies: string[] = [];
	const files: {name: string; text: string}[] = [];
	const commands: FixCommand[] = [];
	const resultFor = (node: NodeInfo): ProbeResult => (node.prediction.status === 'likely-blocked' ? failedResult(node.name) : okResult(node.name, node.pool));
	return {
		runs, copies, files, commands,
		async checkContexts(_signal, onEntry) {
			onEntry({...contexts[0]!, reachable: true, version: 'v1.30.2-eks-1552ad0'});
			onEntry({...contexts[3]!, reachable: false, error: 'cannot reach https://10.0.0.1:6443: connect ECONNREFUSED — check the VPN or the server address in the kubeconfig'});
		},
		async loadCluster(context) {
			const view = views[context];
			if (view === undefined) throw new KubeError('unreachable', `cannot reach the API server of ${context}`, 'check the VPN or the server address in the kubeconfig');
			return view;
		},
		runProbes(context, nodes, {signal, onProgress}) {
			return new Promise((resolve, reject) => {
				onProgress({type: 'planned', runId: 'r1x2y3', nodes: nodes.map((node) => ({node: node.name, pool: node.pool}))});
				for (const node of nodes) onProgress({type: 'node', node: node.name, status: 'running', startedAt: Date.now(), result: null});
				const release = () => {
					const results = nodes.map(resultFor);
					for (const result of results) onProgress({type: 'node', node: result.node, status: result.status, startedAt: null, result});
					onProgress({type: 'cleanup', deleted: nodes.length, failed: []});
					resolve({...runOf(results), context});
				};
				signal.addEventListener('abort', () => {
					onProgress({type: 'cleanup', deleted: nodes.length, failed: []});
					reject(new KubeError('aborted', 'the probe run was stopped', 'probe again with p'));
				}, {once: true});
				runs.push({nodes, release, signal});
			});
		},
		async checkHost() {
			return hostReport;
		},
		async copy(text) {
			copies.push(text);
			return Buffer.byteLength(text);
		},
		async writeFile(name, text) {
			files.push({name, text});
			return `/tmp/${name}`;
		},
		async runCommand(command) {
			commands.push(command);
			return 0;
		},
	};
}
