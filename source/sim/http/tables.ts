// Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), the columns and
// cells kube-apiserver's printers produce for nodes, pods, namespaces and events, so `kubectl get`
// prints what it prints against a real cluster.
import type {KObject, Resource} from '../store.js';

type Column = {name: string; type: string; format: string; description: string; priority: number};
type IncludeObject = 'None' | 'Metadata' | 'Object';

const column = (name: string, description: string, priority = 0, format = '', type = 'string'): Column => ({name, type, format, description, priority});
const nameColumn = column('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', 0, 'name');
const ageColumn = column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata');

/** apimachinery's duration.HumanDuration. */
export function humanDuration(ms: number): string {
	const seconds = Math.floor(ms / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
	if (minutes < 180) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
	if (hours < 48) return `${hours}h`;
	if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
	if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
	if (hours < 24 * 365 * 8) {
		const years = Math.floor(hours / 24 / 365);
		const days = Math.floor(hours / 24) % 365;
		return days === 0 ? `${years}y` : `${years}y${days}d`;
	}
	return `${Math.floor(hours / 24 / 365)}y`;
}

function age(timestamp: string | undefined, now: number): string {
	if (!timestamp) return '<unknown>';
	return humanDuration(now - Date.parse(timestamp));
}

function nodeRow(node: KObject, now: number): unknown[] {
	const ready = (node.status?.conditions ?? []).find((condition: {type: string}) => condition.type === 'Ready');
	let state = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
	if (node.spec?.unschedulable) state += ',SchedulingDisabled';
	const labels: Record<string, string> = node.metadata.labels ?? {};
	const roles = new Set<string>();
	for (const [key, value] of Object.entries(labels)) {
		if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
		else if (key === 'kubernetes.io/role' && value) roles.add(value);
	}
	const address = (type: string): string => (node.status?.addresses ?? []).find((entry: {type: string}) => entry.type === type)?.address ?? '<none>';
	const info = node.status?.nodeInfo ?? {};
	return [
		node.metadata.name, state, roles.size > 0 ? [...roles].sort().join(',') : '<none>', age(node.metadata.creationTimestamp, now), info.kubeletVersion ?? '',
		address('InternalIP'), address('ExternalIP'), info.osImage ?? '<unknown>', info.kernelVersion ?? '<unknown>', info.containerRuntimeVersion ?? '<unknown>',
	];
}

/** The STATUS column: kubectl's printPod logic (reason, waiting/terminated reasons, Terminating). */
export function podStatusText(pod: KObject): string {
	let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
	for (const status of pod.status?.containerStatuses ?? []) {
		if (status.state?.waiting?.reason) reason = status.state.waiting.reason;
		else if (status.state?.terminated?.reason) reason = status.state.terminated.reason;
		else if (status.state?.terminated) reason = status.state.terminated.signal ? `Signal:${status.state.terminated.signal}` : `ExitCode:${status.state.terminated.exitCode}`;
	}
	if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
	return reason;
}

function podRow(pod: KObject, now: number): unknown[] {
	const statuses: {ready?: boolean; restartCount?: number}[] = pod.status?.containerStatuses ?? [];
	const total = pod.spec?.containers?.length ?? 0;
	const ready = statuses.filter((status) => status.ready).length;
	const restarts = statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
	const gates: unknown[] = pod.spec?.readinessGates ?? [];
	return [
		pod.metadata.name, `${ready}/${total}`, podStatusText(pod), String(restarts), age(pod.metadata.creationTimestamp, now),
		pod.status?.podIP ?? '<none>', pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName ?? '<none>', gates.length > 0 ? `0/${gates.length}` : '<none>',
	];
}

function eventRow(event: KObject, now: number): unknown[] {
	const object = event.involvedObject ?? {};
	const last = event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
	return [age(last, now), event.type ?? '', event.reason ?? '', `${String(object.kind ?? '').toLowerCase()}/${object.name ?? ''}`, event.message ?? ''];
}

const printers: Record<Resource, {columns: Column[]; row: (object: KObject, now: number) => unknown[]}> = {
	nodes: {
		columns: [
			nameColumn, column('Status', 'The status of the node'), column('Roles', 'The roles of the node'), ageColumn,
			column('Version', 'Kubelet Version reported by the node.'), column('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
			column('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1), column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
			column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1), column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
		],
		row: nodeRow,
	},
	pods: {
		columns: [
			nameColumn, column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'), column('Status', 'The aggregate status of the containers in this pod.'),
			column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', 0, '', 'string'), ageColumn,
			column('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1), column('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
			column('Nominated Node', 'nominatedNodeName is set when this pod preempts other pods on the node.', 1), column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
		],
		row: podRow,
	},
	namespaces: {
		columns: [nameColumn, column('Status', 'The status of the namespace'), ageColumn],
		row: (namespace, now) => [namespace.metadata.name, namespace.status?.phase ?? 'Active', age(namespace.metadata.creationTimestamp, now)],
	},
	events: {
		columns: [column('Last Seen', 'Time when this Event was last observed.'), column('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'), column('Reason', 'The reason this event is generated.'), column('Object', 'The object that this event is about.'), column('Message', 'A human-readable description of the status of this operation.')],
		row: eventRow,
	},
};

function rowObject(object: KObject, include: IncludeObject): unknown {
	if (include === 'None') return undefined;
	if (include === 'Object') return object;
	return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata};
}

export function parseIncludeObject(value: string | null): IncludeObject {
	return value === 'None' || value === 'Object' ? value : 'Metadata';
}

export function tableFor(resource: Resource, objects: KObject[], listMeta: Record<string, string>, include: IncludeObject, now = Date.now()): string {
	const printer = printers[resource];
	const rows = objects.map((object) => {
		const row: Record<string, unknown> = {cells: printer.row(object, now)};
		const embedded = rowObject(object, include);
		if (embedded !== undefined) row.object = embedded;
		return row;
	});
	return JSON.stringify({kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: printer.columns, rows});
}

/** True when the client asked for a Table (and takes one) rather than plain objects. */
export function wantsTable(accept: string | undefined): boolean {
	if (!accept) return false;
	return accept.split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(beta1)?\b/.test(part));
}
