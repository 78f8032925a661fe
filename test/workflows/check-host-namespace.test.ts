// checkHost run as root inside a user namespace: root can only drop to a uid that namespace maps.
// The real tests build the namespace with the kernel (as CI's root); the injected ones hand checkHost
// uid_map/gid_map texts as they appear in public threads, under a temporary /proc.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it, type TestContext} from 'node:test';
import {checkHost, hostExitCode, type HostReport} from '../../source/workflows/check-host.js';
import {recordedRunner} from '../host/recorded-runner.js';
import {namespaceSkip, runInUserNamespace, runUnderMapRoot} from '../host/userns-limit.js';

const repo = join(import.meta.dirname, '..', '..');
const printReport = [process.execPath, '--import', 'tsx', 'test/host/print-host-report.ts'];
const skip = namespaceSkip();
type Printed = Pick<HostReport, 'gate' | 'fix' | 'unshare' | 'testedAs' | 'checks' | 'evidence'> & {uid: number; exitCode: number};
const check = (report: Pick<HostReport, 'checks'>, id: string) => report.checks.find((entry) => entry.id === id);

// `cat /proc/self/uid_map` outside any namespace and under `podman unshare` for a user with no
// subuids (podman-container-tools/podman#7313 and #7749): kernel's own column padding.
const initialMap = '         0          0 4294967295\n';
const singleMap = '         0       1000          1\n';

function procTree(t: TestContext, files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), 'prg-host-root-'));
	t.after(() => rmSync(root, {recursive: true, force: true}));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(root, path, '..'), {recursive: true});
		writeFileSync(join(root, path), text);
	}
	return root;
}

describe('checkHost as root in a real user namespace', () => {
	it('under unshare -U -r with max_user_namespaces=0: userns-limit from the kernel\'s ENOSPC, tested as the namespace\'s root', {skip}, () => {
		const ran = runUnderMapRoot(printReport, {cwd: repo});
		assert.equal(ran.code, 0, ran.stderr);
		const report = JSON.parse(ran.stdout) as Printed;
		assert.equal(report.gate, 'userns-limit');
		assert.equal(report.fix, 'node-sysctl');
		assert.deepEqual(report.unshare, {status: 'failed', error: 'unshare: unshare failed: No space left on device'});
		assert.equal(report.uid, 0);
		assert.equal(report.testedAs?.via, 'namespace-root');
		assert.equal(report.testedAs?.uid, 0);
		assert.equal(check(report, 'unshare')?.status, 'fail');
		assert.match(check(report, 'unshare')?.detail ?? '', /No space left on device as uid 0, this user namespace's own root.*only uid 0 is mapped in this user namespace \(uid_map: 0 0 1\)/);
		assert.match(report.evidence ?? '', /^max_user_namespaces=0$/m);
		assert.equal(report.exitCode, 1);
	});

	it('under unshare -U -r with the limit untouched: passes, and says it tested as the namespace\'s root', {skip}, () => {
		const ran = runUnderMapRoot(printReport, {cwd: repo, limitZero: false});
		assert.equal(ran.code, 0, ran.stderr);
		const report = JSON.parse(ran.stdout) as Printed;
		assert.equal(report.gate, 'none');
		assert.equal(report.testedAs?.via, 'namespace-root');
		assert.equal(report.exitCode, 0);
	});

	it('where 65534 is not mapped (0-999 only): drops to uid 1, the first mapped unprivileged uid', {skip}, async () => {
		const ran = await runInUserNamespace(printReport, {cwd: repo, uidMap: '0 0 1000', gidMap: '0 0 1000', limitZero: false});
		assert.equal(ran.code, 0, ran.stderr);
		const report = JSON.parse(ran.stdout) as Printed;
		assert.deepEqual(report.unshare, {status: 'ok', error: null});
		assert.equal(report.testedAs?.via, 'setpriv');
		assert.deepEqual([report.testedAs?.uid, report.testedAs?.gid], [1, 1]);
		assert.match(report.testedAs?.note ?? '', /uid 65534 is not mapped in this user namespace \(uid_map: 0 0 1000\)/);
		// unshare -Ur inside maps root to the outer uid it ran as: proof it was uid 1, not root.
		assert.match(check(report, 'unshare-map')?.detail ?? '', /uid_map: 0 1 1/);
	});
});

describe('checkHost as root with injected ID maps', () => {
	const signal = new AbortController().signal;
	const calls = (runner: ReturnType<typeof recordedRunner>) => runner.calls.map((argv) => argv.join(' '));

	it('outside any namespace: setpriv to the requested uid, as before', async (t) => {
		const root = procTree(t, {'proc/self/uid_map': initialMap, 'proc/self/gid_map': initialMap, 'proc/self/setgroups': 'allow\n'});
		const runner = recordedRunner({'setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U true': {}, 'setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Ur cat /proc/self/uid_map': {stdout: '         0      65534          1\n'}});
		const report = await checkHost({root, runner, signal, uid: 0, contexts: null, env: {}});
		assert.deepEqual(report.testedAs, {uid: 65534, gid: 65534, via: 'setpriv'});
		assert.equal(report.gate, 'none');
	});

	it('under a single-uid map (podman unshare, unshare -r): runs unshare directly as the namespace\'s root, and keeps groups where setgroups is denied', async (t) => {
		const root = procTree(t, {'proc/self/uid_map': singleMap, 'proc/self/gid_map': singleMap, 'proc/self/setgroups': 'deny\n', 'proc/sys/user/max_user_namespaces': '0\n'});
		const runner = recordedRunner({'unshare -U true': {exitCode: 1, stderr: 'unshare: unshare failed: No space left on device\n'}, 'unshare -Ur cat /proc/self/uid_map': {exitCode: 1, stderr: 'unshare: unshare failed: No space left on device\n'}});
		const report = await checkHost({root, runner, signal, uid: 0, contexts: null, env: {}});
		assert.deepEqual(calls(runner).filter((line) => line.includes('unshare')), ['unshare -U true', 'unshare -Ur cat /proc/self/uid_map']);
		assert.equal(report.testedAs?.via, 'namespace-root');
		assert.match(report.testedAs?.note ?? '', /uid_map: 0 1000 1/);
		assert.equal(report.gate, 'userns-limit');
	});

	it('with setgroups denied but other uids mapped, setpriv keeps the groups it cannot clear', async (t) => {
		const map = '         0          0       1000\n';
		const root = procTree(t, {'proc/self/uid_map': map, 'proc/self/gid_map': map, 'proc/self/setgroups': 'deny\n'});
		const runner = recordedRunner({});
		await checkHost({root, runner, signal, uid: 0, contexts: null, env: {}});
		assert.equal(calls(runner).find((line) => line.includes('unshare -U true')), 'setpriv --reuid=1 --regid=1 --keep-groups unshare -U true');
	});

	it('when the test cannot run but max_user_namespaces is 0, still names userns-limit and its fix (SPEC section 5, row 3)', async (t) => {
		const root = procTree(t, {'proc/sys/user/max_user_namespaces': '0\n', 'proc/sys/kernel/osrelease': '6.1.0-27-amd64\n'});
		const report = await checkHost({root, runner: recordedRunner({}), signal, uid: 0, contexts: null, env: {}});
		assert.equal(report.unshare, null);
		assert.match(report.cannotRun ?? '', /setpriv is not installed/);
		assert.equal(report.gate, 'userns-limit');
		assert.equal(report.fix, 'node-sysctl');
		assert.equal(report.fixPlan?.id, 'node-sysctl');
		assert.match(report.classification?.reason ?? '', /user\.max_user_namespaces = 0.*did not run: setpriv is not installed/);
		assert.equal(check(report, 'max-user-namespaces')?.status, 'fail');
		assert.equal(hostExitCode(report), 1);
	});

	it('when the test cannot run and the limit is not 0, the gate stays unknown (exit 2)', async (t) => {
		const root = procTree(t, {'proc/sys/user/max_user_namespaces': '63289\n', 'proc/self/ns/user': '', 'etc/os-release': 'ID=debian\n'});
		const report = await checkHost({root, runner: recordedRunner({}), signal, uid: 0, contexts: null, env: {}});
		assert.equal(report.gate, null);
		assert.deepEqual(report.checks.filter((entry) => entry.status === 'fail'), []);
		assert.equal(hostExitCode(report), 2);
	});
});
