// API errors as the real server sends them: a `Status` body with the HTTP code, reason and the
// exact message wording clients and people match on (apimachinery's k8s.io/apimachinery/pkg/api/errors).
import type {KStatus} from '../../domain/k8s.js';

type Cause = {reason: string; message: string; field: string};

export class ApiError extends Error {
	constructor(
		readonly code: number,
		readonly body: KStatus & {metadata: Record<string, never>},
		readonly headers: Record<string, string> = {},
	) {
		super(body.message);
	}
}

function status(code: number, reason: string, message: string, details?: KStatus['details']): KStatus & {metadata: Record<string, never>} {
	const body: KStatus & {metadata: Record<string, never>} = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason};
	if (details) body.details = details;
	body.code = code;
	return body;
}

export function unauthorized(): ApiError {
	return new ApiError(401, status(401, 'Unauthorized', 'Unauthorized'));
}

/** RBAC's wording: `pods is forbidden: User "u" cannot create resource "pods" in API group "" in the namespace "ns"`. */
export function forbidden(options: {user: string; verb: string; resource: string; subresource?: string; group?: string; namespace?: string | null; name?: string}): ApiError {
	const full = options.subresource ? `${options.resource}/${options.subresource}` : options.resource;
	const subject = options.name ? `${options.resource} "${options.name}"` : options.resource;
	const scope = options.namespace ? `in the namespace "${options.namespace}"` : 'at the cluster scope';
	const message = `${subject} is forbidden: User "${options.user}" cannot ${options.verb} resource "${full}" in API group "${options.group ?? ''}" ${scope}`;
	const details: KStatus['details'] = {kind: options.resource};
	if (options.name) details.name = options.name;
	if (options.group) details.group = options.group;
	return new ApiError(403, status(403, 'Forbidden', message, details));
}

/** An admission refusal: `pods "x" is forbidden: <reason>`. */
export function admissionForbidden(resource: string, name: string, reason: string): ApiError {
	return new ApiError(403, status(403, 'Forbidden', `${resource} "${name}" is forbidden: ${reason}`, {name, kind: resource}));
}

export function notFound(resource: string, name: string, group = ''): ApiError {
	const details: KStatus['details'] = {name, kind: resource};
	if (group) details.group = group;
	const subject = group ? `${resource}.${group}` : resource;
	return new ApiError(404, status(404, 'NotFound', `${subject} "${name}" not found`, details));
}

export function pathNotFound(): ApiError {
	return new ApiError(404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
}

export function alreadyExists(resource: string, name: string): ApiError {
	return new ApiError(409, status(409, 'AlreadyExists', `${resource} "${name}" already exists`, {name, kind: resource}));
}

export function conflict(resource: string, name: string, reason: string): ApiError {
	return new ApiError(409, status(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${reason}`, {name, kind: resource}));
}

/** 422 with one cause per field error, message `Pod "x" is invalid: [a: ..., b: ...]`. */
export function invalid(kind: string, name: string, causes: Cause[]): ApiError {
	const texts = causes.map((cause) => `${cause.field}: ${cause.message}`);
	const joined = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
	return new ApiError(422, status(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`, {name, kind, causes}));
}

export function badRequest(message: string): ApiError {
	return new ApiError(400, status(400, 'BadRequest', message));
}

export function gone(message: string): ApiError {
	return new ApiError(410, status(410, 'Expired', message));
}

export function methodNotAllowed(): ApiError {
	return new ApiError(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

export function unsupportedMediaType(contentType: string): ApiError {
	return new ApiError(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`));
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
	return new ApiError(
		429,
		status(429, 'TooManyRequests', 'Too many requests, please try again later.', {retryAfterSeconds}),
		{'Retry-After': String(retryAfterSeconds)},
	);
}

export function internalError(message: string): ApiError {
	return new ApiError(500, status(500, 'InternalError', `Internal error occurred: ${message}`, {causes: [{message}]}));
}

/** The Status embedded in a watch ERROR event (HTTP 200 stream). */
export function expiredStatus(requested: number, oldest: number): KStatus {
	return status(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export type {Cause};
