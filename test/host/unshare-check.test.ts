import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runProcess} from '../../source/host/runner.js';
import {parseIdMap, runUnshareCheck, testIdentity} from '../../source/host/unshare-check.js';
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

describe('testIdentity: whom root drops to, from this namespace\'s ID maps', () => {
	const nobody = {uid: 65534, gid: 65534};
	// podman-container-tools/podman#7313 (outside any namespace) and #23109 (`--userns keep-id`).
	const initial = parseIdMap('         0          0 4294967295\n');
	const keepId = parseIdMap('         0          1       1000\n      1000          0          1\n      1001       1001      64536\n');

	it('parses the kernel\'s padded columns, and nothing from an empty or unreadable map', () => {
		assert.deepEqual(keepId, [{inside: 0, outside: 1, count: 1000}, {inside: 1000, outside: 0, count: 1}, {inside: 1001, outside: 1001, count: 64536}]);
		assert.equal(parseIdMap(''), null);
		assert.equal(parseIdMap(null), null);
	});

	it('takes the requested uid where it is mapped, or where the map is unknown', () => {
		assert.deepEqual(testIdentity(nobody, {uid: initial, gid: initial, setgroups: 'allow'}), {...nobody, via: 'setpriv'});
		assert.deepEqual(testIdentity(nobody, {uid: keepId, gid: keepId, setgroups: 'allow'}), {...nobody, via: 'setpriv'});
		assert.deepEqual(testIdentity(nobody, undefined), {...nobody, via: 'setpriv'});
	});

	it('falls back to the first mapped non-zero uid, and says why', () => {
		const low = parseIdMap('0 0 1000\n');
		const tested = testIdentity(nobody, {uid: low, gid: low, setgroups: 'allow'});
		assert.deepEqual([tested.uid, tested.gid, tested.via], [1, 1, 'setpriv']);
		assert.equal(tested.note, 'uid 65534 is not mapped in this user namespace (uid_map: 0 0 1000); tested as the first mapped unprivileged one');
		const high = parseIdMap('0 1000 1\n5000 100000 10\n');
		assert.equal(testIdentity(nobody, {uid: high, gid: high, setgroups: 'allow'}).uid, 5000);
	});

	it('with only uid 0 mapped, is the namespace\'s own root', () => {
		const single = parseIdMap('         0       1000          1\n');
		assert.deepEqual(testIdentity(nobody, {uid: single, gid: single, setgroups: 'deny'}), {
			uid: 0,
			gid: 0,
			via: 'namespace-root',
			note: 'only uid 0 is mapped in this user namespace (uid_map: 0 1000 1), so there is no unprivileged uid to drop to',
		});
	});

	it('runs unshare directly, without setpriv, as the namespace\'s root', async () => {
		const single = parseIdMap('0 0 1\n');
		const runner = recordedRunner({'unshare -U true': {}, 'unshare -Ur cat /proc/self/uid_map': {stdout: '         0          0          1\n'}});
		const check = await runUnshareCheck({runner, signal: new AbortController().signal, self: {uid: 0, gid: 0}, unprivileged: nobody, idMaps: {uid: single, gid: single, setgroups: 'deny'}});
		assert.equal(check.ran, true);
		if (!check.ran) return;
		assert.equal(check.testedAs.via, 'namespace-root');
		assert.deepEqual(runner.calls, [['unshare', '-U', 'true'], ['unshare', '-Ur', 'cat', '/proc/self/uid_map']]);
	});
});
