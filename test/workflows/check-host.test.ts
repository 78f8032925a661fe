import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {checkHost, hostExitCode, type HostReport} from '../../source/workflows/check-host.js';
import {fixtures, recorded, recordedRunner, ubuntuUnshare} from '../host/recorded-runner.js';
import {isRoot, runWithUsernsLimitZero} from '../host/userns-limit.js';

const repo = join(import.meta.dirname, '..', '..');
const ubuntuRoot = join(fixtures, 'ubuntu-24.04');
const dockerInfo = 'docker info --format {{json .}}';
const status = (report: Pick<HostReport, 'checks'>, id: string) => report.checks.find((check) => check.id === id)?.status;
const detail = (report: Pick<HostReport, 'checks'>, id: string) => report.checks.find((check) => check.id === id)?.detail ?? '';

describe('checkHost on this machine', () => {
	it('passes: the real unshare test succeeds as an unprivileged user, docker without engine is a warning', async () => {
		const report = await checkHost({signal: AbortSignal.timeout(60_000), contexts: null});
		assert.equal(report.gate, 'none');
		assert.equal(report.fix, null);
		assert.deepEqual(report.unshare, {status: 'ok', error: null});
		assert.equal(report.os.id, 'debian');
		assert.equal(status(report, 'unshare'), 'pass');
		assert.equal(status(report, 'unshare-map'), 'pass');
		assert.equal(status(report, 'docker'), 'warn');
		assert.match(detail(report, 'docker'), /Cannot connect to the Docker daemon/);
		assert.equal(status(report, 'kind'), 'skip');
		assert.equal(status(report, 'minikube'), 'skip');
		assert.equal(hostExitCode(report), 0);
	});

	it('as root, tests as the unprivileged uid, not as root', {skip: !isRoot && 'needs root'}, async () => {
		const report = await checkHost({signal: AbortSignal.timeout(60_000), contexts: null, unprivilegedUid: 31337});
		assert.deepEqual(report.user, {uid: 0, root: true});
		assert.deepEqual(report.testedAs, {uid: 31337, gid: 31337, via: 'setpriv'});
		assert.match(detail(report, 'unshare-map'), /uid_map: 0 31337 1/);
	});

	it('in a user namespace with max_user_namespaces=0, reports userns-limit with the kernel\'s ENOSPC', {skip: !isRoot && 'needs root'}, async () => {
		const ran = await runWithUsernsLimitZero([process.execPath, '--import', 'tsx', 'test/host/print-host-report.ts'], {cwd: repo});
		assert.equal(ran.code, 0, ran.stderr);
		const report = JSON.parse(ran.stdout) as Pick<HostReport, 'gate' | 'fix' | 'unshare' | 'testedAs' | 'checks' | 'evidence'> & {uid: number; exitCode: number};
		assert.equal(report.gate, 'userns-limit');
		assert.equal(report.fix, 'node-sysctl');
		assert.equal(report.unshare?.status, 'failed');
		assert.equal(report.unshare?.error, 'unshare: unshare failed: No space left on device');
		assert.equal(report.uid, 0);
		assert.deepEqual(report.testedAs, {uid: 65534, gid: 65534, via: 'setpriv'});
		assert.equal(status(report, 'max-user-namespaces'), 'fail');
		assert.match(report.evidence ?? '', /^max_user_namespaces=0$/m);
		assert.equal(report.exitCode, 1);
	});
});

describe('checkHost with an Ubuntu 24.04 root and recorded runtimes', () => {
	const kind = {
		'kind get clusters': {stdout: recorded('kind-get-clusters.stdout')},
		'kind get nodes --name halkyon': {stdout: recorded('kind-get-nodes-halkyon.stdout')},
	};

	it('finds apparmor-userns behind a kind cluster and gives host-apparmor-sysctl', async () => {
		const runner = recordedRunner({...ubuntuUnshare, ...kind, [dockerInfo]: {stdout: recorded('docker-info-ubuntu-24.04.json')}});
		const contexts = [{name: 'kind-halkyon'}, {name: 'kind-deleted-last-week'}, {name: 'prod-eks', server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com'}];
		const report = await checkHost({root: ubuntuRoot, runner, signal: new AbortController().signal, uid: 1000, contexts});
		assert.equal(report.gate, 'apparmor-userns');
		assert.match(detail(report, 'local-clusters'), /kubeconfig contexts with no cluster on this host: kind-deleted-last-week \(kind\)$/);
		assert.equal(report.fix, 'host-apparmor-sysctl');
		assert.equal(report.environment, 'kind');
		assert.equal(report.fixPlan?.id, 'host-apparmor-sysctl');
		assert.deepEqual(report.unshare, {status: 'failed', error: 'unshare: write failed /proc/self/uid_map: Operation not permitted'});
		assert.deepEqual(report.os, {id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04.3 LTS'});
		assert.equal(report.kernel, '6.8.0-87-generic');
		assert.equal(status(report, 'unshare'), 'pass');
		assert.equal(status(report, 'unshare-map'), 'fail');
		assert.match(detail(report, 'unshare-map'), /documented probe \(unshare -U\) passes; ID mapping fails/);
		assert.equal(status(report, 'apparmor-restrict-unprivileged-userns'), 'fail');
		assert.equal(status(report, 'apparmor-userns-profile'), 'fail');
		assert.equal(detail(report, 'apparmor-userns-profile'), 'loaded (enforce)');
		assert.equal(status(report, 'docker'), 'pass');
		assert.match(detail(report, 'docker'), /apparmor, seccomp \(builtin\), cgroupns/);
		assert.equal(status(report, 'local-clusters'), 'fail');
		assert.match(detail(report, 'local-clusters'), /kind-halkyon runs on this kernel: blocked by apparmor-userns on this host \(the documented case: Docker-driver nodes on Ubuntu 23\.10\+/);
		assert.equal(report.runtimes.kind.clusters[0]?.inKubeconfig, true);
		assert.equal(report.hostGatesApply, true);
		assert.equal(hostExitCode(report), 1);
	});

	it('chooses the fix for the minikube docker-driver profile asked about', async () => {
		const runner = recordedRunner({...ubuntuUnshare, ...kind, 'minikube profile list -o json': {stdout: recorded('minikube-profile-list.json')}});
		const report = await checkHost({root: ubuntuRoot, runner, signal: new AbortController().signal, uid: 1000, context: 'minikube'});
		assert.equal(report.environment, 'minikube-docker');
		assert.equal(report.environmentSource, 'local cluster minikube');
		assert.equal(report.fix, 'host-apparmor-sysctl');
		assert.ok(report.fixPlan?.steps.some((step) => /minikube start --driver=kvm2/.test(step.snippet?.content ?? '')));
	});

	it('with only VM-backed clusters says the host gates do not apply and exits 0', async () => {
		const runner = recordedRunner({...ubuntuUnshare, 'minikube profile list -o json': {stdout: recorded('minikube-profile-list-kvm2.json')}});
		const report = await checkHost({root: ubuntuRoot, runner, signal: new AbortController().signal, uid: 1000, contexts: [{name: 'mkc2-kvm'}]});
		assert.equal(report.hostGatesApply, false);
		assert.equal(report.gate, 'apparmor-userns');
		assert.equal(status(report, 'unshare-map'), 'warn');
		assert.match(detail(report, 'unshare-map'), /does not affect the VM-backed clusters/);
		assert.match(detail(report, 'local-clusters'), /mkc2-kvm: the kvm2 driver runs the node in a VM with its own kernel; host gates do not apply, run prg-doctor probe --context mkc2-kvm/);
		assert.equal(hostExitCode(report), 0);
	});

	it('exits 2 when the unshare test cannot run (root without setpriv)', async () => {
		const runner = recordedRunner({});
		const report = await checkHost({root: ubuntuRoot, runner, signal: new AbortController().signal, uid: 0});
		assert.equal(report.unshare, null);
		assert.equal(report.gate, null);
		assert.match(report.cannotRun ?? '', /setpriv/);
		assert.equal(hostExitCode(report), 2);
	});
});

describe('checkHost off Linux', () => {
	it('on macOS with Docker Desktop: no host gates, the Desktop VM is probed in-cluster', async () => {
		const runner = recordedRunner({[dockerInfo]: {stdout: recorded('docker-info-desktop-macos.json')}});
		const report = await checkHost({runner, signal: new AbortController().signal, platform: 'darwin', uid: 501, contexts: [{name: 'docker-desktop'}]});
		assert.equal(report.unshare, null);
		assert.equal(report.gate, null);
		assert.equal(report.runtimes.dockerDesktop.detected, true);
		assert.equal(report.runtimes.dockerDesktop.context, 'docker-desktop');
		assert.equal(report.runtimes.dockerDesktop.kernelVersion, '4.19.76-linuxkit');
		assert.equal(status(report, 'docker-desktop'), 'pass');
		assert.equal(status(report, 'unshare'), 'skip');
		assert.deepEqual(runner.calls.filter((argv) => argv.includes('unshare')), []);
		assert.equal(hostExitCode(report), 0);
	});
});
