// Everything a support engineer needs in one paste: tool and server versions, contexts, pools with
// predictions, the last probe run with raw outputs, gates and fixes, and the host check for a local
// cluster. Secrets never enter it; hosts are masked on request (see redact-report.ts).
import process from 'node:process';
import type {LoadedKubeconfig} from '../kube/kubeconfig.js';
import type {ClusterView, FixId, Gate} from '../domain/types.js';
import {localEnvironmentOfContext} from '../domain/environments.js';
import {fixFor} from '../domain/fixes/index.js';
import {KubeError} from '../errors.js';
import {listContexts} from './list-contexts.js';
import {loadCluster} from './load-cluster.js';
import {loadLastRun, type StoredRun} from './last-run.js';
import {checkHost, type HostReport} from './check-host.js';
import type {ContextsView} from './types.js';

export type ReportFix = {readonly gate: Gate; readonly fix: FixId; readonly title: string; readonly pools: readonly string[]; readonly command: string};

export type SupportReport = {
	readonly tool: {readonly name: 'prg-doctor'; readonly version: string; readonly node: string; readonly platform: string};
	readonly generatedAt: string;
	readonly kubeconfig: {readonly paths: readonly string[]; readonly current: string | null; readonly config: unknown};
	readonly contexts: ContextsView['contexts'];
	readonly context: string | null;
	readonly cluster: ClusterView | null;
	readonly clusterError: string | null;
	readonly lastProbe: StoredRun | null;
	readonly fixes: readonly ReportFix[];
	readonly host: HostReport | null;
};

export type ReportOptions = {
	readonly config: LoadedKubeconfig;
	readonly context: string | undefined;
	readonly toolVersion: string;
	readonly env: NodeJS.ProcessEnv;
	readonly signal: AbortSignal;
	/** For tests: skip the host check even for local contexts. */
	readonly hostCheck?: boolean;
	/** --redact-hosts: the embedded kubeconfig masks its hosts too (proxy-url, tls-server-name, …). */
	readonly redactHosts?: boolean;
};

export async function buildReport(options: ReportOptions): Promise<SupportReport> {
	const {config, signal} = options;
	const contextName = options.context ?? config.current;
	const [contexts, clusterOutcome, lastProbe] = await Promise.all([
		listContexts(config, {check: true, timeoutMs: 4000, signal}),
		contextName === null ? Promise.resolve({cluster: null, error: 'no context selected'}) : loadClusterOutcome(config, contextName, signal),
		contextName === null ? Promise.resolve(null) : loadLastRun(contextName, options.env),
	]);
	const entry = contexts.contexts.find((context) => context.name === contextName);
	const local = entry === undefined ? null : localEnvironmentOfContext({name: entry.name, cluster: entry.cluster, server: entry.server});
	const host = local !== null && options.hostCheck !== false
		? await checkHost({signal, env: options.env, contexts: contexts.contexts}).catch(() => null)
		: null;
	return {
		tool: {name: 'prg-doctor', version: options.toolVersion, node: process.version, platform: `${process.platform}/${process.arch}`},
		generatedAt: new Date().toISOString(),
		kubeconfig: {paths: config.paths, current: config.current, config: config.redacted({hosts: options.redactHosts ?? false})},
		contexts: contexts.contexts,
		context: contextName,
		cluster: clusterOutcome.cluster,
		clusterError: clusterOutcome.error,
		lastProbe,
		fixes: fixesOf(clusterOutcome.cluster, lastProbe),
		host,
	};
}

async function loadClusterOutcome(config: LoadedKubeconfig, context: string, signal: AbortSignal): Promise<{cluster: ClusterView | null; error: string | null}> {
	try {
		const client = await config.clientFor(context);
		return {cluster: await loadCluster(client, {signal}), error: null};
	} catch (error) {
		const text = error instanceof KubeError ? `${error.message} — ${error.hint}` : error instanceof Error ? error.message : String(error);
		return {cluster: null, error: text};
	}
}

/** Gates found by the last probe win; pools not probed contribute their predicted gate. */
function fixesOf(cluster: ClusterView | null, run: StoredRun | null): ReportFix[] {
	const byGate = new Map<string, {gate: Gate; environment: ClusterView['pools'][number]['environment'] | null; pools: Set<string>}>();
	const add = (gate: Gate | null, environment: ClusterView['pools'][number]['environment'] | null, pool: string) => {
		if (gate === null || gate === 'none') return;
		const key = `${gate}:${environment ?? ''}`;
		const item = byGate.get(key) ?? {gate, environment, pools: new Set<string>()};
		item.pools.add(pool);
		byGate.set(key, item);
	};
	const probed = new Set<string>();
	for (const result of run?.results ?? []) {
		probed.add(result.pool);
		if (result.status === 'failed') add(result.gate, result.environment, result.pool);
	}
	for (const pool of cluster?.pools ?? []) {
		if (!probed.has(pool.name) && pool.prediction.status === 'likely-blocked') add(pool.prediction.gate, pool.environment, `${pool.name} (predicted)`);
	}
	return [...byGate.values()].flatMap(({gate, environment, pools}) => {
		const fix = fixFor(gate, environment);
		if (fix === null) return [];
		return [{gate, fix: fix.id, title: fix.title, pools: [...pools], command: `prg-doctor fix --gate ${gate}${environment ? ` --environment ${environment}` : ''}`}];
	});
}
