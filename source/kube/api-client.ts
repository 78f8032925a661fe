// KubeClient over our own transport: plain JSON paths of the core API, which beat the generated
// typed clients on 5,000-node lists. Lists are paged (limit=500) like kubectl's.
import {slimNode, type KEvent, type KNamespace, type KNode, type KPod, type KStatus, type WatchEvent} from '../domain/k8s.js';
import {KubeError} from '../errors.js';
import {ClusterAuth} from './auth.js';
import type {AccessAnswer, AccessCheck, KubeClient, ListResult, RequestOptions, ServerVersion, WatchOptions} from './client.js';
import {errorFromStatus} from './errors.js';
import type {ResolvedContext} from './kubeconfig.js';
import {Transport, type CallOptions} from './transport.js';

const defaultTimeoutMs = 30_000;
const listTimeoutMs = 120_000;
const pageSize = 500;
/** The server ends a watch after this long; we then resume. Jittered like client-go's reflector. */
const watchSeconds = 240;

export function createKubeClient(resolved: ResolvedContext): KubeClient & {close(): void} {
	return new ApiClient(resolved);
}

class ApiClient implements KubeClient {
	readonly context: string;
	readonly server: string;
	readonly namespace: string;
	readonly #auth: ClusterAuth;
	readonly #transport: Transport;
	readonly #user: string;

	constructor(resolved: ResolvedContext) {
		this.context = resolved.name;
		this.server = resolved.cluster.server;
		this.namespace = resolved.namespace;
		this.#user = resolved.userName;
		this.#auth = new ClusterAuth(resolved);
		this.#transport = new Transport(this.#auth, {server: this.server, context: this.context, user: this.#user});
	}

	close(): void {
		this.#auth.close();
	}

	async version(options?: RequestOptions): Promise<ServerVersion> {
		return this.#json<ServerVersion>({method: 'GET', path: '/version', idempotent: true, action: 'read the server version', timeoutMs: 10_000}, options);
	}

	async listNodes(options?: RequestOptions & {labelSelector?: string}): Promise<ListResult<KNode>> {
		return this.#list<KNode>('/api/v1/nodes', {labelSelector: options?.labelSelector}, 'list nodes', undefined, options, slimNode);
	}

	async getNode(name: string, options?: RequestOptions): Promise<KNode> {
		return this.#json<KNode>({method: 'GET', path: `/api/v1/nodes/${segment(name)}`, idempotent: true, action: `read node ${name}`}, options);
	}

	async getNamespace(name: string, options?: RequestOptions): Promise<KNamespace> {
		return this.#json<KNamespace>({method: 'GET', path: `/api/v1/namespaces/${segment(name)}`, idempotent: true, action: `read namespace ${name}`, namespace: name}, options);
	}

	async accessReview(check: AccessCheck, options?: RequestOptions): Promise<AccessAnswer> {
		const review = await this.#json<{status?: {allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string}}>({
			method: 'POST',
			path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
			body: {
				apiVersion: 'authorization.k8s.io/v1',
				kind: 'SelfSubjectAccessReview',
				spec: {resourceAttributes: {verb: check.verb, resource: check.resource, subresource: check.subresource, namespace: check.namespace, group: check.group ?? ''}},
			},
			// Asking creates nothing, so it is as safe to repeat as a read.
			idempotent: true,
			action: `check access to ${check.verb} ${check.resource}${check.subresource ? `/${check.subresource}` : ''}`,
			namespace: check.namespace,
		}, options);
		const status = review.status ?? {};
		return {allowed: status.allowed === true, reason: status.reason || status.evaluationError || null};
	}

	async createPod(namespace: string, pod: KPod, options?: RequestOptions): Promise<KPod> {
		return this.#json<KPod>({method: 'POST', path: `/api/v1/namespaces/${segment(namespace)}/pods`, body: pod, idempotent: false, action: `create pod in ${namespace}`, namespace}, options);
	}

	async getPod(namespace: string, name: string, options?: RequestOptions): Promise<KPod> {
		return this.#json<KPod>({method: 'GET', path: `/api/v1/namespaces/${segment(namespace)}/pods/${segment(name)}`, idempotent: true, action: `read pod ${namespace}/${name}`, namespace}, options);
	}

	async listPods(namespace: string, options?: RequestOptions & {labelSelector?: string; fieldSelector?: string}): Promise<ListResult<KPod>> {
		// '' is every namespace, as in kubectl's --all-namespaces (`cleanup --all-namespaces`).
		const path = namespace === '' ? '/api/v1/pods' : `/api/v1/namespaces/${segment(namespace)}/pods`;
		return this.#list<KPod>(path, {labelSelector: options?.labelSelector, fieldSelector: options?.fieldSelector}, namespace === '' ? 'list pods in all namespaces' : `list pods in ${namespace}`, namespace || undefined, options);
	}

	async deletePod(namespace: string, name: string, options?: RequestOptions): Promise<void> {
		try {
			await this.#call({method: 'DELETE', path: `/api/v1/namespaces/${segment(namespace)}/pods/${segment(name)}`, body: deleteOptions, idempotent: true, action: `delete pod ${namespace}/${name}`, namespace}, options);
		} catch (error) {
			if (error instanceof KubeError && error.kind === 'not-found') return;
			throw error;
		}
	}

	async deletePods(namespace: string, labelSelector: string, options?: RequestOptions): Promise<void> {
		await this.#call({method: 'DELETE', path: `/api/v1/namespaces/${segment(namespace)}/pods${query({labelSelector})}`, body: deleteOptions, idempotent: true, action: `delete pods ${labelSelector} in ${namespace}`, namespace}, options);
	}

	async readPodLog(namespace: string, name: string, options?: RequestOptions & {container?: string}): Promise<string> {
		return this.#call({method: 'GET', path: `/api/v1/namespaces/${segment(namespace)}/pods/${segment(name)}/log${query({container: options?.container})}`, accept: 'text/plain', idempotent: true, action: `read the log of pod ${namespace}/${name}`, namespace}, options);
	}

	async listEvents(namespace: string, options?: RequestOptions & {fieldSelector?: string}): Promise<ListResult<KEvent>> {
		return this.#list<KEvent>(`/api/v1/namespaces/${segment(namespace)}/events`, {fieldSelector: options?.fieldSelector}, `list events in ${namespace}`, namespace, options);
	}

	async watchPods(namespace: string, options: WatchOptions): Promise<void> {
		const seconds = Math.round(watchSeconds * (1 + Math.random() / 4));
		const params = {
			watch: '1',
			resourceVersion: options.resourceVersion,
			allowWatchBookmarks: 'true',
			timeoutSeconds: String(seconds),
			labelSelector: options.labelSelector,
			fieldSelector: options.fieldSelector,
		};
		const action = `watch pods in ${namespace}`;
		await this.#transport.stream(
			{method: 'GET', path: `/api/v1/namespaces/${segment(namespace)}/pods${query(params)}`, idempotent: true, action, namespace, signal: options.signal, timeoutMs: defaultTimeoutMs, idleTimeoutMs: (seconds + 30) * 1000},
			line => {
				let event: WatchEvent<KPod>;
				try {
					event = JSON.parse(line) as WatchEvent<KPod>;
				} catch {
					throw new KubeError('server', `${action}: ${this.server} sent a line that is not JSON`, 'retry; if it persists, a proxy is altering the stream', null);
				}
				if (event.type === 'ERROR') {
					throw errorFromStatus(event.object as unknown as KStatus, {server: this.server, context: this.context, user: this.#user, auth: this.#auth.kind, action, namespace});
				}
				options.onEvent(event);
			},
		);
	}

	/** `slim` trims each item as its page arrives, so the raw pages are garbage before the next one. */
	async #list<T>(path: string, selectors: Record<string, string | undefined>, action: string, namespace: string | undefined, options?: RequestOptions, slim: (item: T) => T = (item) => item): Promise<ListResult<T>> {
		const items: T[] = [];
		let token: string | undefined;
		const seen = new Set<string>();
		for (;;) {
			let page: {items?: T[] | null; metadata?: {resourceVersion?: string; continue?: string}};
			try {
				page = await this.#json(
					{method: 'GET', path: `${path}${query({...selectors, limit: String(pageSize), continue: token})}`, idempotent: true, action, namespace, timeoutMs: listTimeoutMs},
					options,
				);
			} catch (error) {
				// The continue token expired (the paging took longer than etcd keeps the snapshot): list in one go.
				if (!(token !== undefined && error instanceof KubeError && error.kind === 'gone')) throw error;
				page = await this.#json({method: 'GET', path: `${path}${query(selectors)}`, idempotent: true, action, namespace, timeoutMs: listTimeoutMs}, options);
				return {items: (page.items ?? []).map(slim), resourceVersion: page.metadata?.resourceVersion ?? ''};
			}
			for (const item of page.items ?? []) items.push(slim(item));
			const next = page.metadata?.continue;
			// A server that ignores `continue` would otherwise page forever.
			if (!next || seen.has(next)) return {items, resourceVersion: page.metadata?.resourceVersion ?? ''};
			seen.add(next);
			token = next;
		}
	}

	async #json<T>(call: Omit<CallOptions, 'timeoutMs' | 'signal'> & {timeoutMs?: number}, options?: RequestOptions): Promise<T> {
		const body = await this.#call(call, options);
		try {
			return JSON.parse(body) as T;
		} catch {
			throw new KubeError('server', `${call.action}: ${this.server} answered with something that is not JSON`, `is ${this.server} a Kubernetes API server? check the server URL in the kubeconfig`, null);
		}
	}

	#call(call: Omit<CallOptions, 'timeoutMs' | 'signal'> & {timeoutMs?: number}, options?: RequestOptions): Promise<string> {
		return this.#transport.call({...call, signal: options?.signal, timeoutMs: options?.timeoutMs ?? call.timeoutMs ?? defaultTimeoutMs});
	}
}

const deleteOptions = {apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background'};

function segment(value: string): string {
	return encodeURIComponent(value);
}

function query(params: Record<string, string | undefined>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, value);
	const text = search.toString();
	return text === '' ? '' : `?${text}`;
}
