// labelSelector and fieldSelector as the API server parses them. Errors are 400 BadRequest with
// apimachinery's wording, so a client's bad selector fails the way it would on a real cluster.
import type {KObject, Resource} from '../store.js';
import {badRequest} from './status.js';

export type Predicate = (object: KObject) => boolean;

type Requirement = {key: string; op: 'in' | 'notin' | 'exists' | '!' | '=' | '!='; values: string[]};

const keyPattern = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside a `( … )` set. */
function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '(') depth++;
		else if (char === ')') depth--;
		else if (char === ',' && depth === 0) {
			parts.push(text.slice(start, index));
			start = index + 1;
		}
	}
	parts.push(text.slice(start));
	return parts.map((part) => part.trim());
}

function parseRequirement(text: string): Requirement {
	if (text === '') throw badRequest('unable to parse requirement: found \'\', expected: identifier');
	let match = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(text);
	let requirement: Requirement;
	if (match) {
		const values = match[3].split(',').map((value) => value.trim());
		requirement = {key: match[1], op: match[2] as 'in' | 'notin', values};
	} else if ((match = /^!\s*([^=!\s]+)$/.exec(text))) {
		requirement = {key: match[1], op: '!', values: []};
	} else if ((match = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text))) {
		requirement = {key: match[1], op: match[2] === '!=' ? '!=' : '=', values: [match[3]]};
	} else if ((match = /^([^=!\s(),]+)$/.exec(text))) {
		requirement = {key: match[1], op: 'exists', values: []};
	} else {
		throw badRequest(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`);
	}
	if (!keyPattern.test(requirement.key) || requirement.key.length > 316) {
		throw badRequest(`unable to parse requirement: values[0][${requirement.key}]: Invalid value: "${requirement.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
	}
	for (const value of requirement.values) {
		if (!valuePattern.test(value) || value.length > 63) {
			throw badRequest(`unable to parse requirement: values[0][${requirement.key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
		}
	}
	return requirement;
}

function matchesRequirement(labels: Record<string, string> | undefined, requirement: Requirement): boolean {
	const has = labels !== undefined && Object.hasOwn(labels, requirement.key);
	const value = has ? labels![requirement.key] : undefined;
	switch (requirement.op) {
		case 'exists':
			return has;
		case '!':
			return !has;
		case '=':
			return has && value === requirement.values[0];
		case '!=':
			return !has || value !== requirement.values[0];
		case 'in':
			return has && requirement.values.includes(value!);
		case 'notin':
			return !has || !requirement.values.includes(value!);
	}
}

export function parseLabelSelector(text: string | null): Predicate | null {
	if (text === null || text.trim() === '') return null;
	const requirements = splitTopLevel(text.trim()).map(parseRequirement);
	return (object) => requirements.every((requirement) => matchesRequirement(object.metadata.labels, requirement));
}

// The field labels each resource supports (the registry's GetAttrs / AddFieldLabelConversionFunc).
const fieldLabels: Record<Resource, Record<string, (object: KObject) => string>> = {
	pods: {
		'metadata.name': (o) => o.metadata.name,
		'metadata.namespace': (o) => o.metadata.namespace ?? '',
		'spec.nodeName': (o) => o.spec?.nodeName ?? '',
		'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
		'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
		'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
		'spec.hostNetwork': (o) => String(o.spec?.hostNetwork ?? false),
		'status.phase': (o) => o.status?.phase ?? '',
		'status.podIP': (o) => o.status?.podIP ?? '',
		'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
	},
	nodes: {
		'metadata.name': (o) => o.metadata.name,
		'spec.unschedulable': (o) => String(o.spec?.unschedulable ?? false),
	},
	namespaces: {
		'metadata.name': (o) => o.metadata.name,
		'status.phase': (o) => o.status?.phase ?? '',
	},
	events: {
		'metadata.name': (o) => o.metadata.name,
		'metadata.namespace': (o) => o.metadata.namespace ?? '',
		'involvedObject.kind': (o) => o.involvedObject?.kind ?? '',
		'involvedObject.namespace': (o) => o.involvedObject?.namespace ?? '',
		'involvedObject.name': (o) => o.involvedObject?.name ?? '',
		'involvedObject.uid': (o) => o.involvedObject?.uid ?? '',
		'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion ?? '',
		'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion ?? '',
		'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath ?? '',
		reason: (o) => o.reason ?? '',
		reportingComponent: (o) => o.reportingComponent ?? '',
		source: (o) => o.source?.component ?? '',
		type: (o) => o.type ?? '',
	},
};

export function parseFieldSelector(text: string | null, resource: Resource): Predicate | null {
	if (text === null || text.trim() === '') return null;
	const tests = text.split(',').map((part) => {
		const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
		if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
		const getter = fieldLabels[resource][match[1]];
		if (!getter) throw badRequest(`field label not supported: ${match[1]}`);
		const negate = match[2] === '!=';
		const expected = match[3];
		return (object: KObject) => (getter(object) === expected) !== negate;
	});
	return (object) => tests.every((test) => test(object));
}

export function combine(...predicates: (Predicate | null)[]): (object: KObject) => boolean {
	const active = predicates.filter((predicate): predicate is Predicate => predicate !== null);
	if (active.length === 0) return () => true;
	if (active.length === 1) return active[0];
	return (object) => active.every((predicate) => predicate(object));
}
