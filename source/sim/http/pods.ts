// Pod writes and logs: create (strict decoding, generateName, defaults, validation, PSA/SCC
// admission, AlreadyExists), graceful delete and deletecollection, and `log` with follow.
import {podSecurityRefusal, podSecurityWarning, sccRefusal} from '../admission.js';
import type {SimCluster} from '../cluster.js';
import {applyPodDefaults, randomSuffix} from '../pod-defaults.js';
import {validatePod} from '../pod-validation.js';
import type {KObject, Stored} from '../store.js';
import {type Call, readJsonBody, sendJson, sendText} from './call.js';
import {decodeOrThrow} from './decode.js';
import {unknownFields} from './schema.js';
import {admissionForbidden, alreadyExists, badRequest, invalid, notFound} from './status.js';

/** fieldValidation: Strict fails on unknown fields, Warn (the default) answers with Warning headers. */
export function checkFields(call: Call, body: KObject, kind: string): Record<string, string> {
	const unknown = unknownFields(body, kind as never);
	if (unknown.length === 0) return {};
	const mode = call.query.get('fieldValidation') ?? 'Warn';
	if (mode === 'Strict') {
		throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${unknown.map((field) => `unknown field "${field}"`).join(', ')}`);
	}
	if (mode === 'Ignore') return {};
	return {Warning: unknown.map((field) => `299 - "unknown field \\"${field}\\""`).join(', ')};
}

export async function createPod(cluster: SimCluster, call: Call, namespace: string, given?: Record<string, any>): Promise<void> {
	const raw = given ?? (await readJsonBody(call));
	if (!raw) throw badRequest('the body of the request was empty');
	// Every later step reads the pod: it must hold the types the schema says, as after Go's decoding.
	const body = decodeOrThrow(raw, 'Pod');
	if (body.kind !== undefined && body.kind !== 'Pod') throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (Pod)`);
	const warnings = checkFields(call, body as KObject, 'Pod');
	const pod = body as KObject;
	pod.apiVersion = 'v1';
	pod.kind = 'Pod';
	pod.metadata ??= {} as KObject['metadata'];
	if (pod.metadata.namespace && pod.metadata.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	pod.metadata.namespace = namespace;
	for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'selfLink']) delete pod.metadata[key];
	if (!pod.metadata.name && pod.metadata.generateName) {
		// Like the API server since 1.31 (RetryGenerateName): a taken name is drawn again, up to 8 times.
		for (let attempt = 0; attempt < 8; attempt++) {
			pod.metadata.name = `${pod.metadata.generateName}${randomSuffix()}`;
			if (!cluster.store.get('pods', namespace, pod.metadata.name)) break;
		}
	}
	if (!cluster.store.get('namespaces', null, namespace)) throw notFound('namespaces', namespace);
	applyPodDefaults(pod);
	const causes = validatePod(pod);
	if (causes.length > 0) throw invalid('Pod', pod.metadata.name ?? '', causes);
	const namespaceObject = cluster.store.get('namespaces', null, namespace)?.object;
	const refusal = podSecurityRefusal(pod, namespaceObject) ?? (cluster.options.profile.openshift ? sccRefusal(pod, namespaceObject) : null);
	if (refusal) throw admissionForbidden('pods', pod.metadata.name, refusal);
	const warning = podSecurityWarning(pod, namespaceObject);
	if (warning) warnings.Warning = [warnings.Warning, `299 - ${JSON.stringify(warning)}`].filter(Boolean).join(', ');
	if (cluster.store.get('pods', namespace, pod.metadata.name)) throw alreadyExists('pods', pod.metadata.name);
	if (call.query.get('dryRun') === 'All') return sendJson(call, 201, pod, warnings);
	const stored = cluster.store.create('pods', pod);
	sendJson(call, 201, stored.json, warnings);
}

async function deleteOptions(call: Call): Promise<{gracePeriodSeconds: number | null; dryRun: boolean}> {
	const body = call.method === 'DELETE' ? await readJsonBody(call).catch(() => null) : null;
	const fromQuery = call.query.get('gracePeriodSeconds');
	const grace = fromQuery !== null ? Number(fromQuery) : typeof body?.gracePeriodSeconds === 'number' ? body.gracePeriodSeconds : null;
	const dryRun = call.query.get('dryRun') === 'All' || (Array.isArray(body?.dryRun) && body.dryRun.includes('All'));
	return {gracePeriodSeconds: grace !== null && Number.isFinite(grace) ? grace : null, dryRun};
}

/**
 * Deletes one pod: at once when no kubelet runs it, else gracefully (the kubelet confirms). A pod on
 * a node whose kubelet is away stays Terminating until it is back, unless its grace period is 0
 * (the API server then removes it at once, as for `--grace-period=0 --force`).
 */
function deleteOne(cluster: SimCluster, stored: Stored, gracePeriodSeconds: number | null): Stored {
	const pod = stored.object;
	const {namespace, name} = pod.metadata;
	if (pod.metadata.deletionTimestamp) return stored;
	const grace = gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
	const unreachable = cluster.kubelet.isUnreachable(pod);
	if (gracePeriodSeconds === 0 || (unreachable && grace === 0) || (!unreachable && !cluster.kubelet.isRunning(pod.metadata.uid))) {
		return cluster.store.remove('pods', namespace, name) ?? stored;
	}
	return cluster.store.update('pods', namespace, name, (copy) => {
		copy.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		copy.metadata.deletionGracePeriodSeconds = grace;
	}) ?? stored;
}

export async function deletePod(cluster: SimCluster, call: Call, namespace: string, name: string): Promise<void> {
	const options = await deleteOptions(call);
	const stored = cluster.store.get('pods', namespace, name);
	if (!stored) throw notFound('pods', name);
	if (options.dryRun) return sendJson(call, 200, stored.json);
	sendJson(call, 200, deleteOne(cluster, stored, options.gracePeriodSeconds).json);
}

export async function deletePods(cluster: SimCluster, call: Call, namespace: string, matches: (object: KObject) => boolean): Promise<void> {
	const options = await deleteOptions(call);
	const chosen = cluster.store.list('pods', namespace).filter((stored) => matches(stored.object));
	const results = options.dryRun ? chosen : chosen.map((stored) => deleteOne(cluster, stored, options.gracePeriodSeconds));
	sendJson(call, 200, `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"${cluster.store.currentVersion()}"},"items":[${results.map((stored) => stored.json).join(',')}]}`);
}

function tail(text: string, lines: number | null): string {
	if (lines === null) return text;
	if (lines <= 0) return '';
	const all = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
	return `${all.slice(-lines).join('\n')}\n`;
}

/** `timestamps=true`: each line prefixed with the time the runtime logged it (RFC 3339, nanoseconds). */
function stamped(text: string, pod: KObject, container: string): string {
	const state = (pod.status?.containerStatuses ?? []).find((entry: {name: string}) => entry.name === container)?.state ?? {};
	const at = (state.terminated?.finishedAt ?? state.running?.startedAt ?? new Date().toISOString()).replace(/(\.\d+)?Z$/, '.000000000Z');
	return text.split('\n').map((line, index, lines) => (index === lines.length - 1 && line === '' ? '' : `${at} ${line}`)).join('\n');
}

/** A PodLogOptions integer from the query: null when absent; 400 when not a number, 422 when below `min` (ValidatePodLogOptions). */
function logOption(call: Call, pod: string, key: string, min: number): number | null {
	const given = call.query.get(key);
	if (given === null) return null;
	if (!/^[-+]?\d+$/.test(given)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(given)}: invalid syntax`);
	const value = Number(given);
	if (value < min) throw invalid('PodLogOptions', pod, [{reason: 'FieldValueInvalid', field: key, message: `Invalid value: ${value}: must be greater than ${min === 0 ? 'or equal to 0' : '0'}`}]);
	return value;
}

/** The longest prefix of `text` within `bytes` UTF-8 bytes (never splitting a character). */
function withinBytes(text: string, bytes: number): string {
	const buffer = Buffer.from(text, 'utf8');
	if (buffer.length <= bytes) return text;
	let end = bytes;
	// Back off continuation bytes (10xxxxxx) so the cut falls on a character boundary.
	while (end > 0 && (buffer[end]! & 0xc0) === 0x80) end--;
	return buffer.subarray(0, end).toString('utf8');
}

export function servePodLog(cluster: SimCluster, call: Call, namespace: string, name: string): void {
	const pod = cluster.store.get('pods', namespace, name)?.object;
	if (!pod) throw notFound('pods', name);
	const containers: string[] = (pod.spec?.containers ?? []).map((container: {name: string}) => container.name);
	let container = call.query.get('container');
	if (!container) {
		if (containers.length !== 1) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
		container = containers[0];
	}
	if (!containers.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
	// Probe containers never restart, so there is no previous instance to read.
	if (call.query.get('previous') === 'true') throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
	if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
	if (!cluster.logs.has(pod.metadata.uid, container)) {
		const status = (pod.status?.containerStatuses ?? []).find((entry: {name: string}) => entry.name === container);
		const waiting = status?.state?.waiting?.reason ?? 'ContainerCreating';
		const detail = waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull' ? 'trying and failing to pull image' : waiting;
		throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${detail}`);
	}
	const tailLines = logOption(call, name, 'tailLines', 0);
	// The kubelet stops sending once limitBytes went out, following or not.
	let budget = logOption(call, name, 'limitBytes', 1) ?? Infinity;
	const take = (chunk: string): string => {
		const kept = budget === Infinity ? chunk : withinBytes(chunk, budget);
		budget -= Buffer.byteLength(kept);
		return kept;
	};
	const read = cluster.logs.read(pod.metadata.uid, container);
	const done = read.done;
	const text = call.query.get('timestamps') === 'true' ? stamped(read.text, pod, container) : read.text;
	const follow = call.query.get('follow') === 'true' || call.query.get('follow') === '1';
	if (!follow || done) return sendText(call, 200, take(tail(text, tailLines)));
	const {res} = call;
	res.writeHead(200, {'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked'});
	res.write(take(tail(text, tailLines)));
	if (budget <= 0) return void res.end();
	let unsubscribe = (): void => {};
	unsubscribe = cluster.logs.follow(pod.metadata.uid, container, (chunk, finished) => {
		if (res.writableEnded) return;
		if (chunk) res.write(take(chunk));
		if (finished || budget <= 0) {
			res.end();
			unsubscribe();
		}
	});
	res.on('close', () => unsubscribe());
}
