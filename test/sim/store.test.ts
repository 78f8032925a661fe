import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Store, type StoreEvent, type Watcher} from '../../source/sim/store.js';

const pod = (name: string, labels: Record<string, string> = {}) => ({kind: 'Pod', metadata: {name, namespace: 'default', labels}});

function collector(filter: (object: any) => boolean = () => true): Watcher & {events: StoreEvent[]} {
	const events: StoreEvent[] = [];
	return {resource: 'pods', namespace: 'default', matches: filter, send: (event) => events.push(event), events};
}

describe('Store', () => {
	it('gives every change a higher resourceVersion and keeps stored objects immutable', () => {
		const store = new Store(100, 1000);
		const created = store.create('pods', pod('a'));
		assert.equal(created.object.metadata.resourceVersion, '1001');
		assert.ok(created.object.metadata.uid);
		const updated = store.update('pods', 'default', 'a', (copy) => (copy.metadata.labels = {x: '1'}))!;
		assert.equal(updated.object.metadata.resourceVersion, '1002');
		assert.deepEqual(created.object.metadata.labels, {});
		assert.equal(JSON.parse(updated.json).metadata.labels.x, '1');
		const removed = store.remove('pods', 'default', 'a')!;
		assert.equal(removed.object.metadata.resourceVersion, '1003');
		assert.equal(store.get('pods', 'default', 'a'), undefined);
		assert.equal(store.currentVersion(), 1003);
	});

	it('lists in namespace/name order, filtered by namespace', () => {
		const store = new Store();
		for (const name of ['c', 'a', 'b']) store.create('pods', pod(name));
		store.create('pods', {kind: 'Pod', metadata: {name: 'z', namespace: 'other'}});
		assert.deepEqual(store.list('pods', 'default').map((entry) => entry.object.metadata.name), ['a', 'b', 'c']);
		assert.deepEqual(store.list('pods', null).map((entry) => entry.object.metadata.name), ['a', 'b', 'c', 'z']);
	});

	it('replays events after a version to a new watcher, then streams, filtering by selector', () => {
		const store = new Store();
		store.create('pods', pod('before', {app: 'x'}));
		const from = store.currentVersion();
		store.create('pods', pod('after', {app: 'x'}));
		store.create('pods', pod('other', {app: 'y'}));
		const watcher = collector((object) => object.metadata.labels?.app === 'x');
		assert.equal(store.watch(watcher, from), true);
		store.update('pods', 'default', 'after', (copy) => (copy.status = {phase: 'Running'}));
		store.remove('pods', 'default', 'after');
		assert.deepEqual(watcher.events.map((event) => `${event.type} ${event.object.metadata.name}`), ['ADDED after', 'MODIFIED after', 'DELETED after']);
		assert.match(watcher.events[1].line, /^\{"type":"MODIFIED","object":\{.*"phase":"Running".*\}\}\n$/);
		store.unwatch(watcher);
		store.create('pods', pod('later', {app: 'x'}));
		assert.equal(watcher.events.length, 3);
	});

	it('refuses a watch from a version the bounded history no longer holds', () => {
		const store = new Store(5, 1000);
		const first = store.currentVersion();
		for (let index = 0; index < 12; index++) store.create('pods', pod(`p${index}`));
		assert.equal(store.watch(collector(), first), false);
		assert.ok(store.oldestVersion() > first);
		const watcher = collector();
		assert.equal(store.watch(watcher, store.oldestVersion()), true);
		assert.equal(watcher.events.length, 5);
	});

	it('does not record seeded objects in the history', () => {
		const store = new Store();
		store.seed('pods', pod('seeded'));
		const watcher = collector();
		assert.equal(store.watch(watcher, store.oldestVersion()), true);
		assert.equal(watcher.events.length, 0);
	});
});
