// Pod validation (a subset of apimachinery/pkg/apis/core/validation), with its field paths and
// wording, answered as 422 Invalid with one cause per problem.
import type {Cause} from './http/status.js';
import type {KObject} from './store.js';

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelKeyName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const required = (field: string, detail = ''): Cause => ({reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field});
const invalidValue = (field: string, value: unknown, detail: string): Cause => ({reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field});
const unsupported = (field: string, value: unknown, supported: string[]): Cause => ({reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((item) => `"${item}"`).join(', ')}`, field});
const duplicate = (field: string, value: unknown): Cause => ({reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(value)}`, field});

export function validateObjectName(name: unknown, field = 'metadata.name'): Cause[] {
	if (typeof name !== 'string' || name === '') return [required(field, 'name or generateName is required')];
	if (name.length > 253) return [{reason: 'FieldValueTooLong', message: 'Too long: may not be more than 253 bytes', field}];
	return dns1123Subdomain.test(name) ? [] : [invalidValue(field, name, subdomainMessage)];
}

export function validateLabels(labels: unknown, field = 'metadata.labels'): Cause[] {
	if (labels === undefined || labels === null) return [];
	const causes: Cause[] = [];
	for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
		const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
		if (!labelKeyName.test(name) || name.length > 63) {
			causes.push(invalidValue(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
		}
		if (typeof value !== 'string' || !labelValue.test(value) || value.length > 63) {
			causes.push(invalidValue(field, value, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
		}
	}
	return causes;
}

function validateContainers(containers: unknown, field: string, requiredList: boolean): Cause[] {
	if (!Array.isArray(containers) || containers.length === 0) return requiredList ? [required(field)] : [];
	const causes: Cause[] = [];
	const names = new Set<string>();
	containers.forEach((container: Record<string, unknown>, index) => {
		const path = `${field}[${index}]`;
		const name = container?.name;
		if (typeof name !== 'string' || name === '') causes.push(required(`${path}.name`));
		else if (!dns1123Label.test(name) || name.length > 63) causes.push(invalidValue(`${path}.name`, name, labelMessage));
		else if (names.has(name)) causes.push(duplicate(`${path}.name`, name));
		else names.add(name);
		if (typeof container?.image !== 'string' || container.image.trim() === '') causes.push(required(`${path}.image`));
		const policy = container?.imagePullPolicy;
		if (policy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(String(policy))) causes.push(unsupported(`${path}.imagePullPolicy`, policy, ['Always', 'IfNotPresent', 'Never']));
		const context = container?.securityContext as Record<string, unknown> | undefined;
		for (const key of ['runAsUser', 'runAsGroup']) {
			const value = context?.[key];
			if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 2147483647)) causes.push(invalidValue(`${path}.securityContext.${key}`, value, 'must be between 0 and 2147483647, inclusive'));
		}
		const seccomp = (context?.seccompProfile as Record<string, unknown> | undefined)?.type;
		if (seccomp !== undefined && !['RuntimeDefault', 'Unconfined', 'Localhost'].includes(String(seccomp))) {
			causes.push(unsupported(`${path}.securityContext.seccompProfile.type`, seccomp, ['Localhost', 'RuntimeDefault', 'Unconfined']));
		}
	});
	return causes;
}

/** Every problem with a pod about to be created (after defaults were applied). */
export function validatePod(pod: KObject): Cause[] {
	const causes = [...validateObjectName(pod.metadata.name), ...validateLabels(pod.metadata.labels)];
	const spec = pod.spec ?? {};
	causes.push(...validateContainers(spec.containers, 'spec.containers', true), ...validateContainers(spec.initContainers, 'spec.initContainers', false));
	if (!['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) causes.push(unsupported('spec.restartPolicy', spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
	if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(spec.dnsPolicy)) causes.push(unsupported('spec.dnsPolicy', spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
	const deadline = spec.activeDeadlineSeconds;
	if (deadline !== undefined && (typeof deadline !== 'number' || !Number.isInteger(deadline) || deadline < 1 || deadline > 2147483647)) {
		causes.push(invalidValue('spec.activeDeadlineSeconds', deadline, 'must be between 1 and 2147483647, inclusive'));
	}
	if (spec.nodeName !== undefined && spec.nodeName !== '' && !dns1123Subdomain.test(String(spec.nodeName))) causes.push(invalidValue('spec.nodeName', spec.nodeName, subdomainMessage));
	const podContext = spec.securityContext ?? {};
	for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) {
		const value = podContext[key];
		if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 2147483647)) causes.push(invalidValue(`spec.securityContext.${key}`, value, 'must be between 0 and 2147483647, inclusive'));
	}
	(spec.tolerations ?? []).forEach((toleration: Record<string, unknown>, index: number) => {
		const path = `spec.tolerations[${index}]`;
		if (toleration.operator !== undefined && !['Exists', 'Equal'].includes(String(toleration.operator))) causes.push(unsupported(`${path}.operator`, toleration.operator, ['Equal', 'Exists']));
		if (toleration.operator === 'Exists' && toleration.value) causes.push(invalidValue(`${path}.operator`, toleration.value, 'value must be empty when `operator` is \'Exists\''));
		if (toleration.effect !== undefined && toleration.effect !== '' && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(String(toleration.effect))) {
			causes.push(unsupported(`${path}.effect`, toleration.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
		}
	});
	return causes;
}
