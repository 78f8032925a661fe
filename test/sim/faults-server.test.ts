// --fault effects as a client meets them: 500/429 answers, added latency, watches dropped by the
// server, sockets reset mid-answer, and probe pods stuck pulling their image.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ApiClient} from './api-client.js';
import {nodeNames, startFixtureSim, tokens} from './fixture-profile.js';

async function withSim<T>(faults: string[], run: (api: ApiClient) => Promise<T>): Promise<T> {
	const sim = await startFixtureSim({faults});
	try {
		return await run(new ApiClient(sim.contexts[0].server, sim.kubeconfigPath, tokens.admin));
	} finally {
		await sim.stop();
	}
}

describe('sim faults', () => {
	it('api-error answers 500 InternalError or 429 TooManyRequests with Retry-After', async () => {
		await withSim(['api-error:1'], async (api) => {
			const codes = new Set<number>();
			for (let index = 0; index < 30; index++) {
				const answer = await api.send('GET', '/api/v1/nodes');
				codes.add(answer.status);
				assert.equal(answer.json.kind, 'Status');
				if (answer.status === 429) {
					assert.equal(answer.headers['retry-after'], '1');
					assert.equal(answer.json.reason, 'TooManyRequests');
				} else {
					assert.equal(answer.status, 500);
					assert.equal(answer.json.reason, 'InternalError');
				}
			}
			assert.deepEqual([...codes].sort(), [429, 500]);
			const stats = await api.as(null).send('GET', '/sim/stats');
			assert.equal(stats.status, 200, 'stats are exempt from faults');
		});
	});

	it('latency delays every request', async () => {
		await withSim(['latency:200'], async (api) => {
			const started = Date.now();
			await api.send('GET', '/version');
			assert.ok(Date.now() - started >= 190);
		});
	});

	it('watch-drop ends each watch after that long', async () => {
		await withSim(['watch-drop:1'], async (api) => {
			const started = Date.now();
			const {ended} = await api.watch('/api/v1/namespaces/default/pods?watch=true', () => false, 5000);
			assert.equal(ended, true);
			assert.ok(Date.now() - started >= 900 && Date.now() - started < 3000);
		});
	});

	it('reset destroys the socket mid-answer', async () => {
		await withSim(['reset:1'], async (api) => {
			await assert.rejects(api.send('GET', '/api/v1/nodes'), (error: NodeJS.ErrnoException) => ['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE'].includes(error.code ?? '') || /socket hang up|aborted/.test(error.message));
		});
	});

	it('image-pull leaves probe pods in ErrImagePull/ImagePullBackOff with the kubelet events', async () => {
		await withSim(['image-pull'], async (api) => {
			const pod = {metadata: {name: 'pull', labels: {'app.kubernetes.io/name': 'prg-probe'}}, spec: {restartPolicy: 'Never', nodeName: nodeNames.al2023, activeDeadlineSeconds: 1, containers: [{name: 'probe', image: 'alpine:3.19'}]}};
			// Every state the pod passes through, from a watch (polling could miss a short one).
			const waitingReasons = (events: any[]) => new Set(events.map((event) => event.object.status?.containerStatuses?.[0]?.state?.waiting?.reason).filter(Boolean));
			const from = (await api.send('GET', '/api/v1/namespaces/default/pods')).json.metadata.resourceVersion;
			const watching = api.watch(`/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dpull&resourceVersion=${from}`, (events) => waitingReasons(events).has('ImagePullBackOff'));
			assert.equal((await api.send('POST', '/api/v1/namespaces/default/pods', pod)).status, 201);
			const reasons = waitingReasons((await watching).events);
			assert.ok(reasons.has('ErrImagePull') && reasons.has('ImagePullBackOff'), [...reasons].join());
			const events = (await api.send('GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dpull')).json.items;
			const messages = events.map((event: any) => `${event.type} ${event.reason} ${event.message}`);
			assert.ok(messages.some((text: string) => /^Warning Failed Failed to pull image "alpine:3\.19": rpc error: code = NotFound desc = failed to pull and unpack image "docker\.io\/library\/alpine:3\.19"/.test(text)), messages.join('\n'));
			assert.ok(messages.includes('Warning Failed Error: ErrImagePull'));
			assert.ok(messages.includes('Normal BackOff Back-off pulling image "alpine:3.19"'));
			assert.ok(messages.includes('Warning Failed Error: ImagePullBackOff'));
			const log = await api.send('GET', '/api/v1/namespaces/default/pods/pull/log');
			assert.equal(log.json.message, 'container "probe" in pod "pull" is waiting to start: trying and failing to pull image');
			// Past activeDeadlineSeconds the kubelet gives up: Failed, DeadlineExceeded.
			let phase = '';
			for (let tries = 0; tries < 100 && phase !== 'Failed'; tries++) {
				const current = await api.send('GET', '/api/v1/namespaces/default/pods/pull');
				phase = current.json.status.phase;
				if (phase === 'Failed') assert.equal(current.json.status.reason, 'DeadlineExceeded');
				await new Promise((resolve) => setTimeout(resolve, 30));
			}
			assert.equal(phase, 'Failed');
		});
	});
});
