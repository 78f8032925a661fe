// Starts the simulated clusters for a test (fast lifecycle: 50 ms) and stops them when the test
// ends: `const sim = await startTestSim(t)` inside a node:test test or `before` hook.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type SimHandle, type SimOptions, startSim} from '../../source/sim/index.js';

export type TestSim = SimHandle & {
	/** Environment for a child process (kubectl, the CLI) pointed at the sim, with its own kubectl cache. */
	env: NodeJS.ProcessEnv;
	/** GET /sim/stats of a context's cluster. */
	stats(context: string): Promise<{requests: Record<string, number>; total: number; probePods: number; watches: number}>;
};

type Cleanup = {after(fn: () => unknown): void} | {after: (fn: () => unknown) => void};

export async function startTestSim(owner: Cleanup | null, options: SimOptions = {}): Promise<TestSim> {
	const sim = await startSim({latencyMs: 50, kubelet: 'recorded', ...options});
	const cacheDir = mkdtempSync(join(tmpdir(), 'prg-doctor-kubecache-'));
	const stop = sim.stop.bind(sim);
	const handle: TestSim = {
		...sim,
		env: {...process.env, KUBECONFIG: sim.kubeconfigPath, KUBECACHEDIR: cacheDir, HOME: cacheDir},
		stats(context: string) {
			return statsOverHttps(sim.statsUrl(context));
		},
		async stop() {
			await stop();
			rmSync(cacheDir, {recursive: true, force: true});
		},
	};
	owner?.after(() => handle.stop());
	return handle;
}

/** /sim/stats over the sim's self-signed TLS (the stats endpoint needs no token). */
async function statsOverHttps(url: string): Promise<never> {
	const {request} = await import('node:https');
	return new Promise((resolve, reject) => {
		request(url, {rejectUnauthorized: false}, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve(JSON.parse(body) as never));
		})
			.on('error', reject)
			.end();
	});
}

export const hasKubectl = spawnSync('kubectl', ['version', '--client'], {stdio: 'ignore'}).status === 0;

export type KubectlResult = {status: number | null; stdout: string; stderr: string};

/**
 * Runs kubectl against the sim (asynchronously: the sim answers from this same process); never
 * throws, returns what it printed and its exit status.
 */
export function kubectl(sim: TestSim, args: string[], options: {input?: string; timeoutMs?: number; cwd?: string} = {}): Promise<KubectlResult> {
	return new Promise((resolve) => {
		const child = spawn('kubectl', args, {env: sim.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({status, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}
