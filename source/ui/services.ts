// Everything the explorer does outside itself, behind one interface: the workflows (shared with the
// plain CLI), the clipboard, files and local commands. Hooks call these and dispatch the results;
// tests pass fakes. One client per context, built on first use and reused.
import type {ClusterView, FixCommand, NodeInfo} from '../domain/types.js';
import type {HostReport} from '../host/types.js';
import type {KubeClient} from '../kube/client.js';
import type {LoadedKubeconfig} from '../kube/kubeconfig.js';
import type {ContextEntry, ProbeProgress, ProbeRun} from '../workflows/types.js';
import {osc52} from './clipboard.js';
import {writeNewFile} from './write-file.js';

export type Services = {
	checkContexts(signal: AbortSignal, onEntry: (entry: ContextEntry) => void): Promise<void>;
	loadCluster(context: string, signal: AbortSignal): Promise<ClusterView>;
	runProbes(context: string, nodes: readonly NodeInfo[], options: {signal: AbortSignal; onProgress: (event: ProbeProgress) => void}): Promise<ProbeRun>;
	checkHost(signal: AbortSignal): Promise<HostReport>;
	/** Puts `text` on the clipboard; resolves to the bytes sent. */
	copy(text: string): Promise<number>;
	/** Writes a new file (never over an existing one); resolves to its path. */
	writeFile(name: string, text: string): Promise<string>;
	/** Hands the terminal to `command` and takes it back; resolves to its exit code. */
	runCommand(command: FixCommand, signal: AbortSignal): Promise<number | null>;
};

export type ServiceSettings = {
	readonly config: LoadedKubeconfig;
	/** --namespace, else each context's namespace. */
	readonly namespace: string | undefined;
	readonly image: string;
	readonly concurrency: number;
	readonly timeoutSeconds: number;
	readonly readOnly: boolean;
	readonly env: NodeJS.ProcessEnv;
	readonly stdout: NodeJS.WritableStream;
	/** Where snippets are written. */
	readonly directory: string;
	/** Keep each finished run for `report` (not for the demo's simulated clusters). */
	readonly saveRuns: boolean;
	/** Gives the terminal to a child process and back (see explorer.ts). */
	readonly handOff: <T>(title: string, run: () => Promise<T>) => Promise<T>;
};

export function createServices(settings: ServiceSettings): Services {
	const clients = new Map<string, Promise<KubeClient>>();
	const clientFor = (context: string) => {
		let client = clients.get(context);
		if (client === undefined) {
			client = settings.config.clientFor(context);
			clients.set(context, client);
			// A failed client (bad credentials) is retried on the next request (r).
			client.catch(() => clients.delete(context));
		}
		return client;
	};
	return {
		async checkContexts(signal, onEntry) {
			const {listContexts} = await import('../workflows/list-contexts.js');
			await listContexts(settings.config, {check: true, timeoutMs: 5000, signal, onProgress: onEntry});
		},
		async loadCluster(context, signal) {
			const {loadCluster} = await import('../workflows/load-cluster.js');
			return loadCluster(await clientFor(context), {signal});
		},
		async runProbes(context, nodes, {signal, onProgress}) {
			const [{preflight}, {runProbes}] = await Promise.all([import('../workflows/preflight.js'), import('../workflows/run-probes.js')]);
			const client = await clientFor(context);
			const namespace = settings.namespace ?? client.namespace;
			await preflight(client, {namespace, signal});
			const run = await runProbes(client, nodes as NodeInfo[], {
				namespace,
				image: settings.image,
				imagePullSecret: null,
				concurrency: settings.concurrency,
				timeoutSeconds: settings.timeoutSeconds,
				keep: false,
				signal,
				onProgress,
			});
			if (settings.saveRuns && !signal.aborted) {
				const {saveLastRun} = await import('../workflows/last-run.js');
				await saveLastRun(run, settings.env).catch(() => undefined);
			}
			return run;
		},
		async checkHost(signal) {
			const {checkHost} = await import('../workflows/check-host.js');
			return checkHost({signal, contexts: settings.config.contexts, env: settings.env});
		},
		async copy(text) {
			const sequence = osc52(text, settings.env);
			settings.stdout.write(sequence);
			return Buffer.byteLength(text);
		},
		async writeFile(name, text) {
			return writeNewFile(settings.directory, name, text);
		},
		async runCommand(command, signal) {
			const {runFixCommand} = await import('../host/run-command.js');
			return settings.handOff(command.run, async () => {
				const result = await runFixCommand(command, {signal, stdio: 'inherit', readOnly: settings.readOnly, env: settings.env});
				return result.exitCode;
			});
		},
	};
}
