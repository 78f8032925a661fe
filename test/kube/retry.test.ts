import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isRetryableStatus, isTransientNetworkError, parseRetryAfter, retryDelayMs, sleep} from '../../source/kube/retry.js';

test('backoff doubles per attempt, jittered between half and all of the step, capped', () => {
	assert.equal(retryDelayMs(1, null, () => 0), 100);
	assert.equal(retryDelayMs(1, null, () => 1), 200);
	assert.equal(retryDelayMs(3, null, () => 1), 800);
	assert.equal(retryDelayMs(20, null, () => 1), 5000);
	assert.equal(retryDelayMs(20, null, () => 0), 2500);
});

test('Retry-After raises the wait, up to a bound', () => {
	assert.equal(retryDelayMs(1, 2, () => 0), 2000);
	assert.equal(retryDelayMs(1, 0, () => 1), 200);
	assert.equal(retryDelayMs(1, 3600, () => 0), 10_000);
});

test('Retry-After as seconds or as an HTTP date', () => {
	assert.equal(parseRetryAfter('3'), 3);
	assert.equal(parseRetryAfter(['1']), 1);
	const now = Date.parse('Sat, 28 Nov 2026 09:00:00 GMT');
	assert.equal(parseRetryAfter('Sat, 28 Nov 2026 09:00:05 GMT', now), 5);
	assert.equal(parseRetryAfter('Sat, 28 Nov 2026 08:00:00 GMT', now), 0);
	assert.equal(parseRetryAfter(undefined), null);
	assert.equal(parseRetryAfter('soon'), null);
});

test('which answers are retried', () => {
	for (const status of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(status, true), true, String(status));
	for (const status of [400, 401, 403, 404, 409, 410, 422, 501]) assert.equal(isRetryableStatus(status, true), false, String(status));
	assert.equal(isRetryableStatus(429, false), true, 'a 429 was never processed');
	assert.equal(isRetryableStatus(503, false), false);
});

test('which network errors are transient', () => {
	assert.equal(isTransientNetworkError(Object.assign(new Error('read ECONNRESET'), {code: 'ECONNRESET'})), true);
	assert.equal(isTransientNetworkError(new Error('socket hang up')), true);
	assert.equal(isTransientNetworkError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'})), false);
	assert.equal(isTransientNetworkError(Object.assign(new Error('self-signed'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'})), false);
});

test('sleep stops at once when aborted', async () => {
	const controller = new AbortController();
	const started = Date.now();
	setTimeout(() => controller.abort(new Error('stop')), 20);
	await assert.rejects(sleep(5000, controller.signal), /stop/);
	assert.ok(Date.now() - started < 1000);
});
