import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {errorFromNetwork, errorFromResponse, errorFromStatus, parseStatus, type ErrorContext} from '../../source/kube/errors.js';

const context: ErrorContext = {
	server: 'https://4A5B6C7D8E9F.gr7.eu-west-1.eks.amazonaws.com',
	context: 'prod',
	user: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
	auth: {type: 'exec', command: 'aws', args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod']},
	action: 'create pod in prg',
	namespace: 'prg',
};

// Status bodies as API servers sent them, quoted in public threads (source beside each).
const bodies = {
	// Nmap service probes of API servers (several public scan dumps), and kubernetes/kubernetes audit logs.
	unauthorized: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
	// GluuFederation/cloud-native-edition#543
	rbac: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \\"system:serviceaccount:gluu:default\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"gluu\\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}',
	// message: SPEC section 4 / kubernetes/kubernetes#103388 (the baseline seccomp check); body shape: a PSA refusal.
	psa: JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "prg-probe-x7k2p" is forbidden: violates PodSecurity "baseline:latest": seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")', reason: 'Forbidden', details: {name: 'prg-probe-x7k2p', kind: 'pods'}, code: 403}),
	// pulp/pulp-operator#1319
	scc: JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "ocp-example-database-0" is forbidden: unable to validate against any security context constraint: [provider "anyuid": Forbidden: not usable by user or serviceaccount, provider restricted-v2: .containers[0].runAsUser: Invalid value: 999: must be in the ranges: [1000680000, 1000689999]]', reason: 'Forbidden', details: {name: 'ocp-example-database-0', kind: 'pods'}, code: 403}),
	// open-policy-agent/gatekeeper docs and elastisys compliantkubernetes docs: `admission webhook "validation.gatekeeper.sh" denied the request: [...]`
	webhook: JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'admission webhook "validation.gatekeeper.sh" denied the request: [denied by require-networkpolicy] No matching networkpolicy found', reason: 'Forbidden', code: 403}),
	// kopf issue threads (persistentvolumes "mysql-instance-pv" already exists)
	conflict: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"persistentvolumes \\"mysql-instance-pv\\" already exists","reason":"AlreadyExists","details":{"name":"mysql-instance-pv","kind":"persistentvolumes"},"code":409}',
	// obmarg/kazan#76 (a watch ERROR event object)
	expired: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The resourceVersion for the provided watch is too old.","reason":"Expired","code":410}',
	// A Chinese blog post on the Java client, quoting the traefik IngressRoute refusal
	invalid: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"IngressRoute.traefik.containo.us \\"traefik-dashboard\\" is invalid: spec: Required value","reason":"Invalid","details":{"name":"traefik-dashboard","group":"traefik.containo.us","kind":"IngressRoute","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec"}]},"code":422}',
	notFound: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"prg-probe-x7k2p\\" not found","reason":"NotFound","details":{"name":"prg-probe-x7k2p","kind":"pods"},"code":404}',
	// kube-apiserver's max-in-flight filter answers 429 in plain text (k8s.io/apiserver/pkg/server/filters/maxinflight.go)
	tooMany: 'Too many requests, please try again later.\n',
};

describe('HTTP status → KubeError', () => {
	test('401 names the user and the re-login step for its plugin, and no token', () => {
		const error = errorFromResponse(401, bodies.unauthorized, null, context);
		assert.equal(error.kind, 'unauthorized');
		assert.equal(error.code, 401);
		assert.match(error.message, /refused the credentials of user "arn:aws:eks:eu-west-1:123456789012:cluster\/prod"/);
		assert.match(error.hint, /aws sso login/);
		assert.match(error.hint, /aws eks update-kubeconfig --name prod/);
	});

	test('401 hints differ per credential', () => {
		const gke = errorFromResponse(401, bodies.unauthorized, null, {...context, auth: {type: 'exec', command: 'gke-gcloud-auth-plugin', args: []}});
		assert.match(gke.hint, /gcloud auth login/);
		const cert = errorFromResponse(401, bodies.unauthorized, null, {...context, auth: {type: 'client-cert'}});
		assert.match(cert.hint, /kind export kubeconfig/);
		const oidc = errorFromResponse(401, bodies.unauthorized, null, {...context, auth: {type: 'auth-provider', provider: 'oidc'}});
		assert.match(oidc.hint, /OIDC id-token/);
	});

	test('403 RBAC keeps the server message and suggests kubectl auth can-i', () => {
		const error = errorFromResponse(403, bodies.rbac, null, context);
		assert.equal(error.kind, 'forbidden');
		assert.equal(error.message, 'pods is forbidden: User "system:serviceaccount:gluu:default" cannot list resource "pods" in API group "" in the namespace "gluu"');
		assert.match(error.hint, /Role in the README/);
		assert.match(error.hint, /`kubectl auth can-i list pods -n gluu`/);
	});

	test('403 from Pod Security Admission is admission, with the level', () => {
		const error = errorFromResponse(403, bodies.psa, null, context);
		assert.equal(error.kind, 'admission');
		assert.match(error.message, /violates PodSecurity "baseline:latest"/);
		assert.match(error.hint, /prg enforces Pod Security "baseline"/);
		assert.match(error.hint, /enforce=privileged/);
	});

	test('403 from an OpenShift SCC is admission, in one line that keeps what restricted-v2 objected to', () => {
		const error = errorFromResponse(403, bodies.scc, null, context);
		assert.equal(error.kind, 'admission');
		assert.match(error.hint, /restricted-v2 SCC/);
		assert.equal(error.message, 'pods "ocp-example-database-0" is forbidden: OpenShift SCC restricted-v2 refuses it: runAsUser: 999: must be in the ranges: [1000680000, 1000689999]');
	});

	test('an SCC refusal listing every provider stays under 300 characters', () => {
		const providers = ['restricted', 'nonroot-v2', 'nonroot', 'hostmount-anyuid', 'machine-api-termination-handler', 'hostnetwork-v2', 'hostnetwork', 'hostaccess', 'node-exporter', 'privileged'];
		const message = `pods "prg-probe-x" is forbidden: unable to validate against any security context constraint: [provider "anyuid": Forbidden: not usable by user or serviceaccount, provider restricted-v2: .containers[0].runAsUser: Invalid value: 3377: must be in the ranges: [1000680000, 1000689999], provider restricted-v2: .containers[0].seccompProfile.type: Forbidden: unconfined is not an allowed seccomp profile. Valid values are [runtime/default], ${providers.map(name => `provider "${name}": Forbidden: not usable by user or serviceaccount`).join(', ')}]`;
		const error = errorFromStatus({kind: 'Status', code: 403, reason: 'Forbidden', message}, context);
		assert.ok(message.length > 900);
		assert.ok(error.message.length <= 280, `${error.message.length} characters`);
		assert.match(error.message, /runAsUser: 3377: must be in the ranges/);
		assert.match(error.message, /unconfined is not an allowed seccomp profile/);
	});

	test('an SCC refusal without a provider list (older OpenShift) is kept, clipped', () => {
		// openshift-labs/learn-katacoda#1015
		const message = 'pods "customer-77cc64968b-" is forbidden: unable to validate against any security context constraint: [spec.initContainers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed capabilities.add: Invalid value: "NET_ADMIN": capability may not be added spec.initContainers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed capabilities.add: Invalid value: "NET_ADMIN": capability may not be added spec.containers[1].securityContext.securityContext.runAsUser: Invalid value: 1337: must be in the ranges: [1000280000, 1000289999]]';
		const error = errorFromStatus({kind: 'Status', code: 403, message}, context);
		assert.equal(error.kind, 'admission');
		assert.equal(error.message.length, 280);
		assert.ok(error.message.endsWith('…'));
	});

	test('a webhook denial is admission and names the webhook', () => {
		const error = errorFromResponse(403, bodies.webhook, null, context);
		assert.equal(error.kind, 'admission');
		assert.match(error.hint, /"validation\.gatekeeper\.sh"/);
		const asBadRequest = errorFromResponse(400, bodies.webhook, null, context);
		assert.equal(asBadRequest.kind, 'admission');
	});

	test('404, 409, 410, 422', () => {
		const notFound = errorFromResponse(404, bodies.notFound, null, context);
		assert.equal(notFound.kind, 'not-found');
		assert.match(notFound.message, /^create pod in prg: pods "prg-probe-x7k2p" not found$/);
		assert.equal(errorFromResponse(409, bodies.conflict, null, context).kind, 'conflict');
		const gone = errorFromResponse(410, bodies.expired, null, context);
		assert.equal(gone.kind, 'gone');
		assert.match(gone.message, /too old/);
		const invalid = errorFromResponse(422, bodies.invalid, null, context);
		assert.equal(invalid.kind, 'invalid');
		assert.match(invalid.message, /is invalid: spec: Required value/);
	});

	test('422 causes the message does not already spell out are appended', () => {
		const status = {kind: 'Status' as const, code: 422, reason: 'Invalid', message: 'Pod "p" is invalid', details: {causes: [{reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image'}]}};
		const error = errorFromStatus(status, context);
		assert.equal(error.message, 'create pod in prg: Pod "p" is invalid (spec.containers[0].image: Required value)');
	});

	test('429 in plain text and 5xx become server errors that count the attempts', () => {
		const busy = errorFromResponse(429, bodies.tooMany, 2, {...context, attempts: 4});
		assert.equal(busy.kind, 'server');
		assert.equal(busy.retryAfterSeconds, 2);
		assert.match(busy.message, /overloaded \(429 Too Many Requests\) after 4 attempts: Too many requests, please try again later\./);
		const down = errorFromResponse(503, '<html><body><h1>503 Service Unavailable</h1></body></html>', null, context);
		assert.equal(down.kind, 'server');
		assert.match(down.message, /answered 503/);
	});

	test('a missing namespace says how to create it', () => {
		const body = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \\"prg\\" not found","reason":"NotFound","details":{"name":"prg","kind":"namespaces"},"code":404}';
		const error = errorFromResponse(404, body, null, context);
		assert.equal(error.message, 'create pod in prg: namespaces "prg" not found');
		assert.match(error.hint, /kubectl create namespace prg$/);
	});

	test('a huge message is cut to one readable line', () => {
		const error = errorFromStatus({kind: 'Status', code: 500, reason: 'InternalError', message: `Internal error occurred: ${'x'.repeat(5000)}`}, context);
		assert.ok(error.message.length < 600, `${error.message.length} characters`);
		assert.ok(error.message.endsWith('…'));
	});

	test('a 404 that is not a Status suggests the URL is not an API server', () => {
		const error = errorFromResponse(404, '404 page not found\n', null, context);
		assert.equal(error.kind, 'not-found');
		assert.match(error.hint, /Kubernetes API server\?/);
	});

	test('parseStatus ignores what is not a Status', () => {
		assert.equal(parseStatus('{"kind":"Pod"}'), null);
		assert.equal(parseStatus('oops'), null);
		assert.equal(parseStatus(bodies.expired)?.code, 410);
	});
});

describe('network errors → KubeError', () => {
	const cases: [string, string, RegExp][] = [
		['ECONNREFUSED', 'unreachable', /connection refused by https:\/\/4A5B6C7D8E9F/],
		['ENOTFOUND', 'unreachable', /cannot resolve 4a5b6c7d8e9f\.gr7\.eu-west-1\.eks\.amazonaws\.com/],
		['EHOSTUNREACH', 'unreachable', /no route to/],
		['ETIMEDOUT', 'unreachable', /timed out/],
		['ECONNRESET', 'unreachable', /was reset during create pod in prg/],
		['ERR_TLS_HANDSHAKE_TIMEOUT', 'unreachable', /accepted the connection but never completed the TLS handshake/],
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', /certificate the kubeconfig's CA does not trust/],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', /does not trust/],
		['CERT_HAS_EXPIRED', 'tls', /has expired/],
		['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', /is not issued for/],
		['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', /does not speak TLS/],
		['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'auth', /rejected the client certificate/],
		['ERR_OSSL_X509_KEY_VALUES_MISMATCH', 'auth', /certificate or key .* is unusable/],
	];
	for (const [code, kind, message] of cases) {
		test(code, () => {
			const error = errorFromNetwork(Object.assign(new Error(`connect ${code}`), {code}), context);
			assert.equal(error.kind, kind);
			assert.match(error.message, message);
			assert.ok(error.hint.length > 10);
		});
	}
});
