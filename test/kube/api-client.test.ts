import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KPod, WatchEvent} from '../../source/domain/k8s.js';
import {connect, sendJson, startApiServer, type ApiServer} from './helpers/api-server.js';
import {testPki, type Pki} from './helpers/tls.js';
import {rejection} from './helpers/rejection.js';

let pki: Pki;
let server: ApiServer;
before(async () => {
	pki = await testPki();
	server = await startApiServer({tls: pki.server, clientCa: pki.ca.cert});
});
after(() => server.close());

const token = 'sha256~kX3vQ9tLm2Zp8Rw4Yc7Nb1Hd6Jf0Gs5Ua';


describe('requests', () => {
	test('version over verified TLS with a bearer token', async () => {
		server.handle((request, response) => sendJson(response, 200, {major: '1', minor: '31', gitVersion: 'v1.31.2-eks-7f9249a', platform: 'linux/amd64'}));
		const client = await connect({server, ca: pki.ca.cert, user: {token}, namespace: 'probes'});
		assert.equal(client.context, 'test');
		assert.equal(client.server, server.url);
		assert.equal(client.namespace, 'probes');
		const version = await client.version({timeoutMs: 3000});
		assert.equal(version.gitVersion, 'v1.31.2-eks-7f9249a');
		const request = server.requests.at(-1)!;
		assert.equal(request.path, '/version');
		assert.equal(request.headers.authorization, `Bearer ${token}`);
		assert.equal(request.headers.accept, 'application/json');
		client.close();
	});

	test('client certificates from the kubeconfig reach the server', async () => {
		server.handle((request, response) => sendJson(response, 200, {major: '1', minor: '30', gitVersion: 'v1.30.0'}));
		const user = {'client-certificate-data': Buffer.from(pki.client.cert).toString('base64'), 'client-key-data': Buffer.from(pki.client.key).toString('base64')};
		const client = await connect({server, ca: pki.ca.cert, user});
		await client.version();
		assert.equal(server.requests.at(-1)!.clientCn, 'kubernetes-admin');
		assert.equal(server.requests.at(-1)!.headers.authorization, undefined);
		client.close();
	});

	test('the namespace defaults to `default`', async () => {
		const client = await connect({server, ca: pki.ca.cert});
		assert.equal(client.namespace, 'default');
		client.close();
	});

	test('listNodes pages with limit and continue, and returns the last resourceVersion', async () => {
		server.handle((request, response) => {
			const page = request.query.get('continue');
			assert.equal(request.query.get('limit'), '500');
			assert.equal(request.query.get('labelSelector'), 'eks.amazonaws.com/nodegroup=bottlerocket');
			if (page === null) sendJson(response, 200, {kind: 'NodeList', apiVersion: 'v1', metadata: {resourceVersion: '100', continue: 'page-2'}, items: [{metadata: {name: 'a'}}, {metadata: {name: 'b'}}]});
			else sendJson(response, 200, {kind: 'NodeList', apiVersion: 'v1', metadata: {resourceVersion: '100'}, items: [{metadata: {name: 'c'}}]});
		});
		const client = await connect({server, ca: pki.ca.cert});
		const list = await client.listNodes({labelSelector: 'eks.amazonaws.com/nodegroup=bottlerocket'});
		assert.deepEqual(list.items.map(node => node.metadata?.name), ['a', 'b', 'c']);
		assert.equal(list.resourceVersion, '100');
		assert.equal(server.requests.at(-1)!.query.get('continue'), 'page-2');
		client.close();
	});

	test('a server that repeats its continue token does not loop forever', async () => {
		server.handle((request, response) => sendJson(response, 200, {metadata: {resourceVersion: '7', continue: 'same'}, items: [{metadata: {name: 'x'}}]}));
		const client = await connect({server, ca: pki.ca.cert});
		const before = server.requests.length;
		const list = await client.listPods('prg', {labelSelector: 'app.kubernetes.io/name=prg-probe'});
		assert.equal(server.requests.length - before, 2);
		assert.equal(list.items.length, 2);
		client.close();
	});

	test('an expired continue token falls back to one full list', async () => {
		server.handle((request, response) => {
			if (request.query.get('continue') !== null) sendJson(response, 410, {kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.', reason: 'Expired', code: 410});
			else if (request.query.get('limit') !== null) sendJson(response, 200, {metadata: {resourceVersion: '5', continue: 'c1'}, items: [{metadata: {name: 'x'}}]});
			else sendJson(response, 200, {metadata: {resourceVersion: '9'}, items: [{metadata: {name: 'x'}}, {metadata: {name: 'y'}}]});
		});
		const client = await connect({server, ca: pki.ca.cert});
		const list = await client.listNodes();
		assert.deepEqual(list.items.map(node => node.metadata?.name), ['x', 'y']);
		assert.equal(list.resourceVersion, '9');
		client.close();
	});

	test('createPod posts the pod; getPod and getNamespace read', async () => {
		server.handle((request, response) => {
			if (request.method === 'POST') {
				const pod = JSON.parse(request.body) as KPod;
				sendJson(response, 201, {...pod, metadata: {...pod.metadata, name: 'prg-probe-abcde', namespace: 'prg', resourceVersion: '42'}});
			} else if (request.path === '/api/v1/namespaces/prg') sendJson(response, 200, {kind: 'Namespace', metadata: {name: 'prg', labels: {'pod-security.kubernetes.io/enforce': 'baseline'}}});
			else sendJson(response, 200, {kind: 'Pod', metadata: {name: 'prg-probe-abcde'}, status: {phase: 'Running'}});
		});
		const client = await connect({server, ca: pki.ca.cert});
		const created = await client.createPod('prg', {apiVersion: 'v1', kind: 'Pod', metadata: {generateName: 'prg-probe-'}});
		assert.equal(created.metadata?.name, 'prg-probe-abcde');
		const post = server.requests.at(-1)!;
		assert.equal(post.path, '/api/v1/namespaces/prg/pods');
		assert.equal(post.headers['content-type'], 'application/json');
		assert.equal((await client.getPod('prg', 'prg-probe-abcde')).status?.phase, 'Running');
		assert.equal(server.requests.at(-1)!.path, '/api/v1/namespaces/prg/pods/prg-probe-abcde');
		const namespace = await client.getNamespace('prg');
		assert.equal(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce'], 'baseline');
		client.close();
	});

	test('deletePod uses background propagation and treats 404 as done', async () => {
		server.handle((request, response) => sendJson(response, 404, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "gone" not found', reason: 'NotFound', details: {name: 'gone', kind: 'pods'}, code: 404}));
		const client = await connect({server, ca: pki.ca.cert});
		await client.deletePod('prg', 'gone');
		const request = server.requests.at(-1)!;
		assert.equal(request.method, 'DELETE');
		assert.equal(request.path, '/api/v1/namespaces/prg/pods/gone');
		assert.equal(JSON.parse(request.body).propagationPolicy, 'Background');
		client.close();
	});

	test('deletePods is one deletecollection by label', async () => {
		server.handle((request, response) => sendJson(response, 200, {kind: 'PodList', metadata: {}, items: []}));
		const client = await connect({server, ca: pki.ca.cert});
		await client.deletePods('prg', 'prg-doctor.io/run=r1');
		const request = server.requests.at(-1)!;
		assert.equal(request.method, 'DELETE');
		assert.equal(request.path, '/api/v1/namespaces/prg/pods');
		assert.equal(request.query.get('labelSelector'), 'prg-doctor.io/run=r1');
		assert.equal(JSON.parse(request.body).propagationPolicy, 'Background');
		client.close();
	});

	test('readPodLog returns the text', async () => {
		const log = 'prg-probe=1\nkernel=6.1.102\nunshare=unshare: unshare(0x10000000): No space left on device\nFAILED\n';
		server.handle((request, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			response.end(log);
		});
		const client = await connect({server, ca: pki.ca.cert});
		assert.equal(await client.readPodLog('prg', 'p1', {container: 'probe'}), log);
		assert.equal(server.requests.at(-1)!.path, '/api/v1/namespaces/prg/pods/p1/log');
		assert.equal(server.requests.at(-1)!.query.get('container'), 'probe');
		client.close();
	});

	test('gzip answers are decoded', async () => {
		const {gzipSync} = await import('node:zlib');
		server.handle((request, response) => {
			assert.equal(request.headers['accept-encoding'], 'gzip');
			const body = gzipSync(JSON.stringify({metadata: {resourceVersion: '3'}, items: [{reason: 'FailedScheduling'}]}));
			response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length});
			response.end(body);
		});
		const client = await connect({server, ca: pki.ca.cert});
		const events = await client.listEvents('prg', {fieldSelector: 'involvedObject.name=p1'});
		assert.equal(events.items[0]!.reason, 'FailedScheduling');
		assert.equal(server.requests.at(-1)!.query.get('fieldSelector'), 'involvedObject.name=p1');
		client.close();
	});

	test('accessReview asks a SelfSubjectAccessReview', async () => {
		server.handle((request, response) => {
			const review = JSON.parse(request.body);
			sendJson(response, 201, {...review, status: {allowed: false, reason: ''}});
		});
		const client = await connect({server, ca: pki.ca.cert});
		const answer = await client.accessReview({verb: 'create', resource: 'pods', namespace: 'prg'});
		assert.deepEqual(answer, {allowed: false, reason: null});
		const request = server.requests.at(-1)!;
		assert.equal(request.path, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
		assert.deepEqual(JSON.parse(request.body).spec.resourceAttributes, {verb: 'create', resource: 'pods', namespace: 'prg', group: ''});
		client.close();
	});

	test('a 403 carries the server message and never the token', async () => {
		server.handle((request, response) => sendJson(response, 403, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods is forbidden: User "dev" cannot create resource "pods" in API group "" in the namespace "prg"', reason: 'Forbidden', details: {kind: 'pods'}, code: 403}));
		const client = await connect({server, ca: pki.ca.cert, user: {token}});
		const error = await rejection(client.createPod('prg', {metadata: {generateName: 'x-'}}));
		assert.equal(error.kind, 'forbidden');
		assert.match(error.hint, /kubectl auth can-i create pods -n prg/);
		assert.ok(!`${error.message} ${error.hint}`.includes(token));
		client.close();
	});
});

describe('watchPods', () => {
	const pod = (name: string, resourceVersion: string, phase: string): KPod => ({metadata: {name, resourceVersion}, status: {phase}});

	test('streams NDJSON events and resolves when the server ends the stream', async () => {
		server.handle((request, response) => {
			response.writeHead(200, {'content-type': 'application/json', 'transfer-encoding': 'chunked'});
			response.write(`${JSON.stringify({type: 'ADDED', object: pod('p1', '11', 'Pending')})}\n`);
			// An event split across chunks must still arrive whole.
			const modified = JSON.stringify({type: 'MODIFIED', object: pod('p1', '12', 'Running')});
			response.write(modified.slice(0, 20));
			setTimeout(() => {
				response.write(`${modified.slice(20)}\n${JSON.stringify({type: 'BOOKMARK', object: {kind: 'Pod', metadata: {resourceVersion: '15'}}})}\n`);
				response.end(`${JSON.stringify({type: 'DELETED', object: pod('p1', '16', 'Succeeded')})}\n`);
			}, 20);
		});
		const client = await connect({server, ca: pki.ca.cert});
		const events: WatchEvent<KPod>[] = [];
		await client.watchPods('prg', {labelSelector: 'prg-doctor.io/run=r1', resourceVersion: '10', signal: new AbortController().signal, onEvent: event => events.push(event)});
		assert.deepEqual(events.map(event => [event.type, event.object.metadata?.resourceVersion]), [['ADDED', '11'], ['MODIFIED', '12'], ['BOOKMARK', '15'], ['DELETED', '16']]);
		const query = server.requests.at(-1)!.query;
		assert.equal(query.get('watch'), '1');
		assert.equal(query.get('resourceVersion'), '10');
		assert.equal(query.get('allowWatchBookmarks'), 'true');
		assert.equal(query.get('labelSelector'), 'prg-doctor.io/run=r1');
		assert.ok(Number(query.get('timeoutSeconds')) >= 240);
		client.close();
	});

	test('an ERROR event with 410 rejects as gone', async () => {
		server.handle((request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write(`${JSON.stringify({type: 'ADDED', object: pod('p1', '11', 'Pending')})}\n`);
			// obmarg/kazan#76: the event the API server sends when the resourceVersion is compacted away
			response.write('{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The resourceVersion for the provided watch is too old.","reason":"Expired","code":410}}\n');
		});
		const client = await connect({server, ca: pki.ca.cert});
		const events: WatchEvent<KPod>[] = [];
		const error = await rejection(client.watchPods('prg', {resourceVersion: '1', signal: new AbortController().signal, onEvent: event => events.push(event)}));
		assert.equal(error.kind, 'gone');
		assert.equal(events.length, 1);
		client.close();
	});

	test('an HTTP 410 rejects as gone', async () => {
		server.handle((request, response) => sendJson(response, 410, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (5012)', reason: 'Expired', code: 410}));
		const client = await connect({server, ca: pki.ca.cert});
		const error = await rejection(client.watchPods('prg', {resourceVersion: '1', signal: new AbortController().signal, onEvent: () => {}}));
		assert.equal(error.kind, 'gone');
		assert.match(error.message, /too old resource version/);
		client.close();
	});

	test('aborting the signal ends the watch quietly', async () => {
		server.handle((request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write(`${JSON.stringify({type: 'ADDED', object: pod('p1', '11', 'Pending')})}\n`);
		});
		const client = await connect({server, ca: pki.ca.cert});
		const controller = new AbortController();
		const started = Date.now();
		await client.watchPods('prg', {resourceVersion: '1', signal: controller.signal, onEvent: () => controller.abort()});
		assert.ok(Date.now() - started < 2000);
		client.close();
	});

	test('a connection dropped mid-stream resolves so the caller resumes', async () => {
		server.handle((request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write(`${JSON.stringify({type: 'ADDED', object: pod('p1', '11', 'Pending')})}\n`);
			setTimeout(() => response.socket?.destroy(), 20);
		});
		const client = await connect({server, ca: pki.ca.cert});
		const events: WatchEvent<KPod>[] = [];
		await client.watchPods('prg', {resourceVersion: '1', signal: new AbortController().signal, onEvent: event => events.push(event)});
		assert.equal(events.length, 1);
		client.close();
	});
});

test('a server URL with a path prefix (Rancher-style proxy) keeps it', async () => {
	server.handle((request, response) => sendJson(response, 200, {major: '1', minor: '30', gitVersion: 'v1.30.4+rke2r1'}));
	const prefixed = {...server, url: `${server.url}/k8s/clusters/c-m-4xq7z2lp/`};
	const client = await connect({server: prefixed, ca: pki.ca.cert});
	await client.listNodes();
	assert.equal(server.requests.at(-1)!.path, '/k8s/clusters/c-m-4xq7z2lp/api/v1/nodes');
	client.close();
});

test('kubectl proxy style: plain http, no TLS', async () => {
	const plain = await startApiServer({handler: (request, response) => sendJson(response, 200, {major: '1', minor: '29', gitVersion: 'v1.29.4'})});
	try {
		const client = await connect({server: plain, user: {}});
		assert.equal((await client.version()).gitVersion, 'v1.29.4');
		client.close();
	} finally {
		await plain.close();
	}
});
