// The OpenAPI v3 documents kubectl reads before it sends anything. `kubectl apply` asks
// /openapi/v3 for the group-version list, fetches the one for the object's group, and looks for a
// PATCH operation tagged with the object's x-kubernetes-group-version-kind that takes a
// `fieldValidation` query parameter; finding it, kubectl leaves validation to the server (which
// the sim does, strictly). The shapes follow kube-openapi's spec3 types exactly: a wrong shape is
// silently ignored by kubectl and it falls back to /openapi/v2 protobuf, which the sim does not serve.
import {createHash} from 'node:crypto';
import {definitions, type FieldType} from './schema.js';

type Json = Record<string, unknown>;

const schemaNames: Record<string, string> = {
	ObjectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
	ListMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
	DeleteOptions: 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
	SelfSubjectAccessReview: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
};

function schemaName(definition: string): string {
	return schemaNames[definition] ?? `io.k8s.api.core.v1.${definition}`;
}

function ref(definition: string): Json {
	return {$ref: `#/components/schemas/${schemaName(definition)}`};
}

function typeSchema(type: FieldType): Json {
	switch (type) {
		case 'string':
			return {type: 'string', default: ''};
		case 'integer':
			return {type: 'integer', format: 'int64'};
		case 'int32':
			return {type: 'integer', format: 'int32'};
		case 'number':
			return {type: 'number', format: 'double'};
		case 'boolean':
			return {type: 'boolean'};
		case 'intOrString':
			return {'x-kubernetes-int-or-string': true};
		case 'quantity':
			return {$ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity'};
		case 'map':
			return {type: 'object', additionalProperties: {type: 'string', default: ''}};
		case 'resourceList':
			return {type: 'object', additionalProperties: {$ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity'}};
		case 'object':
			return {type: 'object', 'x-kubernetes-preserve-unknown-fields': true};
	}
	if (type.startsWith('[]')) return {type: 'array', items: typeSchema(type.slice(2) as FieldType)};
	return {default: {}, allOf: [ref(type)]};
}

function componentSchemas(names: string[]): Json {
	const out: Json = {'io.k8s.apimachinery.pkg.api.resource.Quantity': {type: 'string'}};
	const seen = new Set<string>();
	const visit = (name: string): void => {
		if (seen.has(name) || !definitions[name]) return;
		seen.add(name);
		const definition = definitions[name];
		const properties: Json = {};
		for (const [field, type] of Object.entries(definition.fields)) {
			properties[field] = typeSchema(type);
			const mergeKey = definition.mergeKeys?.[field];
			if (mergeKey) Object.assign(properties[field] as Json, {'x-kubernetes-patch-merge-key': mergeKey, 'x-kubernetes-patch-strategy': 'merge'});
			const inner = type.startsWith('[]') ? type.slice(2) : type;
			if (definitions[inner]) visit(inner);
		}
		const schema: Json = {type: 'object', properties};
		if (definition.description) schema.description = definition.description;
		if (definition.required) schema.required = definition.required;
		if (definition.gvk) schema['x-kubernetes-group-version-kind'] = [definition.gvk];
		out[schemaName(name)] = schema;
	};
	for (const name of names) visit(name);
	return out;
}

const queryParameter = (name: string, description: string, type = 'string'): Json => ({name, in: 'query', description, schema: {type, uniqueItems: true}});
const dryRun = queryParameter('dryRun', 'When present, indicates that modifications should not be persisted.');
const fieldManager = queryParameter('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const fieldValidation = queryParameter('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict');
const listParameters = [
	queryParameter('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
	queryParameter('continue', 'The continue option should be set when retrieving more results from the server.'),
	queryParameter('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
	queryParameter('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
	queryParameter('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
	queryParameter('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
	queryParameter('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
	queryParameter('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', 'boolean'),
];

function okResponse(definition: string): Json {
	return {'200': {description: 'OK', content: {'application/json': {schema: ref(definition)}, 'application/yaml': {schema: ref(definition)}}}};
}

type ResourceSpec = {plural: string; kind: string; namespaced: boolean; group: string; version: string; writable: boolean};

function resourcePaths(spec: ResourceSpec): Json {
	const gvk = {group: spec.group, kind: spec.kind, version: spec.version};
	const prefix = spec.group === '' ? `/api/${spec.version}` : `/apis/${spec.group}/${spec.version}`;
	const base = spec.namespaced ? `${prefix}/namespaces/{namespace}/${spec.plural}` : `${prefix}/${spec.plural}`;
	const pathParameters = spec.namespaced ? [{name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: {type: 'string', uniqueItems: true}}] : [];
	const id = (verb: string, suffix = ''): string => `${verb}Core${spec.version.toUpperCase()}${spec.namespaced ? 'Namespaced' : ''}${spec.kind}${suffix}`;
	const op = (action: string, verb: string, extra: Json): Json => ({
		tags: ['core_v1'],
		operationId: id(verb),
		'x-kubernetes-action': action,
		'x-kubernetes-group-version-kind': gvk,
		...extra,
	});
	const body = {content: {'*/*': {schema: ref(spec.kind)}}, required: true};
	const collection: Json = {
		get: op('list', 'list', {description: `list or watch objects of kind ${spec.kind}`, parameters: listParameters, responses: okResponse(`${spec.kind}List` in definitions ? `${spec.kind}List` : spec.kind)}),
		parameters: pathParameters,
	};
	const item: Json = {
		get: op('get', 'read', {description: `read the specified ${spec.kind}`, responses: okResponse(spec.kind)}),
		parameters: [{name: 'name', in: 'path', description: `name of the ${spec.kind}`, required: true, schema: {type: 'string', uniqueItems: true}}, ...pathParameters],
	};
	if (spec.writable) {
		collection.post = op('post', 'create', {description: `create a ${spec.kind}`, parameters: [dryRun, fieldManager, fieldValidation], requestBody: body, responses: {...okResponse(spec.kind), '201': {description: 'Created', content: {'application/json': {schema: ref(spec.kind)}}}}});
		collection.delete = op('deletecollection', 'deleteCollection', {description: `delete collection of ${spec.kind}`, parameters: listParameters.filter((parameter) => parameter.name !== 'watch'), responses: okResponse('ObjectMeta')});
		item.put = op('put', 'replace', {description: `replace the specified ${spec.kind}`, parameters: [dryRun, fieldManager, fieldValidation], requestBody: body, responses: okResponse(spec.kind)});
		item.delete = op('delete', 'delete', {description: `delete a ${spec.kind}`, parameters: [dryRun, queryParameter('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), queryParameter('propagationPolicy', 'Whether and how garbage collection will be performed.')], requestBody: {content: {'*/*': {schema: ref('DeleteOptions')}}}, responses: okResponse(spec.kind)});
		item.patch = op('patch', 'patch', {
			description: `partially update the specified ${spec.kind}`,
			parameters: [dryRun, fieldManager, fieldValidation, queryParameter('force', 'Force is going to "force" Apply requests.', 'boolean')],
			requestBody: {content: {'application/json-patch+json': {schema: {type: 'object'}}, 'application/merge-patch+json': {schema: {type: 'object'}}, 'application/strategic-merge-patch+json': {schema: {type: 'object'}}, 'application/apply-patch+yaml': {schema: {type: 'object'}}}, required: true},
			responses: okResponse(spec.kind),
		});
	}
	const paths: Json = {[base]: collection, [`${base}/{name}`]: item};
	if (spec.namespaced) {
		paths[`${prefix}/${spec.plural}`] = {get: {...(collection.get as Json), operationId: id('list', 'ForAllNamespaces')}, parameters: []};
	}
	return paths;
}

function documentFor(specs: ResourceSpec[], extraPaths: Json, schemaRoots: string[]): Json {
	let paths: Json = {};
	for (const spec of specs) paths = {...paths, ...resourcePaths(spec)};
	return {
		openapi: '3.0.0',
		info: {title: 'Kubernetes', version: 'v1.32.0'},
		paths: {...paths, ...extraPaths},
		components: {
			schemas: componentSchemas(schemaRoots),
			securitySchemes: {BearerToken: {type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header'}},
		},
	};
}

export type OpenApiDocuments = {root: string; byPath: Map<string, string>};

/** The root index and each group-version document, serialised once per sim. */
export function buildOpenApi(serverVersion: string): OpenApiDocuments {
	const core = documentFor(
		[
			{plural: 'pods', kind: 'Pod', namespaced: true, group: '', version: 'v1', writable: true},
			{plural: 'namespaces', kind: 'Namespace', namespaced: false, group: '', version: 'v1', writable: true},
			{plural: 'nodes', kind: 'Node', namespaced: false, group: '', version: 'v1', writable: false},
			{plural: 'events', kind: 'Event', namespaced: true, group: '', version: 'v1', writable: true},
		],
		{
			'/api/v1/namespaces/{namespace}/pods/{name}/log': {
				get: {tags: ['core_v1'], description: 'read log of the specified Pod', operationId: 'readCoreV1NamespacedPodLog', 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': {group: '', kind: 'Pod', version: 'v1'}, responses: {'200': {description: 'OK', content: {'text/plain': {schema: {type: 'string'}}}}}},
			},
		},
		['Pod', 'PodList', 'Namespace', 'Node', 'Event', 'DeleteOptions'],
	);
	const authorization = documentFor(
		[],
		{
			'/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': {
				post: {tags: ['authorization_v1'], description: 'create a SelfSubjectAccessReview', operationId: 'createAuthorizationV1SelfSubjectAccessReview', parameters: [dryRun, fieldManager, fieldValidation], requestBody: {content: {'*/*': {schema: ref('SelfSubjectAccessReview')}}, required: true}, responses: okResponse('SelfSubjectAccessReview'), 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': {group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', version: 'v1'}},
			},
		},
		['SelfSubjectAccessReview'],
	);
	const byPath = new Map<string, string>();
	const index: Record<string, {serverRelativeURL: string}> = {};
	for (const [path, document] of [['api/v1', core], ['apis/authorization.k8s.io/v1', authorization]] as const) {
		const text = JSON.stringify({...document, info: {title: 'Kubernetes', version: serverVersion}});
		const hash = createHash('sha512').update(text).digest('hex').toUpperCase().slice(0, 128);
		byPath.set(`/openapi/v3/${path}`, text);
		index[path] = {serverRelativeURL: `/openapi/v3/${path}?hash=${hash}`};
	}
	return {root: JSON.stringify({paths: index}), byPath};
}
