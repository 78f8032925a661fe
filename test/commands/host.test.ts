import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {isRoot, namespaceSkip, runUnderMapRoot, runWithUsernsLimitZero} from '../host/userns-limit.js';

const repo = join(import.meta.dirname, '..', '..');
const cli = [process.execPath, '--import', 'tsx', 'cli.tsx'];

function run(args: readonly string[]) {
	const result = spawnSync(cli[0]!, [...cli.slice(1), ...args], {cwd: repo, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 60_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const contractKeys = ['os', 'kernel', 'user', 'checks', 'unshare', 'gate', 'fix', 'runtimes'];

describe('prg-doctor host', () => {
	it('passes on this machine (exit 0) and says why in words', () => {
		const {code, stdout, stderr} = run(['host', '--kubeconfig', '/nonexistent/kubeconfig']);
		assert.equal(code, 0, stderr);
		assert.match(stdout, /^READY: /);
		assert.match(stdout, /✔ pass unshare -Ur/);
		assert.match(stdout, /! warn Docker .*no engine/);
		// A kubeconfig that is not there is a warning, not a failure: the host check needs none.
		assert.match(stderr, /warning: kubeconfig \/nonexistent\/kubeconfig not read/);
		for (const line of stdout.split('\n')) assert.ok([...line].length <= 80, `wider than 80 columns: ${line}`);
	});

	it('-o json has exactly the contract\'s keys, null where unknown', () => {
		const {code, stdout} = run(['host', '-o', 'json']);
		assert.equal(code, 0);
		const report = JSON.parse(stdout) as Record<string, unknown>;
		assert.deepEqual(Object.keys(report), contractKeys);
		assert.deepEqual(Object.keys(report.os as object), ['id', 'versionId', 'prettyName']);
		assert.deepEqual(report.user, {uid: 0, root: true});
		assert.deepEqual(report.unshare, {status: 'ok', error: null});
		assert.equal(report.gate, 'none');
		assert.equal(report.fix, null);
		assert.deepEqual(Object.keys(report.runtimes as object), ['docker', 'kind', 'minikube', 'dockerDesktop']);
		for (const check of report.checks as Record<string, unknown>[]) assert.deepEqual(Object.keys(check), ['id', 'status', 'detail']);
		const docker = (report.runtimes as {docker: Record<string, unknown>}).docker;
		assert.equal(docker.installed, true);
		assert.equal(docker.running, false);
		assert.equal(docker.serverVersion, null);
	});

	it('-o markdown pastes into a ticket', () => {
		const {code, stdout} = run(['host', '-o', 'markdown']);
		assert.equal(code, 0);
		assert.match(stdout, /^## prg-doctor host$/m);
		assert.match(stdout, /^\| Status \| Check \| Detail \|$/m);
		assert.match(stdout, /^\| pass \| `unshare -Ur` \| mapped root/m);
	});

	it('exits 1 with userns-limit and the kernel\'s ENOSPC where max_user_namespaces is 0, and prints the fix', {skip: !isRoot && 'needs root'}, async () => {
		const table = await runWithUsernsLimitZero([...cli, 'host'], {cwd: repo});
		assert.equal(table.code, 1, table.stderr);
		const unwrapped = table.stdout.replace(/\n {33}/g, ' ');
		assert.match(unwrapped, /^BLOCKED by userns-limit/);
		assert.match(unwrapped, /✘ FAIL unshare -U +unshare: unshare failed: No space left on device as uid 65534/);
		assert.match(unwrapped, /\[node-sysctl\]/);
		assert.match(unwrapped, /Verify: /);

		const json = await runWithUsernsLimitZero([...cli, 'host', '-o', 'json'], {cwd: repo});
		assert.equal(json.code, 1);
		const report = JSON.parse(json.stdout) as {gate: string; fix: string; unshare: {status: string; error: string}};
		assert.equal(report.gate, 'userns-limit');
		assert.equal(report.fix, 'node-sysctl');
		assert.deepEqual(report.unshare, {status: 'failed', error: 'unshare: unshare failed: No space left on device'});
	});

	it('the issue\'s scenario: under `unshare -U -r` with the limit at 0, BLOCKED by userns-limit, not undetermined', {skip: namespaceSkip()}, () => {
		const table = runUnderMapRoot([...cli, 'host'], {cwd: repo});
		assert.equal(table.code, 1, table.stderr);
		const unwrapped = table.stdout.replace(/\n {33}/g, ' ');
		assert.match(unwrapped, /^BLOCKED by userns-limit/);
		assert.match(unwrapped, /unshare tested as namespace root \(only uid 0 mapped\)/);
		assert.match(unwrapped, /✘ FAIL unshare -U +unshare: unshare failed: No space left on device as uid 0, this user namespace's own root/);
		assert.doesNotMatch(unwrapped, /setresuid|UNDETERMINED/);
		// The fix's snippets stay whole so they paste as they are; everything above them fits 80 columns.
		const checks = table.stdout.split('─'.repeat(80))[0]!;
		for (const line of checks.split('\n')) assert.ok([...line].length <= 80, `wider than 80 columns: ${line}`);
	});

	it('--context of a remote cluster says this checks this machine, not that cluster\'s nodes', (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-host-kc-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const kubeconfig = join(dir, 'config');
		writeFileSync(kubeconfig, JSON.stringify({
			apiVersion: 'v1', kind: 'Config', 'current-context': 'prod',
			clusters: [{name: 'prod', cluster: {server: 'https://ABCDEF.gr7.us-west-2.eks.amazonaws.com'}}, {name: 'kind-dev', cluster: {server: 'https://127.0.0.1:41000'}}],
			users: [{name: 'u', user: {token: 'x'}}],
			contexts: [{name: 'prod', context: {cluster: 'prod', user: 'u'}}, {name: 'kind-dev', context: {cluster: 'kind-dev', user: 'u'}}],
		}));
		const remote = run(['host', '--kubeconfig', kubeconfig, '--context', 'prod', '-o', 'json']);
		assert.equal(remote.code, 0, remote.stderr);
		assert.match(remote.stderr, /context "prod" does not look like a local cluster.*prg-doctor probe --context prod/);
		const local = run(['host', '--kubeconfig', kubeconfig, '--context', 'kind-dev', '-o', 'json']);
		assert.doesNotMatch(local.stderr, /does not look like a local cluster/);
	});

	it('--context not in the kubeconfig: exit 2, one line of cause and one of next step, nothing checked', (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-host-kc-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const kubeconfig = join(dir, 'config');
		writeFileSync(kubeconfig, JSON.stringify({
			apiVersion: 'v1', kind: 'Config', 'current-context': 'kind-dev',
			clusters: [{name: 'kind-dev', cluster: {server: 'https://127.0.0.1:41000'}}],
			users: [{name: 'u', user: {token: 'x'}}],
			contexts: [{name: 'kind-dev', context: {cluster: 'kind-dev', user: 'u'}}, {name: 'minikube', context: {cluster: 'kind-dev', user: 'u'}}],
		}));
		for (const output of ['table', 'json']) {
			const {code, stdout, stderr} = run(['host', '--kubeconfig', kubeconfig, '--context', 'nope', '-o', output]);
			assert.equal(code, 2, stderr);
			assert.equal(stdout, '');
			assert.deepEqual(stderr.trimEnd().split('\n'), [
				'prg-doctor: context "nope" is not in the kubeconfig',
				'  next: pass one of the known contexts: kind-dev, minikube; or leave out --context to check this machine alone',
			]);
		}
	});

	it('--context with no kubeconfig to find it in: exit 2 with the kubeconfig\'s own error', () => {
		const {code, stdout, stderr} = run(['host', '--kubeconfig', '/nonexistent/kubeconfig', '--context', 'kind-dev']);
		assert.equal(code, 2);
		assert.equal(stdout, '');
		assert.match(stderr, /^prg-doctor: kubeconfig \/nonexistent\/kubeconfig \(from --kubeconfig\) does not exist\n {2}next: /);
		assert.doesNotMatch(stderr, /\n\s+at /);
	});

	it('run by a normal user, tests as that user without setpriv', {skip: !isRoot && 'needs root to become another user'}, (t) => {
		// The checkout may sit in a folder only root can enter (a CI clone in a 0700 temp dir): the
		// normal user runs a copy of the self-contained bundle from a folder everyone can read.
		const bundle = mkdtempSync(join(tmpdir(), 'prg-host-bundle-'));
		t.after(() => rmSync(bundle, {recursive: true, force: true}));
		cpSync(join(repo, 'dist'), bundle, {recursive: true});
		chmodSync(bundle, 0o755);
		const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(bundle, 'cli.js'), 'host', '-o', 'json'], {
			cwd: '/',
			encoding: 'utf8',
			env: {...process.env, HOME: '/tmp'},
			timeout: 60_000,
		});
		assert.equal(result.status, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {user: unknown; checks: {id: string; detail: string}[]};
		assert.deepEqual(report.user, {uid: 65534, root: false});
		const map = report.checks.find((check) => check.id === 'unshare-map');
		assert.match(map?.detail ?? '', /uid_map: 0 65534 1/);
	});

	it('under sudo, tests as the user who ran sudo ($SUDO_UID)', {skip: !isRoot && 'needs root'}, () => {
		const result = spawnSync(cli[0]!, [...cli.slice(1), 'host'], {cwd: repo, encoding: 'utf8', env: {...process.env, SUDO_UID: '4321', SUDO_GID: '4321'}, timeout: 60_000});
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stdout, /unshare tested as uid 4321 via setpriv/);
	});

	it('rejects an unknown --environment with one line and exit 2', () => {
		const {code, stdout, stderr} = run(['host', '--environment', 'vax']);
		assert.equal(code, 2);
		assert.equal(stdout, '');
		assert.match(stderr, /^prg-doctor: --environment "vax" is not an environment\n {2}next: /);
	});
});
