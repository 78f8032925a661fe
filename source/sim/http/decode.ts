// Typed decoding of request bodies, as the API server's JSON decoder (Go's encoding/json, in
// sigs.k8s.io/json) does it before anything else looks at the object: a value of the wrong JSON
// type fails the whole request with 400 BadRequest, and JSON null leaves a field at its zero value.
// Messages are Go's, behind the codec's prefix, as people posted them from real clusters:
//   `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct
//    field PodSpec.spec.containers of type []v1.Container` (MicrosoftDocs/azure-docs#114813)
//   `json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`
//    (open-cluster-management-io/ocm#530)
//   `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression
//    '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` (kubeflow/spark-operator#2199)
//   `Pod in version "v1" cannot be handled as a Pod: unable to parse quantity's suffix` (for
//    "32MMi", vislee/leevis.com#186)
// Go names the innermost struct and the JSON path without list indexes (`Container.spec.containers.command`).
import {definitions, type FieldType} from './schema.js';
import {badRequest, type ApiError} from './status.js';

type Where = {struct: string; path: string};

class TypeMismatch extends Error {}

const quantityPattern = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const quantityFormat = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const quantitySuffixes = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);

/** How Go's decoder names a JSON value it could not store. */
function jsonKind(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'boolean') return 'bool';
	return typeof value === 'object' ? 'object' : typeof value;
}

/** The Go type behind a schema type, as `reflect.Type.String()` prints it. */
export function goTypeOf(type: FieldType, override?: string): string | null {
	if (override) return override;
	switch (type) {
		case 'string':
			return 'string';
		case 'integer':
			return 'int64';
		case 'int32':
			return 'int32';
		case 'number':
			return 'float64';
		case 'boolean':
			return 'bool';
		case 'map':
			return 'map[string]string';
		case 'resourceList':
			return 'v1.ResourceList';
		case 'intOrString':
			return 'intstr.IntOrString';
		case 'quantity':
			return 'resource.Quantity';
		case 'object':
			return null;
	}
	if (type.startsWith('[]')) {
		const inner = goTypeOf(type.slice(2) as FieldType);
		return inner === null ? null : `[]${inner}`;
	}
	return `v1.${type}`;
}

function mismatch(value: unknown, where: Where, goType: string, found = jsonKind(value)): never {
	throw new TypeMismatch(`json: cannot unmarshal ${found} into Go struct field ${where.struct}.${where.path} of type ${goType}`);
}

function quantity(value: unknown): unknown {
	if (typeof value === 'number') return value;
	const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
	const match = quantityPattern.exec(text);
	if (!match) throw new TypeMismatch(quantityFormat);
	const suffix = match[2];
	if (!quantitySuffixes.has(suffix) && !/^[eE][-+]?[0-9]+$/.test(suffix)) throw new TypeMismatch("unable to parse quantity's suffix");
	return value;
}

function zeroOf(type: FieldType): unknown {
	if (type === 'string') return '';
	if (type === 'integer' || type === 'int32' || type === 'number') return 0;
	if (type === 'boolean') return false;
	return type.startsWith('[]') ? [] : {};
}

/** The value decoded into `type` (nulls dropped or zeroed, as Go leaves them), or a TypeMismatch thrown. */
function decodeValue(value: unknown, type: FieldType, where: Where, override?: string): unknown {
	const goType = goTypeOf(type, override);
	switch (type) {
		case 'string':
			return typeof value === 'string' ? value : mismatch(value, where, 'string');
		case 'boolean':
			return typeof value === 'boolean' ? value : mismatch(value, where, 'bool');
		case 'number':
			return typeof value === 'number' ? value : mismatch(value, where, 'float64');
		case 'integer':
		case 'int32': {
			if (typeof value !== 'number') return mismatch(value, where, goType!);
			const limit = type === 'int32' ? 2 ** 31 : 2 ** 63;
			if (!Number.isInteger(value) || value >= limit || value < -limit) mismatch(value, where, goType!, `number ${value}`);
			return value;
		}
		case 'intOrString':
			if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return value;
			// IntOrString's UnmarshalJSON reads a non-string as an int32 on its own, without the field's context.
			throw new TypeMismatch(`json: cannot unmarshal ${typeof value === 'number' ? `number ${value}` : jsonKind(value)} into Go value of type int32`);
		case 'quantity':
			return quantity(value);
		case 'map':
		case 'resourceList': {
			if (typeof value !== 'object' || Array.isArray(value)) return mismatch(value, where, goType!);
			const out: Record<string, unknown> = {};
			for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
				if (type === 'resourceList') out[key] = item === null ? item : quantity(item);
				else out[key] = item === null ? '' : typeof item === 'string' ? item : mismatch(item, where, 'string');
			}
			return out;
		}
		case 'object':
			// Free-form here; a Go struct all the same when the schema names one.
			if (goType !== null && (typeof value !== 'object' || Array.isArray(value))) mismatch(value, where, goType);
			return value;
	}
	if (type.startsWith('[]')) {
		if (!Array.isArray(value)) {
			if (goType === null) return value;
			return mismatch(value, where, goType);
		}
		const inner = type.slice(2) as FieldType;
		const innerOverride = override?.startsWith('[]') ? override.slice(2) : undefined;
		return value.map((item) => (item === null ? zeroOf(inner) : decodeValue(item, inner, where, innerOverride)));
	}
	const definition = definitions[type];
	if (!definition) return value;
	if (typeof value !== 'object' || Array.isArray(value)) return mismatch(value, where, goType!);
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
		const fieldType = definition.fields[key];
		// Unknown fields are strict decoding's business (checkFields), not a type error.
		if (fieldType === undefined) out[key] = item;
		else if (item !== null && item !== undefined) out[key] = decodeValue(item, fieldType, {struct: type, path: where.path === '' ? key : `${where.path}.${key}`}, definition.goTypes?.[key]);
	}
	return out;
}

/**
 * The request body decoded as `kind` (a top-level definition), or the 400 BadRequest a real API
 * server answers when a value has the wrong JSON type.
 */
export function decodeBody(body: Record<string, unknown>, kind: string): {object: Record<string, any>; error: null} | {object: null; error: ApiError} {
	// The codec reads apiVersion and kind first, into an anonymous struct.
	for (const key of ['apiVersion', 'kind']) {
		const value = body[key];
		if (value !== undefined && value !== null && typeof value !== 'string') {
			return {object: null, error: badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(value)} into Go struct field .${key} of type string`)};
		}
	}
	try {
		return {object: decodeValue(body, kind as FieldType, {struct: kind, path: ''}) as Record<string, any>, error: null};
	} catch (error) {
		if (!(error instanceof TypeMismatch)) throw error;
		const version = definitions[kind]?.gvk?.version ?? 'v1';
		return {object: null, error: badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${error.message}`)};
	}
}

/** decodeBody for handlers: the decoded object, or the BadRequest thrown. */
export function decodeOrThrow(body: Record<string, unknown>, kind: string): Record<string, any> {
	const decoded = decodeBody(body, kind);
	if (decoded.error) throw decoded.error;
	return decoded.object;
}
