// One simulated cluster: its store seeded from a profile, scheduler, kubelet, request stats and
// its own HTTPS API server on 127.0.0.1 (own port).
import type {Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import type {SimUser} from './admission.js';
import {sccRangeAnnotation} from './admission.js';
import {EventRecorder} from './events.js';
import type {ExecRequest, ExecResult} from './exec/index.js';
import type {Faults} from './faults.js';
import {discoveryDocuments} from './http/discovery.js';
import {buildOpenApi, type OpenApiDocuments} from './http/openapi.js';
import {createApiServer} from './http/server.js';
import {Kubelet, type KubeletMode} from './kubelet.js';
import {LogBook} from './logs.js';
import type {ClusterProfile, SimNode} from './profiles/index.js';
import {Scheduler} from './scheduler.js';
import {RequestStats} from './stats.js';
import {Store, type KObject, type StoreEvent} from './store.js';
import type {SimCertificates} from './tls.js';

export type ClusterOptions = {
	profile: ClusterProfile;
	certificates: SimCertificates;
	latencyMs: number;
	kubelet: KubeletMode;
	faults: Faults;
	runCommand: (request: ExecRequest) => Promise<ExecResult>;
	historyLimit?: number;
	/** How long a node stays NotReady under the node-not-ready fault (default 30 s). */
	nodeOutageMs?: number;
	/** The dice for the rate faults (default Math.random). */
	random?: () => number;
};

export const probeNameLabel = 'app.kubernetes.io/name';

export class SimCluster {
	readonly store: Store;
	readonly events: EventRecorder;
	readonly logs = new LogBook();
	readonly stats = new RequestStats();
	readonly kubelet: Kubelet;
	readonly scheduler: Scheduler;
	readonly users = new Map<string, SimUser>();
	readonly nodes = new Map<string, SimNode>();
	readonly faults: Faults;
	readonly openapi: OpenApiDocuments;
	readonly versionJson: string;
	discovery = new Map<string, string>();
	private server: Server | null = null;
	private port = 0;

	constructor(readonly options: ClusterOptions) {
		const {profile} = options;
		this.store = new Store(options.historyLimit);
		this.faults = options.faults;
		this.events = new EventRecorder(this.store);
		this.scheduler = new Scheduler(this.store, this.events, Math.max(5, options.latencyMs * 0.05));
		for (const user of profile.users) this.users.set(user.token, user);
		for (const node of profile.nodes) {
			this.nodes.set(node.object.metadata!.name!, node);
			this.store.seed('nodes', {apiVersion: 'v1', kind: 'Node', ...structuredClone(node.object)} as KObject);
		}
		for (const namespace of profile.namespaces) {
			const object = {apiVersion: 'v1', kind: 'Namespace', ...structuredClone(namespace)} as KObject;
			object.metadata.labels = {'kubernetes.io/metadata.name': object.metadata.name, ...object.metadata.labels};
			object.spec ??= {finalizers: ['kubernetes']};
			object.status ??= {phase: 'Active'};
			this.store.seed('namespaces', object);
		}
		for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
			if (!this.store.get('namespaces', null, name)) {
				this.store.seed('namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels: {'kubernetes.io/metadata.name': name}}, spec: {finalizers: ['kubernetes']}, status: {phase: 'Active'}});
			}
		}
		if (profile.openshift && !this.store.list('namespaces', null).some((ns) => ns.object.metadata.annotations?.[sccRangeAnnotation])) {
			// An OpenShift project whose service accounts only have restricted-v2, so SCC admission can be met.
			this.store.seed('namespaces', {
				apiVersion: 'v1',
				kind: 'Namespace',
				metadata: {
					name: 'prg-restricted',
					labels: {'kubernetes.io/metadata.name': 'prg-restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted'},
					annotations: {[sccRangeAnnotation]: '1000680000/10000', 'openshift.io/sa.scc.supplemental-groups': '1000680000/10000', 'openshift.io/sa.scc.mcs': 's0:c26,c5'},
				},
				spec: {finalizers: ['kubernetes']},
				status: {phase: 'Active'},
			});
		}
		this.versionJson = JSON.stringify(profile.version, null, 2);
		this.openapi = buildOpenApi(profile.version.gitVersion);
		this.kubelet = new Kubelet({
			store: this.store,
			events: this.events,
			logs: this.logs,
			nodes: this.nodes,
			latencyMs: options.latencyMs,
			mode: options.kubelet,
			imagePullFault: options.faults.imagePull,
			nodeNotReadyRate: options.faults.nodeNotReadyRate,
			evictRate: options.faults.evictRate,
			nodeOutageMs: options.nodeOutageMs,
			random: options.random,
			runCommand: options.runCommand,
		});
		this.store.watch({resource: 'pods', namespace: null, matches: () => true, send: (event) => this.onPodEvent(event)}, null);
	}

	get id(): string {
		return this.options.profile.id;
	}

	get serverUrl(): string {
		return `https://127.0.0.1:${this.port}`;
	}

	/** Live probe pods (by label; counted when asked, so label patches cannot skew it). */
	probePodCount(): number {
		let count = 0;
		for (const stored of this.store.list('pods', null)) if (stored.object.metadata.labels?.[probeNameLabel] === 'prg-probe') count++;
		return count;
	}

	/** Open client watches (the cluster's own pod watcher is not one). */
	clientWatchCount(): number {
		return this.store.watcherCount() - 1;
	}

	async start(): Promise<void> {
		this.server = createApiServer(this, this.options.certificates);
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(0, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		this.discovery = discoveryDocuments(`127.0.0.1:${this.port}`);
	}

	async stop(): Promise<void> {
		this.kubelet.stop();
		this.scheduler.stop();
		const server = this.server;
		if (!server) return;
		this.server = null;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	private onPodEvent(event: StoreEvent): void {
		const pod = event.object;
		if (event.type === 'DELETED') {
			if (pod.spec?.nodeName) this.scheduler.noteBound(pod.spec.nodeName, -1);
			this.kubelet.forget(pod.metadata.uid);
			return;
		}
		if (event.type === 'ADDED' && pod.spec?.nodeName) this.scheduler.noteBound(pod.spec.nodeName, 1);
		// Store events are delivered inside the write; the scheduler and kubelet act just after it.
		setImmediate(() => {
			const current = this.store.get('pods', pod.metadata.namespace, pod.metadata.name)?.object;
			if (!current || current.metadata.uid !== pod.metadata.uid) return;
			if (!current.spec?.nodeName && !current.metadata.deletionTimestamp) this.scheduler.enqueue(current);
			else this.kubelet.observe(current);
		});
	}
}
