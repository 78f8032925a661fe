// REST handling of the resources the sim serves: path parsing, authorization, get/list (JSON or
// Table, with limit/continue), watch, create/delete/deletecollection/patch, and the pod log and
// SelfSubjectAccessReview endpoints.
import {allowReason, isAllowed} from '../admission.js';
import type {SimCluster} from '../cluster.js';
import type {KObject, Resource} from '../store.js';
import {type Call, readJsonBody, sendJson} from './call.js';
import {decodeOrThrow} from './decode.js';
import {createNamespace, deleteNamespace, patchObject} from './namespaces.js';
import {createPod, deletePod, deletePods, servePodLog} from './pods.js';
import {combine, parseFieldSelector, parseLabelSelector} from './selectors.js';
import {badRequest, forbidden, gone, methodNotAllowed, notFound, pathNotFound} from './status.js';
import {parseIncludeObject, tableFor, wantsTable} from './tables.js';
import {serveWatch} from './watch.js';

export type ResourcePath = {group: string; version: string; namespace: string | null; resource: string; name: string | null; subresource: string | null; watchPath: boolean};

const coreResources = new Set<Resource>(['pods', 'nodes', 'namespaces', 'events']);
const namespaced = new Set(['pods', 'events']);
const listKinds: Record<Resource, string> = {pods: 'PodList', nodes: 'NodeList', namespaces: 'NamespaceList', events: 'EventList'};

export function parseResourcePath(path: string): ResourcePath | null {
	let match = /^\/api\/v1\/(.+)$/.exec(path);
	let group = '';
	let version = 'v1';
	if (!match) {
		match = /^\/apis\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
		if (!match) return null;
		group = match[1];
		version = match[2];
		match = [match[0], match[3]] as unknown as RegExpExecArray;
	}
	let parts = match[1].split('/').map(decodeURIComponent);
	let watchPath = false;
	if (parts[0] === 'watch') {
		watchPath = true;
		parts = parts.slice(1);
	}
	if (parts[0] === 'namespaces' && parts.length >= 3) {
		return {group, version, namespace: parts[1], resource: parts[2], name: parts[3] ?? null, subresource: parts[4] ?? null, watchPath};
	}
	if (parts.length > 3) return null;
	return {group, version, namespace: null, resource: parts[0], name: parts[1] ?? null, subresource: parts[2] ?? null, watchPath};
}

function authorize(call: Call, verb: string, target: ResourcePath): void {
	const resource = target.subresource ? `${target.resource}/${target.subresource}` : target.resource;
	if (!isAllowed(call.user, verb, resource)) {
		throw forbidden({user: call.user.subject, verb, resource: target.resource, subresource: target.subresource ?? undefined, group: target.group, namespace: target.namespace, name: target.name ?? undefined});
	}
}

type Continue = {rv: number; start: number};

function encodeContinue(token: Continue): string {
	return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): Continue {
	try {
		const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Continue;
		if (typeof token.rv === 'number' && typeof token.start === 'number') return token;
	} catch {
		// falls through to the error below
	}
	throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function selection(call: Call, resource: Resource): (object: KObject) => boolean {
	return combine(parseLabelSelector(call.query.get('labelSelector')), parseFieldSelector(call.query.get('fieldSelector'), resource));
}

function serveList(cluster: SimCluster, call: Call, resource: Resource, namespace: string | null): void {
	const matches = selection(call, resource);
	const limit = Number(call.query.get('limit') ?? '0');
	const continueText = call.query.get('continue');
	let start = 0;
	let rv = cluster.store.currentVersion();
	if (continueText) {
		const token = decodeContinue(continueText);
		if (token.rv < cluster.store.oldestVersion()) throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
		start = token.start;
		rv = token.rv;
	}
	const all = cluster.store.list(resource, namespace);
	const chosen: typeof all = [];
	let index = start;
	for (; index < all.length; index++) {
		if (!matches(all[index].object)) continue;
		if (limit > 0 && chosen.length === limit) break;
		chosen.push(all[index]);
	}
	const metadata: Record<string, string | number> = {resourceVersion: String(rv)};
	if (index < all.length && limit > 0) {
		metadata.continue = encodeContinue({rv, start: index});
		let remaining = 0;
		for (let rest = index; rest < all.length; rest++) if (matches(all[rest].object)) remaining++;
		metadata.remainingItemCount = remaining;
	}
	if (wantsTable(call.req.headers.accept)) {
		return sendJson(call, 200, tableFor(resource, chosen.map((stored) => stored.object), metadata as Record<string, string>, parseIncludeObject(call.query.get('includeObject'))));
	}
	// Lists are the hot path (5,000-node sims): objects keep their JSON, so this is one join.
	let body = `{"kind":"${listKinds[resource]}","apiVersion":"v1","metadata":${JSON.stringify(metadata)},"items":[`;
	body += chosen.map((stored) => stored.json).join(',');
	body += ']}';
	sendJson(call, 200, body);
}

function serveGet(cluster: SimCluster, call: Call, resource: Resource, namespace: string | null, name: string): void {
	const stored = cluster.store.get(resource, namespace, name);
	if (!stored) throw notFound(resource, name);
	if (wantsTable(call.req.headers.accept)) {
		return sendJson(call, 200, tableFor(resource, [stored.object], {resourceVersion: stored.object.metadata.resourceVersion ?? ''}, parseIncludeObject(call.query.get('includeObject'))));
	}
	sendJson(call, 200, stored.json);
}

async function selfSubjectAccessReview(call: Call): Promise<void> {
	const body = decodeOrThrow((await readJsonBody(call)) ?? {}, 'SelfSubjectAccessReview');
	const attributes = body.spec?.resourceAttributes;
	const nonResource = body.spec?.nonResourceAttributes;
	if (!attributes && !nonResource) throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
	const resource = attributes ? (attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : String(attributes.resource ?? '')) : '';
	const allowed = nonResource ? true : isAllowed(call.user, String(attributes.verb ?? ''), resource);
	const status: Record<string, unknown> = {allowed};
	if (allowed) status.reason = allowReason(call.user);
	sendJson(call, 201, {kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {creationTimestamp: null}, spec: body.spec, status});
}

export async function handleResource(cluster: SimCluster, call: Call): Promise<void> {
	const target = parseResourcePath(call.path);
	if (!target) throw pathNotFound();
	if (target.group === 'authorization.k8s.io' && target.version === 'v1' && target.resource === 'selfsubjectaccessreviews' && !target.name) {
		if (call.method !== 'POST') throw methodNotAllowed();
		return selfSubjectAccessReview(call);
	}
	if (target.group !== '' || !coreResources.has(target.resource as Resource)) throw pathNotFound();
	const resource = target.resource as Resource;
	// Cluster-scoped resources have no namespaced path; namespaced ones may be listed across namespaces.
	if (target.namespace !== null && !namespaced.has(resource)) throw pathNotFound();
	if (target.namespace === null && namespaced.has(resource) && target.name !== null) throw pathNotFound();
	const {method} = call;
	const watching = target.watchPath || call.query.get('watch') === 'true' || call.query.get('watch') === '1';

	if (target.subresource !== null) {
		if (resource === 'pods' && target.subresource === 'log' && method === 'GET') {
			authorize(call, 'get', target);
			return servePodLog(cluster, call, target.namespace!, target.name!);
		}
		if (target.subresource === 'status' && method === 'GET') {
			authorize(call, 'get', target);
			return serveGet(cluster, call, resource, target.namespace, target.name!);
		}
		throw pathNotFound();
	}
	if (method === 'GET') {
		if (watching) {
			authorize(call, 'watch', target);
			const matches = target.name ? combine((object) => object.metadata.name === target.name, selection(call, resource)) : selection(call, resource);
			return serveWatch(cluster, call, resource, target.namespace, matches);
		}
		authorize(call, target.name ? 'get' : 'list', target);
		if (target.name) return serveGet(cluster, call, resource, target.namespace, target.name);
		return serveList(cluster, call, resource, target.namespace);
	}
	if (method === 'POST' && !target.name) {
		authorize(call, 'create', target);
		if (resource === 'pods') return createPod(cluster, call, target.namespace!);
		if (resource === 'namespaces') return createNamespace(cluster, call);
		throw methodNotAllowed();
	}
	if (method === 'DELETE' && resource === 'pods') {
		authorize(call, target.name ? 'delete' : 'deletecollection', target);
		if (target.name) return deletePod(cluster, call, target.namespace!, target.name);
		if (target.namespace === null) throw methodNotAllowed();
		return deletePods(cluster, call, target.namespace, selection(call, resource));
	}
	if (method === 'DELETE' && resource === 'namespaces' && target.name) {
		authorize(call, 'delete', target);
		return deleteNamespace(cluster, call, target.name);
	}
	if (method === 'PATCH' && target.name && (resource === 'namespaces' || resource === 'pods')) {
		authorize(call, 'patch', target);
		return patchObject(cluster, call, resource, target.namespace, target.name);
	}
	throw methodNotAllowed();
}
