// Reading kubeconfig files and merging them the way kubectl does, without client-node: listing
// contexts must stay fast and offline. Parsing is js-yaml; merge rules follow client-go's loader:
// for every named map entry (cluster, user, context) the first file that defines a name wins, and
// current-context comes from the first file that sets one.
import {readFile} from 'node:fs/promises';
import {dirname, isAbsolute, resolve} from 'node:path';
import yaml from 'js-yaml';
import {KubeError} from '../errors.js';

export type RawCluster = {
	server?: string;
	'certificate-authority'?: string;
	'certificate-authority-data'?: string;
	'insecure-skip-tls-verify'?: boolean;
	'tls-server-name'?: string;
	'proxy-url'?: string;
	[key: string]: unknown;
};

export type RawExec = {
	command?: string;
	args?: string[];
	env?: {name: string; value: string}[] | null;
	apiVersion?: string;
	installHint?: string;
	provideClusterInfo?: boolean;
	interactiveMode?: string;
	[key: string]: unknown;
};

export type RawUser = {
	token?: string;
	tokenFile?: string;
	'client-certificate'?: string;
	'client-certificate-data'?: string;
	'client-key'?: string;
	'client-key-data'?: string;
	username?: string;
	password?: string;
	exec?: RawExec;
	'auth-provider'?: {name?: string; config?: Record<string, string>};
	as?: string;
	[key: string]: unknown;
};

export type RawContext = {cluster?: string; user?: string; namespace?: string; [key: string]: unknown};

export type Named<K extends string, V> = {name: string} & {[P in K]: V};

export type RawKubeconfig = {
	apiVersion?: string;
	kind?: string;
	'current-context'?: string;
	clusters: Named<'cluster', RawCluster>[];
	users: Named<'user', RawUser>[];
	contexts: Named<'context', RawContext>[];
	[key: string]: unknown;
};

/** One file as read: its entries, with relative file paths already made absolute. */
export type KubeconfigFile = {
	path: string;
	config: RawKubeconfig;
	/** Empty or only whitespace/null: kubectl treats it as an empty config. */
	empty: boolean;
};

export type MergedKubeconfig = {
	config: RawKubeconfig;
	/** The file each context came from. */
	contextSources: Map<string, string>;
};

const fixHint = (path: string) => `fix ${path}, or point --kubeconfig at another file (or use --demo to try the simulated clusters)`;

export async function readKubeconfigFile(path: string): Promise<KubeconfigFile> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EISDIR') throw new KubeError('config', `kubeconfig ${path} is a directory`, 'pass the file inside it, e.g. --kubeconfig ~/.kube/config');
		if (code === 'EACCES') throw new KubeError('config', `kubeconfig ${path} is not readable (permission denied)`, `check its permissions: ls -l ${path}`);
		throw new KubeError('config', `kubeconfig ${path} cannot be read (${code ?? (error as Error).message})`, fixHint(path));
	}
	return parseKubeconfig(text, path);
}

export function parseKubeconfig(text: string, path: string): KubeconfigFile {
	if (text.trim() === '') return {path, config: emptyConfig(), empty: true};
	let document: unknown;
	try {
		document = yaml.load(text, {filename: path});
	} catch (error) {
		if (error instanceof yaml.YAMLException) {
			const line = error.mark ? ` at line ${error.mark.line + 1}` : '';
			throw new KubeError('config', `kubeconfig ${path} is not valid YAML${line}: ${error.reason}`, fixHint(path));
		}
		throw error;
	}
	if (document === null || document === undefined) return {path, config: emptyConfig(), empty: true};
	if (typeof document !== 'object' || Array.isArray(document)) {
		throw new KubeError('config', `${path} is not a kubeconfig (it holds a ${Array.isArray(document) ? 'list' : typeof document}, not clusters, users and contexts)`, fixHint(path));
	}
	const object = document as Record<string, unknown>;
	if (object.kind !== undefined && object.kind !== 'Config') {
		throw new KubeError('config', `${path} is not a kubeconfig (kind: ${String(object.kind)})`, fixHint(path));
	}
	const base = dirname(resolve(path));
	const config: RawKubeconfig = {
		...object,
		clusters: namedList<'cluster', RawCluster>(object.clusters, 'cluster').map(entry => ({...entry, cluster: absoluteCluster(entry.cluster, base)})),
		users: namedList<'user', RawUser>(object.users, 'user').map(entry => ({...entry, user: absoluteUser(entry.user, base)})),
		contexts: namedList<'context', RawContext>(object.contexts, 'context'),
	};
	const current = object['current-context'];
	config['current-context'] = typeof current === 'string' && current !== '' ? current : undefined;
	return {path, config, empty: false};
}

/** Merges files in order, as kubectl merges a KUBECONFIG path list. */
export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
	const merged = emptyConfig();
	const contextSources = new Map<string, string>();
	const seen = {clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>()};
	for (const file of files) {
		if (merged['current-context'] === undefined && file.config['current-context'] !== undefined) {
			merged['current-context'] = file.config['current-context'];
		}
		for (const section of ['clusters', 'users', 'contexts'] as const) {
			for (const entry of file.config[section]) {
				if (seen[section].has(entry.name)) continue;
				seen[section].add(entry.name);
				(merged[section] as unknown[]).push(entry);
				if (section === 'contexts') contextSources.set(entry.name, file.path);
			}
		}
	}
	return {config: merged, contextSources};
}

function emptyConfig(): RawKubeconfig {
	return {apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: []};
}

function namedList<K extends string, V>(value: unknown, key: K): Named<K, V>[] {
	if (!Array.isArray(value)) return [];
	const out: Named<K, V>[] = [];
	for (const item of value) {
		if (item === null || typeof item !== 'object') continue;
		const entry = item as Record<string, unknown>;
		if (typeof entry.name !== 'string' || entry.name === '') continue;
		const body = entry[key];
		out.push({...entry, name: entry.name, [key]: body !== null && typeof body === 'object' ? body : {}} as Named<K, V>);
	}
	return out;
}

// client-go resolves file references relative to the kubeconfig that names them; after a merge
// the origin is lost, so it happens here, per file.
function absolute(path: unknown, base: string): unknown {
	return typeof path === 'string' && path !== '' && !isAbsolute(path) ? resolve(base, path) : path;
}

function absoluteCluster(cluster: RawCluster, base: string): RawCluster {
	const out = {...cluster};
	if (out['certificate-authority'] !== undefined) out['certificate-authority'] = absolute(out['certificate-authority'], base) as string;
	return out;
}

function absoluteUser(user: RawUser, base: string): RawUser {
	const out = {...user};
	for (const key of ['client-certificate', 'client-key', 'tokenFile'] as const) {
		if (out[key] !== undefined) out[key] = absolute(out[key], base) as string;
	}
	// A relative exec command with a slash is relative to the file; a bare name is looked up on PATH.
	if (out.exec && typeof out.exec.command === 'string' && out.exec.command.includes('/')) {
		out.exec = {...out.exec, command: absolute(out.exec.command, base) as string};
	}
	return out;
}
