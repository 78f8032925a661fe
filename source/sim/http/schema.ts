// The object schemas the sim knows, written once and used twice: to publish the OpenAPI v3
// documents kubectl reads (/openapi/v3/...), and to decode request bodies strictly (unknown
// fields → `strict decoding error`) the way the server's fieldValidation=Strict does.
// Types: a primitive, `map` (string → string), `resourceList` (name → quantity), `object`
// (free-form), a definition name, or `[]T`. `integer` is Go's int64, `int32` its int32.
// The same schemas type-check bodies (decode.ts), so every field's type is Go's.

export type FieldType = 'string' | 'integer' | 'int32' | 'boolean' | 'number' | 'intOrString' | 'quantity' | 'map' | 'resourceList' | 'object' | `${Uppercase<string>}${string}` | `[]${string}`;

export type Definition = {
	fields: Record<string, FieldType>;
	required?: string[];
	/** Top-level kinds carry their group/version/kind, which kubectl looks operations up by. */
	gvk?: {group: string; version: string; kind: string};
	description?: string;
	/** Lists merged by key in strategic-merge patches (kubectl apply computes its patch from these). */
	mergeKeys?: Record<string, string>;
	/** The Go type of free-form (`object`, `[]object`) fields, so a value that is no JSON object fails to decode as it does in Go. */
	goTypes?: Record<string, string>;
};

const free = 'object' as const;

export const definitions: Record<string, Definition> = {
	ObjectMeta: {
		mergeKeys: {ownerReferences: 'uid'},
		goTypes: {ownerReferences: '[]v1.OwnerReference', managedFields: '[]v1.ManagedFieldsEntry'},
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
		goTypes: {status: 'v1.PodStatus'},
	},
	PodList: {
		gvk: {group: '', version: 'v1', kind: 'PodList'},
		fields: {apiVersion: 'string', kind: 'string', metadata: 'ListMeta', items: '[]Pod'},
		required: ['items'],
	},
	PodSpec: {
		required: ['containers'],
		mergeKeys: {containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', imagePullSecrets: 'name', hostAliases: 'ip', readinessGates: 'conditionType', schedulingGates: 'name', resourceClaims: 'name', topologySpreadConstraints: 'topologyKey'},
		goTypes: {
			volumes: '[]v1.Volume', ephemeralContainers: '[]v1.EphemeralContainer', affinity: 'v1.Affinity', hostAliases: '[]v1.HostAlias',
			dnsConfig: 'v1.PodDNSConfig', readinessGates: '[]v1.PodReadinessGate', topologySpreadConstraints: '[]v1.TopologySpreadConstraint',
			os: 'v1.PodOS', schedulingGates: '[]v1.PodSchedulingGate', resourceClaims: '[]v1.PodResourceClaim',
		},
		fields: {
			volumes: '[]object', initContainers: '[]Container', containers: '[]Container', ephemeralContainers: '[]object',
			restartPolicy: 'string', terminationGracePeriodSeconds: 'integer', activeDeadlineSeconds: 'integer',
			dnsPolicy: 'string', nodeSelector: 'map', serviceAccountName: 'string', serviceAccount: 'string',
			automountServiceAccountToken: 'boolean', nodeName: 'string', hostNetwork: 'boolean', hostPID: 'boolean',
			hostIPC: 'boolean', shareProcessNamespace: 'boolean', securityContext: 'PodSecurityContext',
			imagePullSecrets: '[]LocalObjectReference', hostname: 'string', subdomain: 'string', affinity: free,
			schedulerName: 'string', tolerations: '[]Toleration', hostAliases: '[]object', priorityClassName: 'string',
			priority: 'int32', dnsConfig: free, readinessGates: '[]object', runtimeClassName: 'string',
			enableServiceLinks: 'boolean', preemptionPolicy: 'string', overhead: 'resourceList', topologySpreadConstraints: '[]object',
			setHostnameAsFQDN: 'boolean', os: free, hostUsers: 'boolean', schedulingGates: '[]object',
			resourceClaims: '[]object', resources: 'ResourceRequirements',
		},
	},
	Container: {
		required: ['name'],
		mergeKeys: {env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath', resizePolicy: 'resourceName'},
		goTypes: {
			envFrom: '[]v1.EnvFromSource', resizePolicy: '[]v1.ContainerResizePolicy', volumeDevices: '[]v1.VolumeDevice',
			livenessProbe: 'v1.Probe', readinessProbe: 'v1.Probe', startupProbe: 'v1.Probe', lifecycle: 'v1.Lifecycle',
		},
		fields: {
			name: 'string', image: 'string', command: '[]string', args: '[]string', workingDir: 'string', ports: '[]ContainerPort',
			envFrom: '[]object', env: '[]EnvVar', resources: 'ResourceRequirements', resizePolicy: '[]object',
			restartPolicy: 'string', volumeMounts: '[]VolumeMount', volumeDevices: '[]object', livenessProbe: free,
			readinessProbe: free, startupProbe: free, lifecycle: free, terminationMessagePath: 'string',
			terminationMessagePolicy: 'string', imagePullPolicy: 'string', securityContext: 'SecurityContext',
			stdin: 'boolean', stdinOnce: 'boolean', tty: 'boolean',
		},
	},
	ContainerPort: {
		required: ['containerPort'],
		fields: {name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string'},
	},
	EnvVar: {required: ['name'], goTypes: {valueFrom: 'v1.EnvVarSource'}, fields: {name: 'string', value: 'string', valueFrom: free}},
	VolumeMount: {
		required: ['name', 'mountPath'],
		fields: {name: 'string', readOnly: 'boolean', recursiveReadOnly: 'string', mountPath: 'string', subPath: 'string', mountPropagation: 'string', subPathExpr: 'string'},
	},
	ResourceRequirements: {goTypes: {claims: '[]v1.ResourceClaim'}, fields: {limits: 'resourceList', requests: 'resourceList', claims: '[]object'}},
	Capabilities: {fields: {add: '[]string', drop: '[]string'}},
	SecurityContext: {
		goTypes: {seLinuxOptions: 'v1.SELinuxOptions', windowsOptions: 'v1.WindowsSecurityContextOptions', appArmorProfile: 'v1.AppArmorProfile'},
		fields: {
			capabilities: 'Capabilities', privileged: 'boolean', seLinuxOptions: free, windowsOptions: free, runAsUser: 'integer',
			runAsGroup: 'integer', runAsNonRoot: 'boolean', readOnlyRootFilesystem: 'boolean',
			allowPrivilegeEscalation: 'boolean', procMount: 'string', seccompProfile: 'SeccompProfile', appArmorProfile: free,
		},
	},
	PodSecurityContext: {
		goTypes: {seLinuxOptions: 'v1.SELinuxOptions', windowsOptions: 'v1.WindowsSecurityContextOptions', sysctls: '[]v1.Sysctl', appArmorProfile: 'v1.AppArmorProfile'},
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
		goTypes: {spec: 'v1.NamespaceSpec', status: 'v1.NamespaceStatus'},
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
		goTypes: {spec: 'v1.SelfSubjectAccessReviewSpec', status: 'v1.SubjectAccessReviewStatus'},
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
