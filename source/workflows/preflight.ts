// Before creating anything: can this user create, read, log and delete pods here, and will the
// namespace's Pod Security level admit an Unconfined-seccomp pod? Each refusal is one sentence
// with the fix, so nothing is half-created.
import type {KubeClient, AccessCheck} from '../kube/client.js';
import {KubeError} from '../errors.js';

const needed: readonly AccessCheck[] = [
	{verb: 'create', resource: 'pods'},
	{verb: 'get', resource: 'pods'},
	{verb: 'list', resource: 'pods'},
	{verb: 'watch', resource: 'pods'},
	{verb: 'delete', resource: 'pods'},
	{verb: 'get', resource: 'pods', subresource: 'log'},
];

export const privilegedNamespaceHint = (namespace: string) =>
	`probe in a namespace labelled privileged: \`kubectl create namespace prg-doctor && kubectl label namespace prg-doctor pod-security.kubernetes.io/enforce=privileged\`, then add \`-n prg-doctor\` (the probe needs seccomp Unconfined, like the PRG pod; ${namespace} stays as it is)`;

export async function preflight(client: KubeClient, options: {readonly namespace: string; readonly signal: AbortSignal}): Promise<void> {
	const {namespace, signal} = options;
	const answers = await Promise.all(needed.map(async (check) => {
		const scoped = {...check, namespace};
		try {
			return {check: scoped, answer: await client.accessReview(scoped, {signal})};
		} catch (error) {
			// Clusters that refuse SelfSubjectAccessReview still get the real answer at create time.
			if (error instanceof KubeError && (error.kind === 'forbidden' || error.kind === 'not-found')) return null;
			throw error;
		}
	}));
	const denied = answers.filter((item) => item !== null && !item.answer.allowed);
	if (denied.length > 0) {
		const what = denied.map((item) => `${item!.check.verb} ${item!.check.resource}${item!.check.subresource ? `/${item!.check.subresource}` : ''}`).join(', ');
		throw new KubeError(
			'forbidden',
			`context ${client.context} may not ${what} in namespace ${namespace} (RBAC)`,
			'ask an admin to bind the Role "prg-doctor-probe" from the README in that namespace, or pick another with -n; check with `kubectl auth can-i create pods -n ' + namespace + '`',
			403,
		);
	}

	let labels: Record<string, string> = {};
	try {
		labels = (await client.getNamespace(namespace, {signal})).metadata?.labels ?? {};
	} catch (error) {
		if (error instanceof KubeError && error.kind === 'not-found') {
			throw new KubeError('not-found', `namespace ${namespace} does not exist in context ${client.context}`, `create it (\`kubectl create namespace ${namespace}\`) or pick another with -n`, 404);
		}
		if (error instanceof KubeError && error.kind === 'forbidden') return; // can't read it: admission will tell
		throw error;
	}
	const level = labels['pod-security.kubernetes.io/enforce'];
	if (level === 'baseline' || level === 'restricted') {
		throw new KubeError(
			'admission',
			`Pod Security "${level}" in namespace ${namespace} (label pod-security.kubernetes.io/enforce=${level}) refuses the probe's seccompProfile Unconfined`,
			privilegedNamespaceHint(namespace),
			403,
		);
	}
}
