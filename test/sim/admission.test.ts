// PSA and SCC refusals in the wording real clusters print (sources beside each expectation), and
// the RBAC rules of the sim's users.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {isAllowed, podSecurityRefusal, sccRefusal} from '../../source/sim/admission.js';

const probe = () => ({
	metadata: {name: 'prg-probe-x7k2p'},
	spec: {
		securityContext: {runAsNonRoot: true, runAsUser: 3377, runAsGroup: 3377},
		containers: [{name: 'probe', image: 'alpine:3.19', securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: {type: 'Unconfined'}}}],
	},
});
const namespace = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({metadata: {name: 'ns', labels, annotations}});

describe('Pod Security Admission', () => {
	it('admits anything where no enforce label is set, or it is privileged', () => {
		assert.equal(podSecurityRefusal(probe() as never, namespace() as never), null);
		assert.equal(podSecurityRefusal(probe() as never, namespace({'pod-security.kubernetes.io/enforce': 'privileged'}) as never), null);
	});

	it('refuses Unconfined seccomp under baseline', () => {
		// Measured on GKE and minikube, as quoted in public repositories' notes:
		// violates PodSecurity "baseline:latest": ... seccompProfile (container "c" must not set securityContext.seccompProfile.type to "Unconfined")
		assert.equal(
			podSecurityRefusal(probe() as never, namespace({'pod-security.kubernetes.io/enforce': 'baseline'}) as never),
			'violates PodSecurity "baseline:latest": seccompProfile (container "probe" must not set securityContext.seccompProfile.type to "Unconfined")',
		);
	});

	it('names the pod when the pod-level profile is Unconfined, and the pinned version', () => {
		const pod = probe();
		delete (pod.spec.containers[0].securityContext as Record<string, unknown>).seccompProfile;
		(pod.spec.securityContext as Record<string, unknown>).seccompProfile = {type: 'Unconfined'};
		assert.equal(
			podSecurityRefusal(pod as never, namespace({'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30'}) as never),
			'violates PodSecurity "restricted:v1.30": unrestricted capabilities (container "probe" must set securityContext.capabilities.drop=["ALL"]), seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
		);
	});

	it('lists restricted violations in check order', () => {
		const pod = {metadata: {name: 'web'}, spec: {containers: [{name: 'app', image: 'nginx'}]}};
		assert.equal(
			podSecurityRefusal(pod as never, namespace({'pod-security.kubernetes.io/enforce': 'restricted'}) as never),
			'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
		);
	});
});

describe('OpenShift SCC admission', () => {
	it('refuses the probe in a project that only has restricted-v2, in the shape OCP prints', () => {
		// Shape from projectnessie/nessie#11823 and open-feature/open-feature-operator#786.
		const refusal = sccRefusal(probe() as never, namespace({}, {'openshift.io/sa.scc.uid-range': '1000680000/10000'}) as never)!;
		assert.match(refusal, /^unable to validate against any security context constraint: \[provider "anyuid": Forbidden: not usable by user or serviceaccount, provider restricted-v2: /);
		assert.ok(refusal.includes('provider restricted-v2: .containers[0].runAsUser: Invalid value: 3377: must be in the ranges: [1000680000, 1000689999]'));
		assert.ok(refusal.includes('provider restricted-v2: .containers[0].seccompProfile.type: Forbidden: unconfined is not an allowed seccomp profile. Valid values are [runtime/default]'));
		assert.match(refusal, /provider "privileged": Forbidden: not usable by user or serviceaccount\]$/);
	});

	it('admits where a custom SCC is granted (no restricted-v2 range on the namespace)', () => {
		assert.equal(sccRefusal(probe() as never, namespace() as never), null);
	});
});

describe('RBAC', () => {
	const viewer = {name: 'viewer', token: 't', canCreatePods: false, subject: 'viewer'};
	const admin = {...viewer, canCreatePods: true};
	it('lets everyone read and only pod creators write', () => {
		for (const verb of ['get', 'list', 'watch']) assert.equal(isAllowed(viewer, verb, 'pods'), true);
		assert.equal(isAllowed(viewer, 'get', 'pods/log'), true);
		for (const verb of ['create', 'delete', 'deletecollection', 'patch']) {
			assert.equal(isAllowed(viewer, verb, 'pods'), false);
			assert.equal(isAllowed(admin, verb, 'pods'), true);
		}
		assert.equal(isAllowed(viewer, 'create', 'selfsubjectaccessreviews'), true);
	});
});
