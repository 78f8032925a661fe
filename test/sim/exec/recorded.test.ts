import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {detectEnvironment} from '../../../source/domain/environments.js';
import {classify} from '../../../source/domain/gates.js';
import {probeScript} from '../../../source/domain/probe-pod.js';
import {evidenceKeys, parseProbeOutput} from '../../../source/domain/probe-output.js';
import {hostAuditLines, runPodCommand} from '../../../source/sim/exec/index.js';
import {containerLabel} from '../../../source/sim/exec/node-evidence.js';
import {clusterProfiles, type SimNode} from '../../../source/sim/profiles/index.js';

const profiles = clusterProfiles();
const node = (profile: string, pool: (node: SimNode) => boolean): SimNode => {
	const found = profiles.find((entry) => entry.id === profile)!.nodes.find(pool);
	assert.ok(found, profile);
	return found;
};
const kindWorker = node('kind-sim', (n) => n.object.metadata!.name === 'sim-worker');
const rhcosWorker = node('sim-openshift', (n) => n.object.metadata!.labels!['node-role.kubernetes.io/worker'] === '' && n.gate === 'selinux-userns' && !n.object.spec!.taints);
const bottlerocket = node('sim-eks', (n) => n.gate === 'userns-limit');
const al2023 = node('sim-eks', (n) => n.gate === 'none');

const recorded = (target: SimNode, script: string) =>
	runPodCommand({command: ['sh', '-c'], args: [script], runAsUser: 3377, runAsGroup: 3377, node: target, mode: 'recorded', signal: new AbortController().signal});

const lines = (log: string) => log.trimEnd().split('\n');

describe('recorded output', () => {
	test('kind on Ubuntu 24.04: the documented probe prints OK, because creating the namespace works', async () => {
		const result = await recorded(kindWorker, 'unshare -U echo OK || echo FAILED');
		assert.deepEqual(result, {exitCode: 0, log: 'OK\n', mode: 'recorded'});
		const mapping = await recorded(kindWorker, 'unshare -Ur echo OK || echo FAILED');
		assert.equal(mapping.log, 'unshare: write error: Operation not permitted\nFAILED\n');
	});

	test('kind on Ubuntu 24.04: the evidence probe shows the mapping fail under the AppArmor restriction', async () => {
		const result = await recorded(kindWorker, probeScript);
		assert.equal(result.exitCode, 0);
		assert.deepEqual(lines(result.log).map((line) => line.split('=')[0]), [...evidenceKeys, 'FAILED']);
		assert.deepEqual(lines(result.log), [
			'prg-probe=1',
			'kernel=6.8.0-60-generic',
			'userns_file=yes',
			`max_user_namespaces=${kindWorker.maxUserNamespaces}`,
			'apparmor_restrict_unprivileged_userns=1',
			'unprivileged_userns_clone=1',
			'seccomp=0',
			'seccomp_filters=0',
			'lsm=unconfined',
			'unshare=ok',
			'unshare_map=unshare: write error: Operation not permitted',
			'lsm_inside=unprivileged_userns (enforce)',
			'FAILED',
		]);
		const verdict = classify(result.log, {environment: detectEnvironment(kindWorker.object)});
		assert.equal(verdict.gate, 'apparmor-userns');
		assert.equal(verdict.fix, 'host-apparmor-sysctl');
	});

	test('RHCOS with an old container-selinux: EACCES under a container_t label', async () => {
		const result = await recorded(rhcosWorker, probeScript);
		const parsed = parseProbeOutput(result.log);
		assert.equal(parsed.format, 'full');
		assert.equal(parsed.verdict, 'FAILED');
		assert.match(parsed.evidence.lsm, /^system_u:system_r:container_t:s0:c\d+,c\d+$/);
		assert.equal(parsed.evidence.kernel, '5.14.0-427.60.1.el9_4.x86_64');
		assert.equal(parsed.evidence.unshare, 'unshare: unshare(0x10000000): Permission denied');
		assert.equal(parsed.errno, 'EACCES');
		const verdict = classify(result.log, {environment: 'openshift-rhcos'});
		assert.deepEqual([verdict.gate, verdict.fix], ['selinux-userns', 'openshift-selinux']);
		const bare = await recorded(rhcosWorker, 'unshare -U echo OK || echo FAILED');
		assert.equal(bare.log, 'unshare: unshare(0x10000000): Permission denied\nFAILED\n');
	});

	test('the node-side audit lines: an AVC denial on RHCOS, the AppArmor transition on kind', () => {
		const avc = hostAuditLines(rhcosWorker, {pid: 31337, time: 1_700_000_000});
		assert.match(avc[0], /^type=AVC msg=audit\(1700000000\.000:\d+\): avc: {2}denied {2}\{ create \} for {2}pid=31337 comm="unshare" scontext=system_u:system_r:container_t:s0:c\d+,c\d+ tcontext=\S+ tclass=user_namespace permissive=0$/);
		assert.match(avc[1], /syscall=272 success=no exit=-13 /);
		assert.equal(parseProbeOutput(avc.join('\n')).avc, true);
		assert.equal(classify(`${avc.join('\n')}\nunshare: unshare(0x10000000): Permission denied\nFAILED\n`).gate, 'selinux-userns');
		const apparmor = hostAuditLines(kindWorker);
		assert.match(apparmor[0], /apparmor="AUDIT" operation="userns_create" .*target="unprivileged_userns"$/);
		assert.match(apparmor[1], /apparmor="DENIED" operation="capable" class="cap" profile="unprivileged_userns" /);
		assert.equal(parseProbeOutput(apparmor.join('\n')).apparmorAudit, true);
		assert.deepEqual(hostAuditLines(bottlerocket), []);
	});

	test('Bottlerocket and AL2023 recorded: ENOSPC under a zero limit, OK otherwise', async () => {
		const blocked = await recorded(bottlerocket, probeScript);
		assert.ok(blocked.log.includes('max_user_namespaces=0\n'));
		assert.ok(blocked.log.includes('unshare=unshare: unshare(0x10000000): No space left on device\n'));
		assert.equal(classify(blocked.log, {environment: 'eks-bottlerocket'}).fix, 'bottlerocket-sysctl');
		assert.equal((await recorded(bottlerocket, 'unshare -U echo OK || echo FAILED')).log, 'unshare: unshare(0x10000000): No space left on device\nFAILED\n');
		const ready = await recorded(al2023, probeScript);
		assert.equal(lines(ready.log).at(-1), 'OK');
		assert.equal(classify(ready.log).status, 'ok');
		assert.equal((await recorded(al2023, 'unshare -U echo OK || echo FAILED')).log, 'OK\n');
	});

	test('every profile node: the recorded evidence classifies to the node\'s own gate', async () => {
		for (const profile of profiles) {
			for (const target of profile.nodes) {
				const result = await recorded(target, probeScript);
				const verdict = classify(result.log, {environment: detectEnvironment(target.object)});
				assert.equal(verdict.gate ?? 'none', target.gate, `${profile.id} ${target.object.metadata!.name}`);
			}
		}
	});

	test('gates no profile uses still get the real tools\' lines', async () => {
		const base = structuredClone(al2023);
		const cases: [SimNode['gate'], string][] = [
			['userns-clone', 'unshare: unshare(0x10000000): Operation not permitted'],
			['seccomp', 'unshare: unshare(0x10000000): Operation not permitted'],
			['no-userns', 'unshare: unshare(0x10000000): Invalid argument'],
		];
		for (const [gate, line] of cases) {
			const result = await recorded({...base, gate}, probeScript);
			assert.ok(result.log.includes(`unshare=${line}\n`), gate);
		}
		assert.ok((await recorded({...base, gate: 'seccomp'}, probeScript)).log.includes('seccomp=2\n'));
		assert.ok((await recorded({...base, gate: 'no-userns'}, probeScript)).log.includes('userns_file=no\n'));
	});

	test('an MCS label has two distinct categories in order', () => {
		const sequence = [0.5, 0.5];
		assert.equal(containerLabel(() => sequence.shift()!), 'system_u:system_r:container_t:s0:c511,c512');
		for (let round = 0; round < 200; round++) {
			const [, low, high] = /c(\d+),c(\d+)$/.exec(containerLabel())!;
			assert.ok(Number(low) < Number(high) && Number(high) <= 1023);
		}
	});
});
