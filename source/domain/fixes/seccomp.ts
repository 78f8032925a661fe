// seccomp-unconfined: the pod asks for seccompProfile Unconfined, yet a filter is applied (Seccomp: 2)
// and refuses unshare. Something between the spec and the runtime overrides the pod's profile.
import type {EnvironmentId, Fix, FixStep} from '../types.js';
import {isLocal, isOpenShift} from './environment-words.js';
import {sccStep} from './openshift.js';
import {reprobePool, snippet, step} from './steps.js';

function overrideStep(environment: EnvironmentId | null): FixStep {
	if (isOpenShift(environment)) {
		return step(
			'Find what set the profile',
			'On OpenShift the admitting SCC decides: the pod’s openshift.io/scc annotation names it. restricted-v2 forces RuntimeDefault, whose filter refuses unshare; the custom SCC below allows Unconfined.',
			snippet('sh', "kubectl get pod <probe pod> -o jsonpath='{.metadata.annotations.openshift\\.io/scc}{\"\\n\"}'"),
		);
	}
	if (isLocal(environment)) {
		return step(
			'Check the node container’s own profile',
			'Seccomp filters are inherited: if the node container itself was started under a filter, every pod on it is too, whatever the pod asks. Inspect the node container (kind and Minikube start theirs privileged, which means unconfined).',
			snippet('sh', "docker inspect --format '{{.HostConfig.Privileged}} {{.HostConfig.SecurityOpt}}' <node container>"),
		);
	}
	return step(
		'Find what overrides the profile',
		'An admission webhook or policy engine (Kyverno, Gatekeeper, a vendor agent) can rewrite the pod to RuntimeDefault. List the mutating webhooks and look for policies on seccompProfile; exempt the probe’s namespace and the runner’s, or allow Unconfined there.',
		snippet('sh', `kubectl get mutatingwebhookconfigurations
kubectl get clusterpolicies.kyverno.io 2>/dev/null | grep -i seccomp`),
	);
}

export function seccompUnconfined(environment: EnvironmentId | null): Fix {
	const steps: FixStep[] = [
		step(
			'See which profile the pod really got',
			'The probe asks for Unconfined. If the created pod shows RuntimeDefault (or nothing, on a runtime that defaults to a filter), something changed it on the way in.',
			snippet('sh', "kubectl get pod <probe pod> -o jsonpath='{.spec.securityContext.seccompProfile}{\" \"}{.spec.containers[0].securityContext.seccompProfile}{\"\\n\"}'"),
		),
		overrideStep(environment),
	];
	if (isOpenShift(environment)) steps.push(sccStep());
	steps.push(
		step(
			'Confirm the container runs unfiltered',
			'Run the probe again (`prg-doctor probe --keep` leaves the pod) and read the Seccomp line of its output: 0 means no filter.',
			snippet('sh', 'kubectl logs <probe pod> | grep ^seccomp'),
		),
	);
	return {
		id: 'seccomp-unconfined',
		title: 'Let the pod run without a seccomp filter',
		gate: 'seccomp',
		environment,
		why: 'The container runtime’s default seccomp profile refuses unshare to processes without CAP_SYS_ADMIN, which is why the Plan Runner Group pod asks for seccompProfile Unconfined. Here a filter is applied anyway (Seccomp: 2), so something overrides the pod’s request.',
		steps,
		verify: reprobePool,
	};
}
