// Starts simulated clusters from given profiles: every cluster on its own port, and a kubeconfig
// written for all their contexts.
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {UsageError} from '../errors.js';
import {SimCluster} from './cluster.js';
import {parseFaults} from './faults.js';
import type {KubeletMode} from './kubelet.js';
import {renderKubeconfig} from './kubeconfig.js';
import type {ExecRequest, ExecResult} from './exec/index.js';
import type {ClusterProfile} from './profiles/index.js';
import {makeCertificates} from './tls.js';

export type SimOptions = {
	kubeconfigPath?: string;
	largeNodes?: number;
	latencyMs?: number;
	kubelet?: KubeletMode;
	faults?: string[];
	/** Watch history kept per cluster (events); small values let tests reach 410 Gone quickly. */
	historyLimit?: number;
	/** How long a node stays NotReady under `--fault node-not-ready:RATE` (default 30 s). */
	nodeOutageMs?: number;
	/** The dice for the rate faults, so a test can choose which pods they hit (default Math.random). */
	random?: () => number;
};

export type SimContext = {name: string; server: string};

export type SimHandle = {
	kubeconfigPath: string;
	contexts: SimContext[];
	/** GET /sim/stats of the cluster behind a context. */
	statsUrl(context: string): string;
	stop(): Promise<void>;
};

export const defaultLatencyMs = 800;

/** The profiles and the command runner a sim is built from (the real ones, or a test's). */
export type SimParts = {profiles: ClusterProfile[]; runCommand: (request: ExecRequest) => Promise<ExecResult>};

/** A path the user gave that cannot be written is their input to fix, not a bug of ours. */
async function writeKubeconfig(path: string, text: string): Promise<void> {
	try {
		await writeFile(path, text, {mode: 0o600});
		await chmod(path, 0o600);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'ENOTDIR' ? 'a part of its path is not a directory' : (error as Error).message;
		throw new UsageError(`--kubeconfig ${path} cannot be written: ${why}`, 'give a path in a directory that exists and you may write to (for example --kubeconfig /tmp/sim.kubeconfig), or leave --kubeconfig out for a temp file');
	}
}

export async function launchSim(parts: SimParts, options: SimOptions = {}): Promise<SimHandle> {
	const faults = parseFaults(options.faults ?? []);
	const certificates = await makeCertificates();
	const clusters = parts.profiles.map((profile) => new SimCluster({profile, certificates, latencyMs: options.latencyMs ?? defaultLatencyMs, kubelet: options.kubelet ?? 'auto', faults, runCommand: parts.runCommand, historyLimit: options.historyLimit, nodeOutageMs: options.nodeOutageMs, random: options.random}));
	let tempDir: string | null = null;
	try {
		await Promise.all(clusters.map((cluster) => cluster.start()));
		let kubeconfigPath = options.kubeconfigPath;
		if (!kubeconfigPath) {
			tempDir = await mkdtemp(join(tmpdir(), 'prg-doctor-sim-'));
			kubeconfigPath = join(tempDir, 'kubeconfig');
		}
		const contexts: SimContext[] = [];
		const byContext = new Map<string, SimCluster>();
		const clusterEntries = clusters.map((cluster) => ({name: cluster.options.profile.contexts[0]?.name ?? cluster.id, server: cluster.serverUrl}));
		const contextEntries = clusters.flatMap((cluster, index) =>
			cluster.options.profile.contexts.map((context) => {
				contexts.push({name: context.name, server: cluster.serverUrl});
				byContext.set(context.name, cluster);
				return {name: context.name, cluster: clusterEntries[index].name, user: context.user};
			}),
		);
		const users = clusters.flatMap((cluster) => cluster.options.profile.users.map((user) => ({name: user.name, token: user.token})));
		const text = renderKubeconfig({caPem: certificates.caPem, clusters: clusterEntries, contexts: contextEntries, users, current: contexts[0]?.name ?? ''});
		await writeKubeconfig(kubeconfigPath, text);
		let stopped: Promise<void> | null = null;
		return {
			kubeconfigPath,
			contexts,
			statsUrl(context: string): string {
				const cluster = byContext.get(context);
				if (!cluster) throw new Error(`no sim context ${context}`);
				return `${cluster.serverUrl}/sim/stats`;
			},
			stop(): Promise<void> {
				stopped ??= (async () => {
					await Promise.all(clusters.map((cluster) => cluster.stop()));
					if (tempDir) await rm(tempDir, {recursive: true, force: true});
				})();
				return stopped;
			},
		};
	} catch (error) {
		await Promise.all(clusters.map((cluster) => cluster.stop()));
		if (tempDir) await rm(tempDir, {recursive: true, force: true});
		throw error;
	}
}
