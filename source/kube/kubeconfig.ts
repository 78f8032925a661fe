// Finds, reads and merges the kubeconfig (--kubeconfig, else $KUBECONFIG as kubectl merges it, else
// ~/.kube/config) and lists its contexts without touching the network or loading client-node.
// Clients are built lazily, once per context, by clientFor().
import {stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import {delimiter, join} from 'node:path';
import {KubeError} from '../errors.js';
import type {KubeClient} from './client.js';
import {mergeKubeconfigs, readKubeconfigFile, type KubeconfigFile, type RawCluster, type RawKubeconfig, type RawUser} from './kubeconfig-merge.js';
import {kubeconfigSecrets, redactKubeconfig} from './redact.js';

export type KubeContext = {
	name: string;
	cluster: string | null;
	server: string | null;
	user: string | null;
	namespace: string | null;
	current: boolean;
	/** The file it came from. */
	source: string;
};

export type LoadedKubeconfig = {
	paths: string[];
	current: string | null;
	contexts: KubeContext[];
	/** Default: the current context. KubeError('config') for an unknown context, or one without cluster, server or user. */
	clientFor(context?: string): Promise<KubeClient>;
	/** The merged config object, secrets included: only for redaction. */
	raw(): unknown;
	/** The merged config with secrets masked (and hosts, when asked). */
	redacted(options?: {hosts: boolean}): unknown;
	/** Every secret string in the merged config, for redactText() over logs and errors. */
	secrets(): string[];
	warnings: string[];
};

export type LoadKubeconfigOptions = {path?: string; env: NodeJS.ProcessEnv; homeDir?: string};

/** What a client needs from the kubeconfig for one context, validated. */
export type ResolvedContext = {
	name: string;
	namespace: string;
	clusterName: string;
	cluster: RawCluster & {server: string};
	userName: string;
	user: RawUser;
	/** For exec plugins and HTTPS_PROXY/NO_PROXY. */
	env: NodeJS.ProcessEnv;
};

const demoHint = 'use --demo to try the simulated clusters, or set KUBECONFIG / pass --kubeconfig PATH';

export async function loadKubeconfig(options: LoadKubeconfigOptions): Promise<LoadedKubeconfig> {
	const {paths, warnings} = await findKubeconfigPaths(options);
	const files: KubeconfigFile[] = [];
	for (const path of paths) files.push(await readKubeconfigFile(path));
	const {config, contextSources} = mergeKubeconfigs(files);
	const shown = paths.join(', ');
	if (config.contexts.length === 0) {
		if (files.every(file => file.empty)) {
			throw new KubeError('config', `kubeconfig ${shown} is empty`, `write one with your provider's tool (aws eks update-kubeconfig, gcloud container clusters get-credentials, kind export kubeconfig), or ${demoHint}`);
		}
		throw new KubeError('config', `${shown} is not a kubeconfig: it defines no contexts`, `point --kubeconfig at a kubeconfig (it has clusters, users and contexts), or ${demoHint}`);
	}
	const current = config['current-context'] ?? null;
	if (current !== null && !config.contexts.some(entry => entry.name === current)) {
		warnings.push(`current-context "${current}" is not defined in ${shown}; pass --context`);
	}
	const contexts: KubeContext[] = config.contexts.map(entry => {
		const cluster = config.clusters.find(candidate => candidate.name === entry.context.cluster);
		return {
			name: entry.name,
			cluster: stringOrNull(entry.context.cluster),
			server: stringOrNull(cluster?.cluster.server),
			user: stringOrNull(entry.context.user),
			namespace: stringOrNull(entry.context.namespace),
			current: entry.name === current,
			source: contextSources.get(entry.name) ?? paths[0]!,
		};
	});
	const clients = new Map<string, Promise<KubeClient>>();
	return {
		paths,
		current,
		contexts,
		warnings,
		raw: () => config,
		redacted: (redaction = {hosts: false}) => redactKubeconfig(config, redaction),
		secrets: () => kubeconfigSecrets(config),
		async clientFor(name) {
			const target = name ?? current;
			if (target === null) {
				throw new KubeError('config', `no current-context is set in ${shown}`, `pass --context NAME (${knownContexts(config)})`);
			}
			let client = clients.get(target);
			if (!client) {
				client = buildClient(resolveContext(config, target, shown, options.env));
				clients.set(target, client);
				// A failed build (say, a missing exec plugin) may succeed after the user fixes it.
				client.catch(() => clients.delete(target));
			}
			return client;
		},
	};
}

async function buildClient(resolved: ResolvedContext): Promise<KubeClient> {
	const {createKubeClient} = await import('./api-client.js');
	return createKubeClient(resolved);
}

export async function findKubeconfigPaths(options: LoadKubeconfigOptions): Promise<{paths: string[]; warnings: string[]}> {
	const warnings: string[] = [];
	if (options.path !== undefined && options.path !== '') {
		const kind = await entryKind(options.path);
		if (kind === 'directory') {
			throw new KubeError('config', `kubeconfig ${options.path} (from --kubeconfig) is a directory`, `pass the file inside it, e.g. --kubeconfig ${join(options.path, 'config')}`);
		}
		if (kind === 'missing') {
			throw new KubeError('config', `kubeconfig ${options.path} (from --kubeconfig) does not exist`, `check the path, or ${demoHint}`);
		}
		return {paths: [options.path], warnings};
	}
	const list = options.env.KUBECONFIG;
	if (list !== undefined && list.trim() !== '') {
		const listed = [...new Set(list.split(delimiter).filter(path => path !== ''))];
		const paths: string[] = [];
		for (const path of listed) {
			const kind = await entryKind(path);
			if (kind === 'file') paths.push(path);
			else warnings.push(`KUBECONFIG lists ${path}, which ${kind === 'directory' ? 'is a directory' : 'does not exist'}; skipped`);
		}
		if (paths.length === 0) {
			throw new KubeError('config', `none of the files in KUBECONFIG exist (${listed.join(', ')})`, `fix KUBECONFIG, or ${demoHint}`);
		}
		return {paths, warnings};
	}
	const home = options.homeDir ?? options.env.HOME ?? homedir();
	const path = join(home, '.kube', 'config');
	const kind = await entryKind(path);
	if (kind !== 'file') {
		throw new KubeError('config', `no kubeconfig: ${path} ${kind === 'directory' ? 'is a directory' : 'does not exist'} and KUBECONFIG is not set`, demoHint);
	}
	return {paths: [path], warnings};
}

export function resolveContext(config: RawKubeconfig, name: string, shown: string, env: NodeJS.ProcessEnv): ResolvedContext {
	const entry = config.contexts.find(candidate => candidate.name === name);
	if (!entry) {
		throw new KubeError('config', `context "${name}" is not in ${shown}`, `pass one of the known contexts: ${knownContexts(config)}`);
	}
	const clusterName = stringOrNull(entry.context.cluster);
	if (clusterName === null) {
		throw new KubeError('config', `context "${name}" names no cluster`, `set contexts[].context.cluster for "${name}" in ${shown}, or regenerate the kubeconfig with your provider's tool`);
	}
	const cluster = config.clusters.find(candidate => candidate.name === clusterName);
	if (!cluster) {
		throw new KubeError('config', `context "${name}" uses cluster "${clusterName}", which is not defined in ${shown}`, `add the cluster to the kubeconfig, or regenerate it with your provider's tool`);
	}
	const server = stringOrNull(cluster.cluster.server);
	if (server === null) {
		throw new KubeError('config', `cluster "${clusterName}" (context "${name}") has no server URL`, `set clusters[].cluster.server for "${clusterName}" in ${shown}`);
	}
	const userName = stringOrNull(entry.context.user);
	if (userName === null) {
		throw new KubeError('config', `context "${name}" names no user (no credentials)`, `set contexts[].context.user for "${name}" in ${shown}, or regenerate the kubeconfig with your provider's tool`);
	}
	const user = config.users.find(candidate => candidate.name === userName);
	if (!user) {
		throw new KubeError('config', `context "${name}" uses user "${userName}", which is not defined in ${shown}`, `add the user to the kubeconfig, or regenerate it with your provider's tool`);
	}
	return {
		name,
		namespace: stringOrNull(entry.context.namespace) ?? 'default',
		clusterName,
		cluster: {...cluster.cluster, server},
		userName,
		user: user.user,
		env,
	};
}

function knownContexts(config: RawKubeconfig): string {
	const names = config.contexts.map(entry => entry.name);
	const shown = names.slice(0, 8).join(', ');
	return names.length > 8 ? `${shown}, … (${names.length - 8} more; \`prg-doctor contexts\` lists them)` : shown;
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

async function entryKind(path: string): Promise<'file' | 'directory' | 'missing'> {
	try {
		return (await stat(path)).isDirectory() ? 'directory' : 'file';
	} catch {
		return 'missing';
	}
}
