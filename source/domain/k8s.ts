// The few Kubernetes object shapes the domain reads, as plain JSON (what the API server sends and
// what `kubectl get -o json` prints). Deliberately partial and all-optional: a dump a customer
// pastes may hold any subset, and the domain must cope.

export type ObjectMeta = {
	name?: string;
	generateName?: string;
	namespace?: string;
	uid?: string;
	resourceVersion?: string;
	creationTimestamp?: string;
	deletionTimestamp?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
};

export type Taint = {key: string; value?: string; effect: string; timeAdded?: string};

export type NodeCondition = {
	type: string;
	status: string;
	reason?: string;
	message?: string;
	lastHeartbeatTime?: string;
	lastTransitionTime?: string;
};

export type KNode = {
	apiVersion?: string;
	kind?: string;
	metadata?: ObjectMeta;
	spec?: {providerID?: string; unschedulable?: boolean; taints?: Taint[]; podCIDR?: string};
	status?: {
		conditions?: NodeCondition[];
		nodeInfo?: {
			architecture?: string;
			bootID?: string;
			containerRuntimeVersion?: string;
			kernelVersion?: string;
			kubeProxyVersion?: string;
			kubeletVersion?: string;
			machineID?: string;
			operatingSystem?: string;
			osImage?: string;
			systemUUID?: string;
		};
		addresses?: {type: string; address: string}[];
		allocatable?: Record<string, string>;
		capacity?: Record<string, string>;
		runtimeHandlers?: {name?: string; features?: {recursiveReadOnlyMounts?: boolean; userNamespaces?: boolean}}[];
	};
};

export type ContainerState = {
	waiting?: {reason?: string; message?: string};
	running?: {startedAt?: string};
	terminated?: {exitCode: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string};
};

export type ContainerStatus = {
	name: string;
	ready?: boolean;
	restartCount?: number;
	image?: string;
	imageID?: string;
	state?: ContainerState;
	lastState?: ContainerState;
};

export type PodCondition = {type: string; status: string; reason?: string; message?: string};

export type KPod = {
	apiVersion?: string;
	kind?: string;
	metadata?: ObjectMeta;
	spec?: {
		nodeName?: string;
		restartPolicy?: string;
		activeDeadlineSeconds?: number;
		automountServiceAccountToken?: boolean;
		securityContext?: Record<string, unknown>;
		tolerations?: {key?: string; operator?: string; value?: string; effect?: string}[];
		imagePullSecrets?: {name: string}[];
		containers?: {
			name: string;
			image?: string;
			command?: string[];
			args?: string[];
			securityContext?: Record<string, unknown>;
			resources?: Record<string, Record<string, string>>;
		}[];
		[key: string]: unknown;
	};
	status?: {
		phase?: string;
		reason?: string;
		message?: string;
		startTime?: string;
		conditions?: PodCondition[];
		containerStatuses?: ContainerStatus[];
	};
};

export type KNamespace = {
	apiVersion?: string;
	kind?: string;
	metadata?: ObjectMeta;
	status?: {phase?: string};
};

export type KEvent = {
	metadata?: ObjectMeta;
	involvedObject?: {kind?: string; name?: string; namespace?: string; uid?: string};
	reason?: string;
	message?: string;
	type?: string;
	count?: number;
	lastTimestamp?: string;
};

/** The API's error body (`kind: Status`). */
export type KStatus = {
	kind?: 'Status';
	apiVersion?: string;
	status?: string;
	message?: string;
	reason?: string;
	details?: {name?: string; group?: string; kind?: string; causes?: {reason?: string; message?: string; field?: string}[]; retryAfterSeconds?: number};
	code?: number;
};

export type WatchEvent<T> = {type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: T};

/**
 * A node with only what prg-doctor reads (name, labels, annotations, providerID, taints,
 * unschedulable, the Ready condition, nodeInfo, runtimeHandlers): 5,000 listed nodes then hold
 * their load's peak memory to what is used, not to every address, capacity and condition message.
 */
export function slimNode(node: KNode): KNode {
	const {name, labels, annotations, creationTimestamp} = node.metadata ?? {};
	const ready = node.status?.conditions?.filter((condition) => condition.type === 'Ready');
	return {
		metadata: {name, labels, annotations, creationTimestamp},
		spec: {providerID: node.spec?.providerID, unschedulable: node.spec?.unschedulable, taints: node.spec?.taints},
		status: {conditions: ready, nodeInfo: node.status?.nodeInfo, runtimeHandlers: node.status?.runtimeHandlers},
	};
}
