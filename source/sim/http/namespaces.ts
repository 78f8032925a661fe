// Namespace creation and label/annotation patches (what the probe's "use a privileged
// namespace" offer and `kubectl label ns` need).
import type {SimCluster} from '../cluster.js';
import {validateLabels} from '../pod-validation.js';
import type {KObject, Resource} from '../store.js';
import {type Call, readJsonBody, sendJson} from './call.js';
import {decodeBody, decodeOrThrow} from './decode.js';
import {checkFields, createPod} from './pods.js';
import {admissionForbidden, alreadyExists, badRequest, invalid, notFound, unsupportedMediaType} from './status.js';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export async function createNamespace(cluster: SimCluster, call: Call, given?: Record<string, any>): Promise<void> {
	const raw = given ?? (await readJsonBody(call));
	if (!raw) throw badRequest('the body of the request was empty');
	const body = decodeOrThrow(raw, 'Namespace');
	const warnings = checkFields(call, body as KObject, 'Namespace');
	const name: unknown = body.metadata?.name;
	if (typeof name !== 'string' || name === '') throw invalid('Namespace', '', [{reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name'}]);
	if (!dns1123Label.test(name) || name.length > 63) {
		throw invalid('Namespace', name, [{reason: 'FieldValueInvalid', message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`, field: 'metadata.name'}]);
	}
	const labelProblems = validateLabels(body.metadata?.labels);
	if (labelProblems.length > 0) throw invalid('Namespace', name, labelProblems);
	if (cluster.store.get('namespaces', null, name)) throw alreadyExists('namespaces', name);
	const namespace: KObject = {
		kind: 'Namespace',
		apiVersion: 'v1',
		metadata: {name, labels: {...body.metadata?.labels, 'kubernetes.io/metadata.name': name}, ...(body.metadata?.annotations ? {annotations: body.metadata.annotations} : {})},
		spec: {finalizers: ['kubernetes']},
		status: {phase: 'Active'},
	};
	if (call.query.get('dryRun') === 'All') return sendJson(call, 201, namespace, warnings);
	sendJson(call, 201, cluster.store.create('namespaces', namespace).json, warnings);
}

const protectedNamespaces = new Set(['default', 'kube-system', 'kube-public']);

/** Deletes a namespace and its pods (the namespace controller's work, done at once). */
export async function deleteNamespace(cluster: SimCluster, call: Call, name: string): Promise<void> {
	const current = cluster.store.get('namespaces', null, name);
	if (!current) throw notFound('namespaces', name);
	if (protectedNamespaces.has(name)) throw admissionForbidden('namespaces', name, 'this namespace may not be deleted');
	if (call.query.get('dryRun') === 'All') return sendJson(call, 200, current.json);
	const terminating = cluster.store.update('namespaces', null, name, (copy) => {
		copy.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		copy.status = {phase: 'Terminating'};
	})!;
	sendJson(call, 200, terminating.json);
	for (const pod of cluster.store.list('pods', name)) cluster.store.remove('pods', name, pod.object.metadata.name);
	cluster.store.remove('namespaces', null, name);
}

/** RFC 7386 merge: null deletes a key, objects merge, anything else replaces. */
function mergePatch(target: Record<string, any>, patch: Record<string, any>): Record<string, any> {
	const out: Record<string, any> = {...target};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete out[key];
		else if (typeof value === 'object' && !Array.isArray(value) && typeof out[key] === 'object' && out[key] !== null && !Array.isArray(out[key])) out[key] = mergePatch(out[key], value);
		else out[key] = value;
	}
	return out;
}

/**
 * Merge and strategic-merge patches of labels and annotations (the parts of a pod or namespace
 * the sim lets change; for maps both patch types mean the same).
 */
/** True when every field `applied` sets has the same value in `live` (defaults in `live` are ignored). */
function subsetEqual(applied: unknown, live: unknown): boolean {
	if (Array.isArray(applied)) return Array.isArray(live) && applied.length === live.length && applied.every((item, index) => subsetEqual(item, live[index]));
	if (applied !== null && typeof applied === 'object') {
		if (live === null || typeof live !== 'object') return false;
		return Object.entries(applied).every(([key, value]) => subsetEqual(value, (live as Record<string, unknown>)[key]));
	}
	return applied === live;
}

export async function patchObject(cluster: SimCluster, call: Call, resource: Resource, namespace: string | null, name: string): Promise<void> {
	const type = String(call.req.headers['content-type'] ?? '').split(';')[0].trim();
	const serverSideApply = type === 'application/apply-patch+yaml';
	if (type !== 'application/merge-patch+json' && type !== 'application/strategic-merge-patch+json' && !serverSideApply) throw unsupportedMediaType(type);
	if (serverSideApply && !call.query.get('fieldManager')) throw invalid('PatchOptions.meta.k8s.io', '', [{reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager'}]);
	const patch = (await readJsonBody(call)) ?? {};
	const kind = resource === 'pods' ? 'Pod' : 'Namespace';
	// The server decodes the patched object; of what a patch may change, only metadata needs typing
	// here (checked, not normalised: a null in a merge patch deletes). A create by apply decodes it all.
	const typing = decodeBody({metadata: patch.metadata ?? {}}, kind);
	if (typing.error) throw typing.error;
	const current = cluster.store.get(resource, namespace, name);
	if (!current) {
		// Server-side apply of an object that does not exist creates it.
		if (!serverSideApply) throw notFound(resource, name);
		if (patch.metadata?.name !== undefined && patch.metadata.name !== name) throw badRequest('the name of the object (' + String(patch.metadata.name) + ') does not match the name on the URL (' + name + ')');
		patch.metadata = {...patch.metadata, name};
		return resource === 'pods' ? createPod(cluster, call, namespace ?? 'default', patch) : createNamespace(cluster, call, patch);
	}
	const metadataPatch: Record<string, any> = patch.metadata ?? {};
	if (resource === 'pods' && patch.spec !== undefined && !(serverSideApply && subsetEqual(patch.spec, current.object.spec))) {
		throw invalid(kind, name, [{reason: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'}]);
	}
	const problems = validateLabels(mergePatch(current.object.metadata.labels ?? {}, metadataPatch.labels ?? {}));
	if (problems.length > 0) throw invalid(kind, name, problems);
	const updated = cluster.store.update(resource, namespace, name, (copy) => {
		if (metadataPatch.labels !== undefined) copy.metadata.labels = mergePatch(copy.metadata.labels ?? {}, metadataPatch.labels ?? {});
		if (metadataPatch.annotations !== undefined) copy.metadata.annotations = mergePatch(copy.metadata.annotations ?? {}, metadataPatch.annotations ?? {});
	});
	sendJson(call, 200, updated!.json);
}
