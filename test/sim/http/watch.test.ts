// Watches: replay from a resourceVersion, ADDED/MODIFIED/DELETED live, 410 Expired past the
// bounded history, a watch ending when its client goes, timeoutSeconds.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {SimHandle} from '../../../source/sim/launch.js';
import {ApiClient} from '../api-client.js';
import {nodeNames, startFixtureSim, tokens} from '../fixture-profile.js';
import {probePod, waitForPhase} from './pod-helpers.js';

describe('sim watches', () => {
	let sim: SimHandle;
	let api: ApiClient;
	before(async () => {
		sim = await startFixtureSim({historyLimit: 50});
		api = new ApiClient(sim.contexts[0].server, sim.kubeconfigPath, tokens.admin);
	});
	after(() => sim.stop());

	it('watches from a resourceVersion: replays later events, then ADDED/MODIFIED/DELETED live', async () => {
		const list = await api.send('GET', '/api/v1/namespaces/default/pods?labelSelector=run%3Dwatched');
		const from = list.json.metadata.resourceVersion;
		await api.send('POST', '/api/v1/namespaces/default/pods', probePod('watched', {nodeName: nodeNames.al2023}));
		const watching = api.watch(`/api/v1/namespaces/default/pods?watch=true&labelSelector=run%3Dwatched&resourceVersion=${from}`, (events) => events.some((event) => event.type === 'DELETED'));
		await waitForPhase(api, 'watched', ['Succeeded']);
		const deleted = await api.send('DELETE', '/api/v1/namespaces/default/pods/watched');
		assert.equal(deleted.status, 200);
		const {events} = await watching;
		assert.equal(events[0].type, 'ADDED');
		assert.equal(events[0].object.metadata.name, 'watched');
		const phases = events.filter((event) => event.type === 'MODIFIED').map((event) => event.object.status.phase);
		assert.ok(phases.includes('Running') && phases.at(-1) === 'Succeeded', phases.join());
		assert.equal(events.at(-1).type, 'DELETED');
		const versions = events.map((event) => Number(event.object.metadata.resourceVersion));
		assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
		assert.ok(versions[0] > Number(from));
	});

	it('streams the current state first for sendInitialEvents, then an initial-events-end bookmark', async () => {
		const {events} = await api.watch('/api/v1/nodes?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', (seen) => seen.some((event) => event.type === 'BOOKMARK'));
		const added = events.filter((event) => event.type === 'ADDED').map((event) => event.object.metadata.name);
		assert.equal(added.length, 4);
		const bookmark = events.at(-1);
		assert.equal(bookmark.type, 'BOOKMARK');
		assert.equal(bookmark.object.kind, 'Node');
		assert.deepEqual(bookmark.object.metadata.annotations, {'k8s.io/initial-events-end': 'true'});
	});

	it('sends Table rows in watch events when asked like kubectl get -w', async () => {
		const rows: any[] = [];
		const {events} = await api.watch('/api/v1/nodes?watch=true', (seen) => seen.length >= 4, 5000, {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'});
		for (const event of events) rows.push(...event.object.rows);
		assert.equal(events[0].object.kind, 'Table');
		assert.equal(rows.length, 4);
		assert.ok(rows.every((row) => typeof row.cells[0] === 'string' && ['Ready', 'NotReady'].includes(row.cells[1])));
	});

	it('ends a watch from a version older than the history with a 410 Expired ERROR event', async () => {
		for (let index = 0; index < 60; index++) await api.send('POST', '/api/v1/namespaces', {metadata: {name: `churn-${index}`}});
		const {events, ended} = await api.watch('/api/v1/namespaces/default/pods?watch=true&resourceVersion=1001', () => false, 3000);
		assert.equal(ended, true);
		assert.equal(events.length, 1);
		assert.equal(events[0].type, 'ERROR');
		assert.equal(events[0].object.code, 410);
		assert.equal(events[0].object.reason, 'Expired');
		assert.match(events[0].object.message, /^too old resource version: 1001 \(\d+\)$/);
	});

	it('drops a watch when its client goes away', async () => {
		const before = (await api.as(null).send('GET', '/sim/stats')).json.watches;
		await api.watch('/api/v1/namespaces/default/pods?watch=true', (events) => events.length > 0 || true, 200);
		await api.watch('/api/v1/nodes?watch=true&allowWatchBookmarks=true', () => false, 200);
		for (let tries = 0; tries < 50; tries++) {
			if ((await api.as(null).send('GET', '/sim/stats')).json.watches === before) break;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		assert.equal((await api.as(null).send('GET', '/sim/stats')).json.watches, before);
	});

	it('ends the stream at timeoutSeconds', async () => {
		const started = Date.now();
		const from = (await api.send('GET', '/api/v1/nodes')).json.metadata.resourceVersion;
		const {ended} = await api.watch(`/api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion=${from}`, () => false, 5000);
		assert.equal(ended, true);
		assert.ok(Date.now() - started >= 900);
	});
});
