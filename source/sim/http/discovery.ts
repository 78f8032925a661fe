// Discovery documents (the legacy, unaggregated form every client falls back to). kubectl builds
// its REST mapper from these: resource names, kinds, short names, verbs, namespaced or not.

type ApiResource = {name: string; singularName: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[]; categories?: string[]; storageVersionHash?: string};

const coreResources: ApiResource[] = [
	{name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8='},
	{name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], storageVersionHash: 'Q3oi5N2YM8M='},
	{name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['no'], storageVersionHash: 'XwShjMxG9Fs='},
	{name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8='},
	{name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get']},
	{name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update']},
];

const authorizationResources: ApiResource[] = [
	{name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create']},
];

const authorizationGroup = {
	name: 'authorization.k8s.io',
	versions: [{groupVersion: 'authorization.k8s.io/v1', version: 'v1'}],
	preferredVersion: {groupVersion: 'authorization.k8s.io/v1', version: 'v1'},
};

/** Discovery bodies by path, serialised once per cluster (they name its address). */
export function discoveryDocuments(serverAddress: string): Map<string, string> {
	const documents = new Map<string, string>();
	documents.set('/api', JSON.stringify({kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]}));
	documents.set('/api/v1', JSON.stringify({kind: 'APIResourceList', groupVersion: 'v1', resources: coreResources}));
	documents.set('/apis', JSON.stringify({kind: 'APIGroupList', apiVersion: 'v1', groups: [authorizationGroup]}));
	documents.set('/apis/authorization.k8s.io', JSON.stringify({kind: 'APIGroup', apiVersion: 'v1', ...authorizationGroup}));
	documents.set('/apis/authorization.k8s.io/v1', JSON.stringify({kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'authorization.k8s.io/v1', resources: authorizationResources}));
	return documents;
}
