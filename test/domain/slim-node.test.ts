// listNodes trims each node to what prg-doctor reads (slimNode): over every node fixture (real dumps
// where one was posted, see fixtures/nodes/SOURCES.md), the pools, environments, predictions and
// pod-user-namespace verdict must be exactly those of the full objects.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {slimNode, type KNode} from '../../source/domain/k8s.js';
import {buildPools, podUserNamespaces} from '../../source/domain/predict.js';

const dir = new URL('../fixtures/nodes/', import.meta.url);
const nodes = readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as KNode);

test('a slim node gives the same pools, environments and predictions as the full one', () => {
	assert.ok(nodes.length >= 20);
	assert.deepEqual(buildPools(nodes.map(slimNode)), buildPools(nodes));
	for (const version of ['v1.30.2', 'v1.33.1']) assert.deepEqual(podUserNamespaces(version, nodes.map(slimNode)), podUserNamespaces(version, nodes));
});

test('what a slim node drops: addresses, capacity, other conditions (the bulk of a node object)', () => {
	const full = [...nodes].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0]!;
	const slim = slimNode(full);
	assert.equal(slim.status?.addresses, undefined);
	assert.equal(slim.status?.capacity, undefined);
	assert.ok((slim.status?.conditions ?? []).every((condition) => condition.type === 'Ready'));
	assert.ok(JSON.stringify(slim).length < JSON.stringify(full).length, `${JSON.stringify(slim).length} of ${JSON.stringify(full).length} bytes`);
});
