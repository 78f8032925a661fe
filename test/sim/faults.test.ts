import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {UsageError} from '../../source/errors.js';
import {noFaults, parseFaults} from '../../source/sim/faults.js';

describe('parseFaults', () => {
	it('reads every fault form', () => {
		assert.deepEqual(parseFaults([]), noFaults);
		assert.deepEqual(parseFaults(['api-error:0.2', 'latency:150', 'watch-drop:5', 'reset:0.05', 'image-pull']), {apiErrorRate: 0.2, latencyMs: 150, watchDropSeconds: 5, resetRate: 0.05, imagePull: true});
		assert.equal(parseFaults(['api-error:1']).apiErrorRate, 1);
		assert.equal(parseFaults(['reset:.5']).resetRate, 0.5);
	});

	it('refuses bad specs as UsageErrors with a hint', () => {
		for (const bad of ['api-error', 'api-error:1.5', 'api-error:-0.1', 'api-error:abc', 'latency:-5', 'latency:1.5', 'latency', 'watch-drop:0', 'reset:2', 'image-pull:yes', 'explode', 'latency:5:6', '']) {
			assert.throws(() => parseFaults([bad]), (error: unknown) => error instanceof UsageError && error.hint.length > 0, bad);
		}
	});
});
