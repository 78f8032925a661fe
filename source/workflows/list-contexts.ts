// Every kubeconfig context, with reachability and server version checked in parallel under a short
// timeout, so one dead context never delays the others. Without `check` nothing touches the network.
import {getMaxListeners, setMaxListeners} from 'node:events';
import {localEnvironmentOfContext} from '../domain/environments.js';
import type {KubeContext, LoadedKubeconfig} from '../kube/kubeconfig.js';
import {KubeError} from '../errors.js';
import type {ContextEntry, ContextsView} from './types.js';

export type ListContextsOptions = {
	readonly check: boolean;
	readonly timeoutMs: number;
	readonly signal: AbortSignal;
	readonly onProgress?: (entry: ContextEntry) => void;
};

export async function listContexts(config: LoadedKubeconfig, options: ListContextsOptions): Promise<ContextsView> {
	const entries = config.contexts.map(toEntry);
	if (options.check) {
		// Every context's check listens for the abort at once: a kubeconfig of 11 contexts is not a leak.
		setMaxListeners(Math.max(getMaxListeners(options.signal), entries.length * 4 + 10), options.signal);
		await Promise.all(entries.map(async (entry, index) => {
			entries[index] = await checkContext(config, entry, options);
			options.onProgress?.(entries[index]!);
		}));
	}
	return {kubeconfig: config.paths, current: config.current, contexts: entries};
}

export function toEntry(context: KubeContext): ContextEntry {
	return {
		name: context.name,
		cluster: context.cluster,
		server: context.server,
		user: context.user,
		namespace: context.namespace,
		current: context.current,
		local: localEnvironmentOfContext({name: context.name, cluster: context.cluster, server: context.server}),
		reachable: null,
		version: null,
		error: null,
	};
}

export async function checkContext(config: LoadedKubeconfig, entry: ContextEntry, options: Pick<ListContextsOptions, 'timeoutMs' | 'signal'>): Promise<ContextEntry> {
	try {
		const client = await config.clientFor(entry.name);
		const version = await client.version({signal: options.signal, timeoutMs: options.timeoutMs});
		return {...entry, reachable: true, version: version.gitVersion};
	} catch (error) {
		return {...entry, reachable: false, error: describe(error)};
	}
}

function describe(error: unknown): string {
	if (error instanceof KubeError) return `${error.message} — ${error.hint}`;
	return error instanceof Error ? error.message : String(error);
}
