// The object schemas the sim knows, written once and used twice: to publish the OpenAPI v3
// documents kubectl reads (/openapi/v3/...), and to decode request bodies strictly (unknown
// fields → `strict decoding error`) the way the server's fieldValidation=Strict does.
// Types: a primitive, `map` (string → string), `object` (free-form), a definition name, or `[]T`.

export type FieldType = 'string' | 'integer' | 'boolean' | 'number' | 'intOrString' | 'quantity' | 'map' | 'object' | `${Uppercase<string>}${string}` | `[]${string}`;

export type Definition = {
	fields: Record<string, FieldType>;
	required?: string[];
	/** Top-level kinds carry their group/version/kind, which kubectl looks operations up by. */
	gvk?: {group: string; version: string; kind: string};
	description?: string;
	/** Lists merged by key in strategic-merge patches (kubectl apply computes its patch from these). */
	mergeKeys?: Record<string, string>;
};

const free = 'object' as const;

export const definitions: Record<string, Definition> = {
	ObjectMeta: {
		mergeKeys: {ownerReferences: 'uid'},
		fields: {
			name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string',
			resourceVersion: 'string', generation: 'integer', creationTimestamp: 'string', deletionTimestamp: 'string',
			deletionGracePeriodSeconds: 'integer', labels: 'map', annotations: 'map', ownerReferences: '[]object',
			finalizers: '[]string', managedFields: '[]object',
		},
	},
	ListMeta: {fields: {selfLink: 'string', resourceVersion: 'string', continue: 'string', remainingItemCount: 'integer'}},
	Pod: {
		gvk: {group: '', version: 'v1', kind: 'Pod'},
		description: 'Pod is a collection of containers that can run on a host.',
		fields: {apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: 'PodSpec', status: free},
	},
	PodList: {
		gvk: {group: '', version: 'v1', kind: 'PodList'},
		fields: {apiVersion: 'string', kind: 'string', metadata: 'ListMeta', items: '[]Pod'},
		required: ['items'],
	},
	PodSpec: {
		required: ['containers'],
		mergeKeys: {containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', imagePullSecrets: 'name', hostAliases: 'ip', readinessGates: 'conditionType', schedulingGates: 'name', resourceClaims: 'name', topologySpreadConstraints: 'topologyKey'},
		fields: {
			volumes: '[]object', initContainers: '[]Container', containers: '[]Container', ephemeralContainers: '[]object',
			restartPolicy: 'string', terminationGracePeriodSeconds: 'integer', activeDeadlineSeconds: 'integer',
			dnsPolicy: 'string', nodeSelector: 'map', serviceAccountName: 'string', serviceAccount: 'string',
			automountServiceAccountToken: 'boolean', nodeName: 'string', hostNetwork: 'boolean', hostPID: 'boolean',
			hostIPC: 'boolean', shareProcessNamespace: 'boolean', securityContext: 'PodSecurityContext',
			imagePullSecrets: '[]LocalObjectReference', hostname: 'string', subdomain: 'string', affinity: free,
			schedulerName: 'string', tolerations: '[]Toleration', hostAliases: '[]object', priorityClassName: 'string',
			priority: 'integer', dnsConfig: free, readinessGates: '[]object', runtimeClassName: 'string',
			enableServiceLinks: 'boolean', preemptionPolicy: 'string', overhead: free, topologySpreadConstraints: '[]object',
			setHostnameAsFQDN: 'boolean', os: free, hostUsers: 'boolean', schedulingGates: '[]object',
			resourceClaims: '[]object', resources: free,
		},
	},
	Container: {
		required: ['name'],
		mergeKeys: {env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath', resizePolicy: 'resourceName'},
		fields: {
			name: 'string', image: 'string', command: '[]string', args: '[]string', workingDir: 'string', ports: '[]object',
			envFrom: '[]object', env: '[]object', resources: 'ResourceRequirements', resizePolicy: '[]object',
			restartPolicy: 'string', volumeMounts: '[]object', volumeDevices: '[]object', livenessProbe: free,
			readinessProbe: free, startupProbe: free, lifecycle: free, terminationMessagePath: 'string',
			terminationMessagePolicy: 'string', imagePullPolicy: 'string', securityContext: 'SecurityContext',
			stdin: 'boolean', stdinOnce: 'boolean', tty: 'boolean',
		},
	},
	ResourceRequirements: {fields: {limits: free, requests: free, claims: '[]object'}},
	SecurityContext: {
		fields: {
			capabilities: free, privileged: 'boolean', seLinuxOptions: free, windowsOptions: free, runAsUser: 'integer',
			runAsGroup: 'integer', runAsNonRoot: 'boolean', readOnlyRootFilesystem: 'boolean',
			allowPrivilegeEscalation: 'boolean', procMount: 'string', seccompProfile: 'SeccompProfile', appArmorProfile: free,
		},
	},
	PodSecurityContext: {
		fields: {
			seLinuxOptions: free, windowsOptions: free, runAsUser: 'integer', runAsGroup: 'integer', runAsNonRoot: 'boolean',
			supplementalGroups: '[]integer', supplementalGroupsPolicy: 'string', fsGroup: 'integer', sysctls: '[]object',
			fsGroupChangePolicy: 'string', seccompProfile: 'SeccompProfile', appArmorProfile: free, seLinuxChangePolicy: 'string',
		},
	},
	SeccompProfile: {required: ['type'], fields: {type: 'string', localhostProfile: 'string'}},
	Toleration: {fields: {key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'integer'}},
	LocalObjectReference: {fields: {name: 'string'}},
	Namespace: {
		gvk: {group: '', version: 'v1', kind: 'Namespace'},
		fields: {apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: free, status: free},
	},
	Node: {
		gvk: {group: '', version: 'v1', kind: 'Node'},
		fields: {apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: free, status: free},
	},
	Event: {
		gvk: {group: '', version: 'v1', kind: 'Event'},
		required: ['metadata', 'involvedObject'],
		fields: {
			apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', involvedObject: free, reason: 'string',
			message: 'string', source: free, firstTimestamp: 'string', lastTimestamp: 'string', count: 'integer',
			type: 'string', eventTime: 'string', series: free, action: 'string', related: free,
			reportingComponent: 'string', reportingInstance: 'string',
		},
	},
	SelfSubjectAccessReview: {
		gvk: {group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview'},
		required: ['spec'],
		fields: {apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: free, status: free},
	},
	DeleteOptions: {
		fields: {
			apiVersion: 'string', kind: 'string', gracePeriodSeconds: 'integer', preconditions: free, orphanDependents: 'boolean',
			propagationPolicy: 'string', dryRun: '[]string', ignoreStoreReadErrorWithClusterBreakingPotential: 'boolean',
		},
	},
};

/** Paths of fields the schema does not know, as `spec.containers[0].foo` (strict decoding's wording). */
export function unknownFields(value: unknown, type: FieldType, path = ''): string[] {
	if (value === null || value === undefined) return [];
	if (type.startsWith('[]')) {
		if (!Array.isArray(value)) return [];
		return value.flatMap((item, index) => unknownFields(item, type.slice(2) as FieldType, `${path}[${index}]`));
	}
	const definition = definitions[type];
	if (!definition || typeof value !== 'object' || Array.isArray(value)) return [];
	const out: string[] = [];
	for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
		const childPath = path === '' ? key : `${path}.${key}`;
		const childType = definition.fields[key];
		if (childType === undefined) out.push(childPath);
		else out.push(...unknownFields(child, childType, childPath));
	}
	return out;
}
