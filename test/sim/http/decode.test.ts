// Typed decoding of pod bodies: a wrong JSON type is the API server's 400 BadRequest with Go's
// message, never a 201 that breaks clients later or a 500 with a JavaScript TypeError.
// Expected messages are the real shapes people posted from clusters:
//   MicrosoftDocs/azure-docs#114813: `Pod in version "v1" cannot be handled as a Pod: json: cannot
//     unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container`
//   open-cluster-management-io/ocm#530: `json: cannot unmarshal number into Go struct field
//     ObjectMeta.metadata.labels of type string`
//   podman-container-tools/podman#19910: `json: cannot unmarshal object into Go struct field
//     Container.spec.containers.command of type string` (an object inside the command list)
//   kubeflow/spark-operator#2199: `Pod in version "v1" cannot be handled as a Pod: quantities must
//     match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`
//   vislee/leevis.com#186 (memory "32MMi"): `Pod in version "v1" cannot be handled as a Pod: unable
//     to parse quantity's suffix`
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {decodeBody} from '../../../source/sim/http/decode.js';
import {nodeNames, useFixtureSim} from '../fixture-profile.js';
import {probePod} from './pod-helpers.js';

const prefix = 'Pod in version "v1" cannot be handled as a Pod: ';

/** The probe pod with `change` applied to a deep copy. */
function podWith(change: (pod: any) => void): any {
	const pod = structuredClone(probePod('typed', {nodeName: nodeNames.al2023}));
	change(pod);
	return pod;
}

function messageFor(body: any): string | null {
	const decoded = decodeBody(body, 'Pod');
	return decoded.error ? (decoded.error.body.message ?? null) : null;
}

describe('sim typed decoding', () => {
	it("answers a wrong JSON type with Go's message, naming the innermost struct and the path without indexes", () => {
		const cases: [(pod: any) => void, string][] = [
			[(pod) => (pod.spec.containers[0].command = 'echo'), 'json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string'],
			[(pod) => (pod.spec.containers = {name: 'probe'}), 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container'],
			[(pod) => (pod.spec.containers[0].image = 42), 'json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string'],
			[(pod) => (pod.metadata.labels.run = 5), 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
			[(pod) => (pod.spec.containers[0].command = ['sh', {c: 1}]), 'json: cannot unmarshal object into Go struct field Container.spec.containers.command of type string'],
			[(pod) => (pod.spec.securityContext.runAsUser = '3377'), 'json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.runAsUser of type int64'],
			[(pod) => (pod.spec.containers[0].securityContext.runAsUser = 1.5), 'json: cannot unmarshal number 1.5 into Go struct field SecurityContext.spec.containers.securityContext.runAsUser of type int64'],
			[(pod) => (pod.spec.containers[0].securityContext.capabilities = {add: 'NET_ADMIN'}), 'json: cannot unmarshal string into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type []string'],
			[(pod) => (pod.spec.hostNetwork = 'true'), 'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool'],
			[(pod) => (pod.spec.tolerations = [{key: 'dedicated', tolerationSeconds: '30'}]), 'json: cannot unmarshal string into Go struct field Toleration.spec.tolerations.tolerationSeconds of type int64'],
			[(pod) => (pod.spec.containers[0].ports = [{containerPort: '80'}]), 'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'],
			[(pod) => (pod.spec.containers[0].env = [{name: 'ENABLED', value: false}]), 'json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string'],
			[(pod) => (pod.spec.affinity = 'none'), 'json: cannot unmarshal string into Go struct field PodSpec.spec.affinity of type v1.Affinity'],
			[(pod) => (pod.spec.volumes = ['data']), 'json: cannot unmarshal string into Go struct field PodSpec.spec.volumes of type v1.Volume'],
			[(pod) => (pod.spec = []), 'json: cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec'],
			[(pod) => (pod.metadata = 'typed'), 'json: cannot unmarshal string into Go struct field Pod.metadata of type v1.ObjectMeta'],
			[(pod) => (pod.spec.containers[0].resources = {limits: {memory: '32MMi'}}), "unable to parse quantity's suffix"],
			[(pod) => (pod.spec.containers[0].resources = {requests: {cpu: true}}), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
		];
		for (const [change, message] of cases) assert.equal(messageFor(podWith(change)), `${prefix}${message}`);
	});

	it('reports the first mismatch in document order, as Go does', () => {
		const pod = podWith((pod) => {
			pod.spec.restartPolicy = 1;
			pod.spec.containers[0].image = 2;
		});
		assert.equal(messageFor(pod), `${prefix}json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type string`);
	});

	it('leaves well-typed bodies alone and treats null as the zero value', () => {
		const good = podWith((pod) => {
			pod.spec.containers[0].resources = {limits: {cpu: 1, memory: '64Mi'}, requests: {cpu: '250m'}};
			pod.spec.containers[0].ports = [{containerPort: 8080, protocol: 'TCP'}];
		});
		const decoded = decodeBody(good, 'Pod');
		assert.equal(decoded.error, null);
		assert.deepEqual(decoded.object, good);
		const nulls = decodeBody(podWith((pod) => {
			pod.spec.nodeSelector = null;
			pod.spec.containers[0].command = ['sh', null];
			pod.metadata.labels.run = null;
		}), 'Pod');
		assert.equal(nulls.error, null);
		assert.equal('nodeSelector' in nulls.object!.spec, false);
		assert.deepEqual(nulls.object!.spec.containers[0].command, ['sh', '']);
		assert.equal(nulls.object!.metadata.labels.run, '');
	});

	it('refuses a non-string kind or apiVersion while reading the type, before the object', () => {
		assert.equal(messageFor(podWith((pod) => (pod.kind = 5))), "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string");
	});

	describe('over HTTPS', () => {
		const fixture = useFixtureSim();

		it('answers a pod whose command is a string with 400 BadRequest and stores nothing', async () => {
			const body = podWith((pod) => {
				pod.metadata.name = 'string-command';
				pod.spec.containers[0].command = 'echo';
			});
			const answer = await fixture.api.send('POST', '/api/v1/namespaces/default/pods', body);
			assert.equal(answer.status, 400);
			assert.deepEqual(answer.json, {
				kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
				message: `${prefix}json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string`,
			});
			const stored = await fixture.api.send('GET', '/api/v1/namespaces/default/pods/string-command');
			assert.equal(stored.status, 404);
		});

		it('answers server-side apply of image: 42 with 400, not a 500', async () => {
			const body = podWith((pod) => {
				pod.metadata.name = 'numeric-image';
				pod.spec.containers[0].image = 42;
			});
			const answer = await fixture.api.send('PATCH', '/api/v1/namespaces/default/pods/numeric-image?fieldManager=kubectl&fieldValidation=Strict', body, {'Content-Type': 'application/apply-patch+yaml'});
			assert.equal(answer.status, 400, answer.text);
			assert.equal(answer.json.message, `${prefix}json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string`);
		});

		it('never answers 500 to a wrongly typed value anywhere the sim reads a pod, namespace or review', async () => {
			const wrong = [42, 'x', true, [], {}, [1], ['x'], [{}], [null], 1.5];
			const paths: string[][] = [
				['metadata'], ['metadata', 'name'], ['metadata', 'generateName'], ['metadata', 'labels'], ['metadata', 'annotations'], ['metadata', 'namespace'],
				['spec'], ['spec', 'containers'], ['spec', 'initContainers'], ['spec', 'nodeName'], ['spec', 'nodeSelector'], ['spec', 'tolerations'],
				['spec', 'restartPolicy'], ['spec', 'dnsPolicy'], ['spec', 'activeDeadlineSeconds'], ['spec', 'terminationGracePeriodSeconds'],
				['spec', 'securityContext'], ['spec', 'securityContext', 'runAsUser'], ['spec', 'securityContext', 'seccompProfile'], ['spec', 'hostPID'],
				['spec', 'containers', '0'], ['spec', 'containers', '0', 'name'], ['spec', 'containers', '0', 'image'], ['spec', 'containers', '0', 'command'],
				['spec', 'containers', '0', 'args'], ['spec', 'containers', '0', 'imagePullPolicy'], ['spec', 'containers', '0', 'resources'],
				['spec', 'containers', '0', 'securityContext'], ['spec', 'containers', '0', 'securityContext', 'capabilities'],
				['spec', 'containers', '0', 'securityContext', 'privileged'], ['spec', 'containers', '0', 'securityContext', 'seccompProfile', 'type'],
			];
			let index = 0;
			for (const path of paths) {
				for (const value of wrong) {
					const body: any = podWith((pod) => (pod.metadata.name = `fuzz-${index++}`));
					let target = body;
					for (const key of path.slice(0, -1)) target = target[key] ??= {};
					target[path.at(-1)!] = value;
					for (const namespace of ['default', 'restricted-ns']) {
						const answer = await fixture.api.send('POST', `/api/v1/namespaces/${namespace}/pods?dryRun=All`, body);
						assert.ok(answer.status < 500, `${path.join('.')} = ${JSON.stringify(value)} in ${namespace}: ${answer.status} ${answer.text}`);
						assert.equal(answer.json?.kind === 'Status' || answer.status === 201, true, answer.text);
					}
				}
			}
			for (const value of wrong) {
				for (const body of [{metadata: {name: 'fuzz-ns', labels: value}}, {metadata: value}, {metadata: {name: value}}]) {
					const answer = await fixture.api.send('POST', '/api/v1/namespaces?dryRun=All', body);
					assert.ok(answer.status < 500, `namespace ${JSON.stringify(body)}: ${answer.status} ${answer.text}`);
				}
				const patch = await fixture.api.send('PATCH', '/api/v1/namespaces/default', {metadata: {labels: value}}, {'Content-Type': 'application/merge-patch+json'});
				assert.ok(patch.status < 500, `label patch ${JSON.stringify(value)}: ${patch.status} ${patch.text}`);
				const applied = await fixture.api.send('PATCH', '/api/v1/namespaces/default/pods/fuzz-apply?fieldManager=kubectl&dryRun=All', {...podWith(() => {}), metadata: value}, {'Content-Type': 'application/apply-patch+yaml'});
				assert.ok(applied.status < 500, `apply with metadata ${JSON.stringify(value)}: ${applied.status} ${applied.text}`);
				if (typeof value !== 'object' || Array.isArray(value)) assert.equal(applied.status, 400, applied.text);
				for (const spec of [value, {resourceAttributes: value}, {resourceAttributes: {verb: value, resource: value}}]) {
					const review = await fixture.api.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec});
					assert.ok(review.status < 500, `review ${JSON.stringify(spec)}: ${review.status} ${review.text}`);
				}
			}
		});
	});
});
