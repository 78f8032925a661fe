// Awaits a promise that must reject with a KubeError, and returns that error for assertions.
import assert from 'node:assert/strict';
import {KubeError} from '../../../source/errors.js';

export async function rejection(promise: Promise<unknown>): Promise<KubeError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof KubeError, `expected a KubeError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected a rejection');
}
