import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runProcess} from '../../source/host/runner.js';
import {runUnshareCheck} from '../../source/host/unshare-check.js';
import {isRoot} from './userns-limit.js';
import {recorded, recordedRunner, ubuntuUnshare} from './recorded-runner.js';

describe('runUnshareCheck on this machine', () => {
	it('drops from root to the unprivileged uid with setpriv and proves it through uid_map', {skip: !isRoot && 'needs root'}, async () => {
		const check = await runUnshareCheck({runner: runProcess, signal: AbortSignal.timeout(20_000), self: {uid: 0, gid: 0}, unprivileged: {uid: 4242, gid: 4242}});
		assert.equal(check.ran, true);
		if (!check.ran) return;
		assert.deepEqual(check.testedAs, {uid: 4242, gid: 4242, via: 'setpriv'});
		assert.equal(check.create.ok, true);
		assert.equal(check.map.ok, true);
		// The namespace's root is the outer uid 4242: the test really ran as that user, not as root.
		assert.equal(check.mappedFrom, 4242);
		assert.deepEqual(check.map.argv, ['setpriv', '--reuid=4242', '--regid=4242', '--clear-groups', 'unshare', '-Ur', 'cat', '/proc/self/uid_map']);
	});
});

describe('runUnshareCheck with recorded answers', () => {
	it('reports the Ubuntu 24.04 case: unshare -U works, mapping fails with unshare\'s own line', async () => {
		const runner = recordedRunner(ubuntuUnshare);
		const check = await runUnshareCheck({runner, signal: new AbortController().signal, self: {uid: 1000, gid: 1000}, unprivileged: {uid: 65534, gid: 65534}});
		assert.equal(check.ran, true);
		if (!check.ran) return;
		assert.deepEqual(check.testedAs, {uid: 1000, gid: 1000, via: 'self'});
		assert.equal(check.create.ok, true);
		assert.equal(check.map.ok, false);
		assert.equal(check.map.error, recorded('unshare-map-ubuntu-24.04.stderr').trim());
		assert.deepEqual(runner.calls, [['unshare', '-U', 'true'], ['unshare', '-Ur', 'cat', '/proc/self/uid_map']]);
	});

	it('cannot run as root without setpriv, and says so instead of testing as root', async () => {
		const runner = recordedRunner({});
		const check = await runUnshareCheck({runner, signal: new AbortController().signal, self: {uid: 0, gid: 0}, unprivileged: {uid: 65534, gid: 65534}});
		assert.equal(check.ran, false);
		if (check.ran) return;
		assert.match(check.reason, /setpriv is not installed/);
		assert.equal(runner.calls.length, 1);
	});

	it('treats a setpriv refusal as a harness failure, not a gate', async () => {
		const runner = recordedRunner({
			'setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U true': {exitCode: 127, stderr: 'setpriv: setresuid failed: Invalid argument\n'},
		});
		const check = await runUnshareCheck({runner, signal: new AbortController().signal, self: {uid: 0, gid: 0}, unprivileged: {uid: 65534, gid: 65534}});
		assert.equal(check.ran, false);
		if (!check.ran) assert.match(check.reason, /setresuid failed/);
	});

	it('refuses to "test" as uid 0', async () => {
		const check = await runUnshareCheck({runner: recordedRunner({}), signal: new AbortController().signal, self: {uid: 0, gid: 0}, unprivileged: {uid: 0, gid: 0}});
		assert.equal(check.ran, false);
	});
});
