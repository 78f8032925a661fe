import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, copyFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {release, tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import yaml from 'js-yaml';
import {classify} from '../../source/domain/gates.js';
import {evidenceKeys, parseProbeOutput} from '../../source/domain/probe-output.js';
import {buildProbePod, manifestPodName, newRunId, probeLabels, probeNodeAnnotation, probeScript, renderManifest} from '../../source/domain/probe-pod.js';
import type {KPod} from '../../source/domain/k8s.js';

const options = {namespace: 'prg-check', node: 'ip-10-0-1-23.ec2.internal', image: 'alpine:3.19', runId: 'r0abc12345', imagePullSecret: null, deadlineSeconds: 120};

describe('buildProbePod mirrors the PRG pod template (SPEC section 4)', () => {
	const pod = buildProbePod(options);
	const container = pod.spec!.containers![0]!;
	test('identity, restart policy and image', () => {
		assert.deepEqual(pod.spec!.securityContext, {runAsNonRoot: true, runAsUser: 3377, runAsGroup: 3377});
		assert.equal(pod.spec!.restartPolicy, 'Never');
		assert.equal(container.image, 'alpine:3.19');
		assert.deepEqual(container.command, ['sh', '-c']);
		assert.deepEqual(container.args, [probeScript]);
	});
	test('container security context: exactly the template’s, no privileges added', () => {
		assert.deepEqual(container.securityContext, {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: {type: 'Unconfined'}});
		for (const key of ['hostPID', 'hostIPC', 'hostNetwork', 'hostUsers', 'volumes', 'serviceAccountName']) assert.ok(!(key in pod.spec!), key);
	});
	test('pinned to its node, tolerating every taint, with a deadline and no token', () => {
		assert.equal(pod.spec!.nodeName, options.node);
		assert.deepEqual(pod.spec!.tolerations, [{operator: 'Exists'}]);
		assert.equal(pod.spec!.activeDeadlineSeconds, 120);
		assert.equal(pod.spec!.automountServiceAccountToken, false);
	});
	test('tiny requests and limits', () => {
		assert.deepEqual(container.resources, {requests: {cpu: '10m', memory: '16Mi'}, limits: {cpu: '100m', memory: '32Mi'}});
	});
	test('generateName, labels and the node annotation', () => {
		assert.equal(pod.metadata!.generateName, 'prg-probe-');
		assert.equal(pod.metadata!.name, undefined);
		assert.equal(pod.metadata!.namespace, 'prg-check');
		assert.deepEqual(pod.metadata!.labels, {'app.kubernetes.io/name': 'prg-probe', 'app.kubernetes.io/managed-by': 'prg-doctor', 'prg-doctor.io/run': 'r0abc12345'});
		assert.deepEqual(pod.metadata!.annotations, {[probeNodeAnnotation]: options.node});
		assert.deepEqual(probeLabels, {name: 'app.kubernetes.io/name', managedBy: 'app.kubernetes.io/managed-by', run: 'prg-doctor.io/run'});
	});
	test('unpinned: no nodeName and no node annotation', () => {
		const unpinned = buildProbePod({...options, node: null});
		assert.equal(unpinned.spec!.nodeName, undefined);
		assert.equal(unpinned.metadata!.annotations, undefined);
	});
	test('an image pull secret for mirrors, only when given', () => {
		assert.equal(pod.spec!.imagePullSecrets, undefined);
		assert.deepEqual(buildProbePod({...options, image: 'mirror.internal/alpine:3.19', imagePullSecret: 'mirror-pull'}).spec!.imagePullSecrets, [{name: 'mirror-pull'}]);
	});
	test('the deadline is a whole number of seconds, at least 1', () => {
		assert.equal(buildProbePod({...options, deadlineSeconds: 0.2}).spec!.activeDeadlineSeconds, 1);
		assert.equal(buildProbePod({...options, deadlineSeconds: 90.5}).spec!.activeDeadlineSeconds, 91);
	});
});

describe('newRunId', () => {
	test('short, DNS-label safe, starts with a letter, and unique', () => {
		const ids = new Set<string>();
		for (let i = 0; i < 2000; i++) {
			const id = newRunId();
			assert.match(id, /^[a-z][a-z0-9]{9}$/);
			ids.add(id);
		}
		assert.equal(ids.size, 2000);
	});
});

describe('renderManifest', () => {
	test('unpinned: named prg-probe like the documented manifest, ready for kubectl apply', () => {
		const text = renderManifest(buildProbePod({...options, node: null}));
		const pod = yaml.load(text) as KPod;
		assert.equal(pod.metadata!.name, 'prg-probe');
		assert.equal(pod.metadata!.generateName, undefined, 'kubectl apply refuses generateName');
		assert.equal(pod.apiVersion, 'v1');
		assert.equal(pod.kind, 'Pod');
		assert.deepEqual(pod.spec!.containers![0]!.args, [probeScript], 'the script survives the round trip byte for byte');
		assert.match(text, /^# /, 'starts with how to use it');
		assert.match(text, /kubectl apply -n prg-check -f prg-probe\.yaml/);
		assert.match(text, /kubectl logs -n prg-check prg-probe\n/);
		assert.match(text, /args:\n\s+- \|/, 'the script prints as a readable block, not one escaped line');
	});
	test('pinned: named after the node, nodeName kept', () => {
		const pod = yaml.load(renderManifest(buildProbePod(options))) as KPod;
		assert.equal(pod.metadata!.name, 'prg-probe-ip-10-0-1-23.ec2.internal');
		assert.equal(pod.spec!.nodeName, options.node);
	});
	test('a name stays within 253 characters and ends alphanumeric', () => {
		const name = manifestPodName({spec: {nodeName: `${'a'.repeat(248)}-b.c`}});
		assert.ok(name.length <= 253);
		assert.match(name, /[a-z0-9]$/);
	});
});

describe('probeScript, statically', () => {
	test('writes no files: its only redirections go to /dev/null or stdout', () => {
		const redirections = probeScript.replace(/2>\/dev\/null|2>&1/g, '');
		assert.ok(!redirections.includes('>'), 'a redirection into a file');
		assert.ok(!/\b(tee|mktemp|touch)\b/.test(probeScript));
	});
	test('prints every SPEC key, in order', () => {
		const printed = [...probeScript.matchAll(/^echo "?([a-z_-]+)=/gm)].map((match) => match[1]);
		assert.deepEqual(printed, [...evidenceKeys]);
	});
});

// The script run for real by busybox sh on this machine, as the PRG's uid 3377.
const isRoot = process.getuid?.() === 0;
const busybox = '/usr/bin/busybox';
const haveTools = existsSync(busybox) && existsSync('/usr/bin/setpriv') && existsSync('/usr/bin/unshare');
const skip = !isRoot ? 'needs root (to run as uid 3377 and set a user namespace limit)' : !haveTools ? 'needs /usr/bin/busybox, setpriv and unshare' : false;

const work = mkdtempSync(join(tmpdir(), 'prg-probe-test-'));
after(() => rmSync(work, {recursive: true, force: true}));

/** A PATH of busybox applets only, like alpine's. */
function appletPath(): string {
	const dir = join(work, 'bin');
	if (existsSync(dir)) return dir;
	mkdirSync(dir);
	const list = spawnSync(busybox, ['--list'], {encoding: 'utf8'}).stdout.split('\n').filter(Boolean);
	for (const applet of list) symlinkSync(busybox, join(dir, applet));
	return dir;
}

const setpriv = ['/usr/bin/setpriv', '--reuid=3377', '--regid=3377', '--clear-groups'];

/** Runs the script as uid 3377 inside a fresh user namespace whose max_user_namespaces is 0. */
async function runWithLimitZero(): Promise<string> {
	const fifo = join(work, 'go');
	if (!existsSync(fifo)) spawnSync('mkfifo', [fifo]);
	// The limit is written by a child of the mapped process: writing it from that process itself
	// is refused (EACCES) by the sysctl's permission check.
	const inner = 'read _ < "$1"; shift; /bin/sh -c "echo 0 > /proc/sys/user/max_user_namespaces" || exit 9; exec "$@"';
	const child = spawn('/usr/bin/unshare', ['-U', '/bin/sh', '-c', inner, 'sh', fifo, ...setpriv, busybox, 'sh', '-c', probeScript], {
		env: {PATH: appletPath()},
		cwd: work,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	const own = readlinkSync('/proc/self/ns/user');
	for (let i = 0; i < 200 && readlinkSync(`/proc/${child.pid}/ns/user`) === own; i++) await new Promise((resolve) => setTimeout(resolve, 10));
	writeFileSync(`/proc/${child.pid}/uid_map`, '0 0 65536');
	writeFileSync(`/proc/${child.pid}/gid_map`, '0 0 65536');
	writeFileSync(fifo, 'go\n');
	const code = await exited;
	assert.equal(code, 0, output);
	return output;
}

describe('probeScript, run for real by busybox sh', {skip}, () => {
	test('as uid 3377 on this machine: OK, with the kernel’s real values', () => {
		const run = spawnSync(setpriv[0]!, [...setpriv.slice(1), busybox, 'sh', '-c', probeScript], {env: {PATH: appletPath()}, cwd: work, encoding: 'utf8'});
		assert.equal(run.status, 0, run.stderr);
		assert.equal(run.stderr, '', 'nothing on stderr');
		const lines = run.stdout.trimEnd().split('\n');
		assert.equal(lines.length, evidenceKeys.length + 1);
		assert.equal(lines.at(-1), 'OK');
		const parsed = parseProbeOutput(run.stdout);
		assert.deepEqual(Object.keys(parsed.evidence), [...evidenceKeys]);
		assert.equal(parsed.evidence['kernel'], release());
		assert.equal(parsed.evidence['max_user_namespaces'], readFileSync('/proc/sys/user/max_user_namespaces', 'utf8').trim());
		assert.equal(parsed.evidence['userns_file'], 'yes');
		assert.equal(parsed.evidence['unshare'], 'ok');
		assert.equal(parsed.evidence['unshare_map'], 'ok');
		assert.deepEqual([classify(run.stdout).status, classify(run.stdout).gate], ['ok', 'none']);
	});
	test('where max_user_namespaces is 0: FAILED with busybox’s ENOSPC line', async () => {
		const output = await runWithLimitZero();
		const parsed = parseProbeOutput(output);
		assert.equal(parsed.verdict, 'FAILED');
		assert.equal(parsed.evidence['max_user_namespaces'], '0');
		assert.equal(parsed.evidence['unshare'], 'unshare: unshare(0x10000000): No space left on device');
		assert.equal(parsed.errno, 'ENOSPC');
		const verdict = classify(output, {environment: 'eks-bottlerocket'});
		assert.deepEqual([verdict.status, verdict.gate, verdict.fix, verdict.confidence], ['failed', 'userns-limit', 'bottlerocket-sysctl', 'high']);
	});
	test('inside a chroot (the kernel answers EPERM): FAILED, the error captured on one line', () => {
		const root = join(work, 'root');
		mkdirSync(join(root, 'bin'), {recursive: true});
		copyFileSync(busybox, join(root, 'bin', 'busybox'));
		spawnSync('chmod', ['755', join(root, 'bin', 'busybox')]);
		for (const applet of ['sh', 'cat', 'tr', 'sed', 'uname', 'unshare', 'true', 'echo']) symlinkSync('busybox', join(root, 'bin', applet));
		const run = spawnSync('/usr/sbin/chroot', [root, '/bin/sh', '-c', probeScript], {env: {PATH: '/bin'}, encoding: 'utf8'});
		assert.equal(run.status, 0, run.stderr);
		const parsed = parseProbeOutput(run.stdout);
		assert.equal(parsed.verdict, 'FAILED');
		assert.equal(parsed.evidence['unshare'], 'unshare: unshare(0x10000000): Operation not permitted');
		assert.equal(parsed.evidence['max_user_namespaces'], '-', 'no /proc in the chroot: the values fall back to -');
		assert.equal(parsed.errno, 'EPERM');
	});
});
