// The kubelet's logs while a pod runs: with the real kubelet, output reaches `logs` and
// `logs -f` line by line as the container prints it, not all at once when it exits; limitBytes cuts
// a log (and ends a follow) where the kubelet would.
import assert from 'node:assert/strict';
import {request} from 'node:https';
import {after, before, describe, it} from 'node:test';
import {realKubeletAvailable, realKubeletProblem, runPodCommand} from '../../source/sim/exec/index.js';
import {launchSim, type SimHandle} from '../../source/sim/launch.js';
import {ApiClient} from './api-client.js';
import {fixtureProfile, nodeNames, tokens, useFixtureSim} from './fixture-profile.js';
import {probePod, waitForPhase} from './http/pod-helpers.js';

const skip = realKubeletAvailable() ? false : `the real kubelet cannot run pods here: ${realKubeletProblem()}`;

type Chunk = {at: number; text: string};

/** Follows a log, noting when each piece arrived; resolves when the server ends the stream. */
function followLog(api: ApiClient, path: string): Promise<{chunks: Chunk[]; endedAt: number; status: number}> {
	return new Promise((resolve, reject) => {
		const chunks: Chunk[] = [];
		const req = request(`${api.server}${path}`, {ca: api.ca, headers: {Authorization: `Bearer ${api.token}`}}, (res) => {
			res.setEncoding('utf8');
			res.on('data', (text: string) => chunks.push({at: Date.now(), text}));
			res.on('end', () => resolve({chunks, endedAt: Date.now(), status: res.statusCode ?? 0}));
		});
		req.on('error', reject);
		req.end();
	});
}

const ticking = 'echo tick; sleep 1; echo tick; sleep 1; echo tick; sleep 1';

function tickingPod(name: string) {
	const body = probePod(name, {nodeName: nodeNames.al2023});
	(body.spec.containers as Record<string, unknown>[])[0].args = [ticking];
	return body;
}

describe('sim kubelet logs while a real pod runs', {skip}, () => {
	let sim: SimHandle;
	let api: ApiClient;
	before(async () => {
		sim = await launchSim({profiles: [fixtureProfile()], runCommand: runPodCommand}, {latencyMs: 50, kubelet: 'real'});
		api = new ApiClient(sim.contexts[0]!.server, sim.kubeconfigPath, tokens.admin);
	});
	after(() => sim?.stop());

	it('streams each line to logs and logs -f as the container prints it', async () => {
		const created = await api.send('POST', '/api/v1/namespaces/default/pods', tickingPod('ticking'));
		assert.equal(created.status, 201, created.text);
		await waitForPhase(api, 'ticking', ['Running']);
		const following = followLog(api, '/api/v1/namespaces/default/pods/ticking/log?follow=true');

		// Half-way through, the log already holds the first line and the pod still runs.
		const deadline = Date.now() + 2000;
		let early = await api.send('GET', '/api/v1/namespaces/default/pods/ticking/log');
		while (early.text === '' && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			early = await api.send('GET', '/api/v1/namespaces/default/pods/ticking/log');
		}
		assert.equal(early.status, 200);
		assert.match(early.text, /^(tick\n){1,2}$/);
		const pod = await api.send('GET', '/api/v1/namespaces/default/pods/ticking');
		assert.equal(pod.json.status.phase, 'Running');

		const followed = await following;
		assert.equal(followed.status, 200);
		assert.equal(followed.chunks.map((chunk) => chunk.text).join(''), 'tick\ntick\ntick\n');
		const firstTick = followed.chunks.find((chunk) => chunk.text.includes('tick'))!;
		assert.ok(followed.endedAt - firstTick.at >= 1500, `the first line came ${followed.endedAt - firstTick.at} ms before the end, not as it was printed`);
		const finished = await waitForPhase(api, 'ticking', ['Succeeded']);
		assert.equal(finished.status.containerStatuses[0].state.terminated.exitCode, 0);
		const whole = await api.send('GET', '/api/v1/namespaces/default/pods/ticking/log');
		assert.equal(whole.text, 'tick\ntick\ntick\n', 'nothing is appended twice at the end');
	});

	it('ends a follow once limitBytes went out, while the pod still runs', async () => {
		await api.send('POST', '/api/v1/namespaces/default/pods', tickingPod('limited'));
		await waitForPhase(api, 'limited', ['Running']);
		const followed = await followLog(api, '/api/v1/namespaces/default/pods/limited/log?follow=true&limitBytes=7');
		assert.equal(followed.chunks.map((chunk) => chunk.text).join(''), 'tick\nti');
		const pod = await api.send('GET', '/api/v1/namespaces/default/pods/limited');
		assert.equal(pod.json.status.phase, 'Running', 'the follow ended on the limit, not with the container');
	});
});

describe('sim pod log limitBytes and tailLines', () => {
	const fixture = useFixtureSim();

	it('cuts a finished log at limitBytes and refuses bad values as the API server does', async () => {
		await fixture.api.send('POST', '/api/v1/namespaces/default/pods', probePod('short', {nodeName: nodeNames.al2023}));
		await waitForPhase(fixture.api, 'short', ['Succeeded']);
		const base = '/api/v1/namespaces/default/pods/short/log';
		assert.equal((await fixture.api.send('GET', base)).text, 'OK\n');
		assert.equal((await fixture.api.send('GET', `${base}?limitBytes=1`)).text, 'O');
		assert.equal((await fixture.api.send('GET', `${base}?limitBytes=100`)).text, 'OK\n');
		const zero = await fixture.api.send('GET', `${base}?limitBytes=0`);
		assert.equal(zero.status, 422);
		assert.equal(zero.json.message, 'PodLogOptions "short" is invalid: limitBytes: Invalid value: 0: must be greater than 0');
		const negative = await fixture.api.send('GET', `${base}?tailLines=-1`);
		assert.equal(negative.status, 422);
		assert.equal(negative.json.message, 'PodLogOptions "short" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
		const word = await fixture.api.send('GET', `${base}?limitBytes=lots`);
		assert.equal(word.status, 400);
		assert.equal(word.json.reason, 'BadRequest');
	});
});
