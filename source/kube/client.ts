// The one seam between prg-doctor and a Kubernetes API server: only the calls we make. Built once
// per context from the kubeconfig (see kubeconfig.ts) and passed to workflows; screens and workflows
// never construct clients. Every method rejects with a KubeError (errors.ts), never a raw exception.

import type {KEvent, KNamespace, KNode, KPod, WatchEvent} from '../domain/k8s.js';

export type ServerVersion = {
	readonly gitVersion: string;
	readonly major: string;
	readonly minor: string;
	readonly platform?: string;
};

export type ListResult<T> = {readonly items: T[]; readonly resourceVersion: string};

export type AccessCheck = {
	readonly verb: string;
	readonly resource: string;
	readonly subresource?: string;
	readonly namespace?: string;
	readonly group?: string;
};

export type AccessAnswer = {readonly allowed: boolean; readonly reason: string | null};

export type WatchOptions = {
	readonly labelSelector?: string;
	readonly fieldSelector?: string;
	/** Start after this resourceVersion (from a list). */
	readonly resourceVersion: string;
	readonly signal: AbortSignal;
	readonly onEvent: (event: WatchEvent<KPod>) => void;
};

export type RequestOptions = {readonly signal?: AbortSignal; readonly timeoutMs?: number};

export interface KubeClient {
	readonly context: string;
	readonly server: string;
	/** The context's namespace, else `default`. */
	readonly namespace: string;

	version(options?: RequestOptions): Promise<ServerVersion>;
	/** Nodes with the fields prg-doctor reads only (see slimNode in domain/k8s.ts). */
	listNodes(options?: RequestOptions & {labelSelector?: string}): Promise<ListResult<KNode>>;
	getNode(name: string, options?: RequestOptions): Promise<KNode>;
	getNamespace(name: string, options?: RequestOptions): Promise<KNamespace>;
	accessReview(check: AccessCheck, options?: RequestOptions): Promise<AccessAnswer>;

	getPod(namespace: string, name: string, options?: RequestOptions): Promise<KPod>;
	/** `namespace` '' lists every namespace. */
	listPods(namespace: string, options?: RequestOptions & {labelSelector?: string; fieldSelector?: string}): Promise<ListResult<KPod>>;
	/**
	 * Create is never retried blindly: a connection dropped mid-create rejects with `unreachable`
	 * ("it may or may not have happened"), so the caller looks for the pod by label first.
	 */
	createPod(namespace: string, pod: KPod, options?: RequestOptions): Promise<KPod>;
	/** Deletes; resolves also when the pod is already gone (404). */
	deletePod(namespace: string, name: string, options?: RequestOptions): Promise<void>;
	/** Deletes every pod matching the selector in one call (deletecollection). */
	deletePods(namespace: string, labelSelector: string, options?: RequestOptions): Promise<void>;
	readPodLog(namespace: string, name: string, options?: RequestOptions & {container?: string}): Promise<string>;
	listEvents(namespace: string, options?: RequestOptions & {fieldSelector?: string}): Promise<ListResult<KEvent>>;

	/**
	 * Watches pods until `signal` aborts. Resolves when the server ends the stream, when the
	 * connection drops mid-stream, or when `signal` aborts (the caller resumes from the last
	 * resourceVersion it saw, BOOKMARK events included); rejects with KubeError `gone` on 410.
	 */
	watchPods(namespace: string, options: WatchOptions): Promise<void>;
}
