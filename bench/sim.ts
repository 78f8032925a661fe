// A simulated cluster in its own process (`prg-doctor sim`), so it never shares an event loop with
// the harness's clocks or with the command being measured; plus a reader for its /sim/stats.
import {existsSync, readFileSync} from 'node:fs';
import {request} from 'node:https';
import {join} from 'node:path';
import yaml from 'js-yaml';
import {spawnTracked, stopTracked} from './processes.js';

export type SimStats = {requests: Record<string, number>; total: number; probePods: number};

export type SimProcess = {
	kubeconfigPath: string;
	stats(): Promise<SimStats>;
	stop(): Promise<void>;
};

export type SimSpec = {cli: string; dir: string; nodes: number; latencyMs: number; name: string};

const largeContext = 'sim-large';

type Kubeconfig = {
	contexts?: Array<{name: string; context: {cluster: string}}>;
	clusters?: Array<{name: string; cluster: {server: string; 'certificate-authority-data'?: string}}>;
};

function largeCluster(path: string): {server: string; ca: string} | null {
	if (!existsSync(path)) return null;
	let config: Kubeconfig;
	try {
		config = yaml.load(readFileSync(path, 'utf8')) as Kubeconfig;
	} catch {
		return null; // Still being written.
	}
	const context = config?.contexts?.find((entry) => entry.name === largeContext);
	const cluster = config?.clusters?.find((entry) => entry.name === context?.context.cluster);
	const caData = cluster?.cluster['certificate-authority-data'];
	if (!cluster || !caData) return null;
	return {server: cluster.cluster.server, ca: Buffer.from(caData, 'base64').toString('utf8')};
}

function getJson(url: string, ca: string): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const req = request(url, {ca, timeout: 5000}, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
				try {
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				} catch (error) {
					reject(error);
				}
			});
		});
		req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
		req.on('error', reject);
		req.end();
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSimProcess(spec: SimSpec): Promise<SimProcess> {
	const kubeconfigPath = join(spec.dir, `kubeconfig-${spec.name}`);
	const args = [spec.cli, 'sim', '--kubeconfig', kubeconfigPath, '--nodes', String(spec.nodes), '--latency', String(spec.latencyMs), '--kubelet', 'recorded'];
	const child = spawnTracked(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}}, true);
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const deadline = Date.now() + 60_000;
	let statsUrl: string | null = null;
	let ca = '';
	try {
		while (statsUrl === null) {
			if (child.exitCode !== null || child.signalCode !== null) throw new Error(`\`prg-doctor sim\` exited early: ${output.trim().split('\n').slice(-3).join(' / ') || 'no output'}`);
			if (Date.now() > deadline) throw new Error(`\`prg-doctor sim --nodes ${spec.nodes}\` was not ready within 60 s`);
			const cluster = largeCluster(kubeconfigPath);
			if (cluster) {
				try {
					await getJson(`${cluster.server}/sim/stats`, cluster.ca);
					statsUrl = `${cluster.server}/sim/stats`;
					ca = cluster.ca;
					break;
				} catch {
					// Not listening yet.
				}
			}
			await sleep(50);
		}
	} catch (error) {
		await stopTracked(child);
		throw error;
	}
	const url = statsUrl;
	process.stderr.write(`bench: sim up (${spec.nodes} nodes, pid ${child.pid})\n`);
	return {
		kubeconfigPath,
		stats: async () => (await getJson(url, ca)) as SimStats,
		stop: () => stopTracked(child),
	};
}
