import {test} from 'node:test';
import assert from 'node:assert/strict';
import {selectTargets} from '../../source/domain/select-targets.js';
import type {NodeInfo, PoolInfo} from '../../source/domain/types.js';
import {UsageError} from '../../source/errors.js';

const prediction = {status: 'unknown', gate: null, reason: ''} as const;
function node(name: string, pool: string, ready: boolean | null = true): NodeInfo {
	return {name, pool, environment: 'generic', osImage: null, kernelVersion: null, containerRuntime: null, kubeletVersion: null, architecture: null, ready, schedulable: true, taints: [], prediction};
}
const pools: PoolInfo[] = [
	{name: 'a', environment: 'generic', size: 3, prediction, nodes: [node('a-1', 'a', false), node('a-2', 'a'), node('a-3', 'a')]},
	{name: 'b', environment: 'generic', size: 2, prediction, nodes: [node('b-1', 'b'), node('b-2', 'b')]},
];

test('everything by default', () => {
	assert.deepEqual(selectTargets(pools, {}).map((item) => item.name), ['a-1', 'a-2', 'a-3', 'b-1', 'b-2']);
});

test('--pool and --node combine without duplicates', () => {
	assert.deepEqual(selectTargets(pools, {pools: ['b'], nodes: ['a-2', 'b-1']}).map((item) => item.name), ['b-1', 'b-2', 'a-2']);
});

test('--per-pool prefers Ready nodes', () => {
	assert.deepEqual(selectTargets(pools, {perPool: 1}).map((item) => item.name), ['a-2', 'b-1']);
});

test('unknown names are refused with the names that exist', () => {
	assert.throws(() => selectTargets(pools, {pools: ['c']}), (error: unknown) => error instanceof UsageError && /pools here: a, b/.test(error.hint));
	assert.throws(() => selectTargets(pools, {nodes: ['zz']}), (error: unknown) => error instanceof UsageError && /no node named "zz"/.test(error.message));
});
