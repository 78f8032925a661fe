import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {UsageError} from '../../source/errors.js';
import {noFaults, parseFaults} from '../../source/sim/faults.js';

describe('parseFaults', () => {
	it('reads every fault form', () => {
		assert.deepEqual(parseFaults([]), noFaults);
		assert.deepEqual(parseFaults(['api-error:0.2', 'latency:150', 'watch-drop:5', 'reset:0.05', 'image-pull']), {apiErrorRate: 0.2, latencyMs: 150, watchDropSeconds: 5, resetRate: 0.05, imagePull: true, nodeNotReadyRate: 0, evictRate: 0});
		assert.deepEqual(parseFaults(['node-not-ready:0.25', 'evict:1']), {...noFaults, nodeNotReadyRate: 0.25, evictRate: 1});
		assert.equal(parseFaults(['api-error:1']).apiErrorRate, 1);
		assert.equal(parseFaults(['reset:.5']).resetRate, 0.5);
	});

	it('refuses bad specs as UsageErrors with a hint', () => {
		for (const bad of ['api-error', 'api-error:1.5', 'api-error:-0.1', 'api-error:abc', 'latency:-5', 'latency:1.5', 'latency', 'watch-drop:0', 'reset:2', 'image-pull:yes', 'explode', 'latency:5:6', '', 'node-not-ready', 'node-not-ready:', 'node-not-ready:1.5', 'node-not-ready:-1', 'node-not-ready:x', 'evict', 'evict:2', 'evict:0.5:1', 'evicted:0.5']) {
			assert.throws(() => parseFaults([bad]), (error: unknown) => error instanceof UsageError && error.hint.length > 0 && !error.message.includes('\n'), bad);
		}
	});

	it('names the new kinds in the hint for an unknown fault, and the kind in a bad rate', () => {
		assert.throws(() => parseFaults(['explode']), (error: unknown) => error instanceof UsageError && /node-not-ready:RATE/.test(error.hint) && /evict:RATE/.test(error.hint));
		assert.throws(() => parseFaults(['evict:2']), (error: unknown) => error instanceof UsageError && /^--fault evict:2: the rate must be a number from 0 to 1$/.test(error.message) && error.hint === 'for example --fault evict:0.1');
		assert.throws(() => parseFaults(['node-not-ready:abc']), (error: unknown) => error instanceof UsageError && error.hint === 'for example --fault node-not-ready:0.1');
	});
});
