// What the API server fills in on a new pod (SetDefaults_Pod & co.), so a created pod reads back
// like one from a real cluster: policies, scheduler, service account, the not-ready/unreachable
// tolerations the DefaultTolerationSeconds admission adds, QoS class and a Pending status.
import type {KObject} from './store.js';

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character suffix apiserver's names.SimpleNameGenerator appends to generateName. */
export function randomSuffix(length = 5): string {
	let out = '';
	for (let index = 0; index < length; index++) out += nameAlphabet[Math.floor(Math.random() * nameAlphabet.length)];
	return out;
}

function imagePullPolicy(image: string | undefined): string {
	if (!image) return 'IfNotPresent';
	const lastSegment = image.split('/').pop() ?? image;
	const hasTag = lastSegment.includes(':') || image.includes('@');
	return !hasTag || lastSegment.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function qosClass(containers: {resources?: {requests?: Record<string, string>; limits?: Record<string, string>}}[]): string {
	let any = false;
	let guaranteed = containers.length > 0;
	for (const container of containers) {
		const requests = container.resources?.requests ?? {};
		const limits = container.resources?.limits ?? {};
		if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
		for (const resource of ['cpu', 'memory']) {
			if (!limits[resource] || (requests[resource] && requests[resource] !== limits[resource])) guaranteed = false;
		}
	}
	if (!any) return 'BestEffort';
	return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function applyPodDefaults(pod: KObject): void {
	const spec = (pod.spec ??= {});
	spec.restartPolicy ??= 'Always';
	spec.terminationGracePeriodSeconds ??= 30;
	spec.dnsPolicy ??= 'ClusterFirst';
	spec.securityContext ??= {};
	spec.schedulerName ??= 'default-scheduler';
	spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
	spec.serviceAccount ??= spec.serviceAccountName;
	spec.enableServiceLinks ??= true;
	spec.preemptionPolicy ??= 'PreemptLowerPriority';
	spec.priority ??= 0;
	const tolerations: {key?: string; operator?: string; effect?: string; tolerationSeconds?: number}[] = (spec.tolerations ??= []);
	const toleratesAll = tolerations.some((toleration) => toleration.operator === 'Exists' && !toleration.key && !toleration.effect);
	for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
		if (toleratesAll || tolerations.some((toleration) => toleration.key === key && (toleration.effect ?? 'NoExecute') === 'NoExecute')) continue;
		tolerations.push({key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300});
	}
	for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
		container.resources ??= {};
		container.terminationMessagePath ??= '/dev/termination-log';
		container.terminationMessagePolicy ??= 'File';
		container.imagePullPolicy ??= imagePullPolicy(container.image);
	}
	pod.status = {phase: 'Pending', qosClass: qosClass(spec.containers ?? [])};
}
