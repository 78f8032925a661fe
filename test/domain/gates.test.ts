import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {gateInfo} from '../../source/domain/gate-info.js';
import {classify, fixIdFor, isAppArmorLabel, isSelinuxLabel} from '../../source/domain/gates.js';
import {environments, gates, type Confidence, type EnvironmentId, type FixId, type Gate} from '../../source/domain/types.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/probe-outputs/${name}`, import.meta.url), 'utf8');

type Row = {
	file: string;
	environment: EnvironmentId | null;
	status: 'ok' | 'failed' | 'unknown';
	gate: Gate | null;
	fix: FixId | null;
	confidence: Confidence;
	/** Words the reason must contain. */
	says?: string;
};

const rows: Row[] = [
	// Our script's full output: the evidence decides, whatever the environment.
	{file: 'full-ok-busybox.txt', environment: 'eks-al2023', status: 'ok', gate: 'none', fix: null, confidence: 'high', says: 'map its IDs'},
	{file: 'full-ok-busybox.txt', environment: 'kind', status: 'ok', gate: 'none', fix: null, confidence: 'high'},
	{file: 'composed-kubectl-prefix-timestamps-ok.txt', environment: null, status: 'ok', gate: 'none', fix: null, confidence: 'high'},
	{file: 'full-enospc-busybox.txt', environment: 'eks-bottlerocket', status: 'failed', gate: 'userns-limit', fix: 'bottlerocket-sysctl', confidence: 'high', says: 'user.max_user_namespaces = 0'},
	{file: 'full-enospc-util-linux.txt', environment: 'openshift-rhcos', status: 'failed', gate: 'userns-limit', fix: 'openshift-sysctl', confidence: 'high'},
	{file: 'full-enospc-busybox.txt', environment: 'generic', status: 'failed', gate: 'userns-limit', fix: 'node-sysctl', confidence: 'high'},
	{file: 'shaped-full-bottlerocket.txt', environment: 'eks-bottlerocket', status: 'failed', gate: 'userns-limit', fix: 'bottlerocket-sysctl', confidence: 'high'},
	{file: 'shaped-full-el7-einval.txt', environment: 'generic', status: 'failed', gate: 'userns-limit', fix: 'node-sysctl', confidence: 'high', says: 'EINVAL'},
	{file: 'shaped-full-no-userns.txt', environment: 'generic', status: 'failed', gate: 'no-userns', fix: 'kernel-userns', confidence: 'high', says: 'CONFIG_USER_NS'},
	{file: 'shaped-full-debian-clone.txt', environment: 'generic', status: 'failed', gate: 'userns-clone', fix: 'userns-clone-sysctl', confidence: 'high'},
	{file: 'shaped-full-seccomp.txt', environment: 'eks', status: 'failed', gate: 'seccomp', fix: 'seccomp-unconfined', confidence: 'high', says: 'Seccomp: 2'},
	{file: 'shaped-full-selinux-rhcos.txt', environment: 'openshift-rhcos', status: 'failed', gate: 'selinux-userns', fix: 'openshift-selinux', confidence: 'high', says: 'container_t'},
	{file: 'shaped-full-apparmor-kind.txt', environment: 'kind', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'high', says: 'the documented probe passes; ID mapping fails'},
	{file: 'shaped-full-apparmor-kind.txt', environment: 'gke-ubuntu', status: 'failed', gate: 'apparmor-userns', fix: 'node-apparmor-sysctl', confidence: 'high'},
	{file: 'shaped-full-unknown-eperm.txt', environment: 'generic', status: 'failed', gate: 'unknown', fix: 'support', confidence: 'low', says: 'prg-doctor report'},
	{file: 'shaped-full-no-unshare-applet.txt', environment: 'eks', status: 'failed', gate: 'unknown', fix: 'support', confidence: 'low', says: '--image'},
	// The documented probe's bare output: errno and environment only.
	{file: 'bare-ok-documented.txt', environment: 'kind', status: 'ok', gate: 'none', fix: null, confidence: 'low', says: 'The documented probe passes (unshare -U works), but ID mapping may still fail'},
	{file: 'bare-ok-documented.txt', environment: 'gke-ubuntu', status: 'ok', gate: 'none', fix: null, confidence: 'low', says: 'ID mapping may still fail'},
	{file: 'bare-ok-documented.txt', environment: 'eks-al2023', status: 'ok', gate: 'none', fix: null, confidence: 'medium', says: 'does not test ID mapping'},
	{file: 'bare-eperm-busybox.txt', environment: 'kind', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'medium', says: 'prg-doctor host'},
	{file: 'bare-eperm-busybox.txt', environment: 'minikube-docker', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'medium'},
	{file: 'bare-eperm-busybox.txt', environment: 'openshift-rhcos', status: 'failed', gate: 'seccomp', fix: 'seccomp-unconfined', confidence: 'low', says: 'restricted-v2'},
	{file: 'bare-eperm-busybox.txt', environment: 'eks-al2023', status: 'failed', gate: 'unknown', fix: 'support', confidence: 'low', says: 'prg-doctor probe'},
	{file: 'composed-customer-paste-bottlerocket.txt', environment: 'eks-bottlerocket', status: 'failed', gate: 'userns-limit', fix: 'bottlerocket-sysctl', confidence: 'high', says: 'Bottlerocket'},
	{file: 'composed-customer-paste-bottlerocket.txt', environment: null, status: 'failed', gate: 'userns-limit', fix: 'node-sysctl', confidence: 'high'},
	{file: 'composed-debian-userns-clone.txt', environment: 'generic', status: 'failed', gate: 'userns-clone', fix: 'userns-clone-sysctl', confidence: 'high'},
	{file: 'map-eacces-busybox-setgroups.txt', environment: 'kind', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'medium', says: 'ID mapping fails'},
	{file: 'map-eacces-util-linux-uid-map.txt', environment: null, status: 'failed', gate: 'apparmor-userns', fix: 'node-apparmor-sysctl', confidence: 'low'},
	// Lines people posted in issue threads.
	{file: 'issue-util-linux-uid-map-eperm.txt', environment: 'aks-ubuntu', status: 'failed', gate: 'apparmor-userns', fix: 'node-apparmor-sysctl', confidence: 'medium'},
	{file: 'issue-util-linux-eperm-container-prompt.txt', environment: 'generic', status: 'failed', gate: 'unknown', fix: 'support', confidence: 'low'},
	{file: 'issue-docker-seccomp-eperm.txt', environment: 'k3d', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'medium'},
	{file: 'issue-selinux-avc-container-t.txt', environment: 'openshift-rhcos', status: 'failed', gate: 'selinux-userns', fix: 'openshift-selinux', confidence: 'high', says: 'tclass=user_namespace'},
	{file: 'issue-selinux-avc-container-t.txt', environment: null, status: 'failed', gate: 'selinux-userns', fix: 'openshift-selinux', confidence: 'high'},
	{file: 'issue-selinux-ausearch-interpreted.txt', environment: 'openshift-rhel', status: 'failed', gate: 'selinux-userns', fix: 'openshift-selinux', confidence: 'high'},
	{file: 'issue-apparmor-dmesg.txt', environment: 'minikube-docker', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'high', says: 'audit log'},
	{file: 'issue-el7-einval.txt', environment: 'generic', status: 'failed', gate: 'userns-limit', fix: 'node-sysctl', confidence: 'low', says: 'RHEL/CentOS 7'},
	{file: 'issue-bottlerocket-hostusers-event.txt', environment: 'eks-bottlerocket', status: 'failed', gate: 'userns-limit', fix: 'bottlerocket-sysctl', confidence: 'high'},
	{file: 'issue-bwrap-enospc.txt', environment: 'generic', status: 'failed', gate: 'userns-limit', fix: 'node-sysctl', confidence: 'high'},
	{file: 'issue-rootless-dockerd-enospc.txt', environment: 'eks-al2', status: 'failed', gate: 'userns-limit', fix: 'node-sysctl', confidence: 'high'},
	{file: 'issue-runsc-eperm.txt', environment: 'kind', status: 'failed', gate: 'apparmor-userns', fix: 'host-apparmor-sysctl', confidence: 'medium'},
	{file: 'issue-runsc-eperm.txt', environment: 'generic', status: 'failed', gate: 'unknown', fix: 'support', confidence: 'low', says: 'Creating a user namespace failed with EPERM'},
	{file: 'issue-lxd-sysctl-listing.txt', environment: null, status: 'unknown', gate: null, fix: null, confidence: 'low', says: 'apparmor_restrict_unprivileged_userns = 1'},
];

describe('classify over real and pasted outputs', () => {
	for (const row of rows) {
		test(`${row.file} on ${row.environment ?? 'no environment'} → ${row.gate ?? 'no verdict'}`, () => {
			const verdict = classify(fixture(row.file), {environment: row.environment});
			assert.deepEqual(
				{status: verdict.status, gate: verdict.gate, fix: verdict.fix, confidence: verdict.confidence},
				{status: row.status, gate: row.gate, fix: row.fix, confidence: row.confidence},
			);
			assert.ok(verdict.reason.length > 20 && verdict.reason.endsWith('.'), verdict.reason);
			if (row.says) assert.ok(verdict.reason.toLowerCase().includes(row.says.toLowerCase()), `reason lacks "${row.says}": ${verdict.reason}`);
		});
	}
});

const evidence = (fields: Record<string, string>, verdict = 'FAILED') =>
	['prg-probe=1', ...Object.entries(fields).map(([key, value]) => `${key}=${value}`), verdict].join('\n');

describe('the table is ordered: first match wins', () => {
	test('ENOSPC beats an SELinux label (Bottlerocket runs SELinux too)', () => {
		const text = evidence({max_user_namespaces: '0', lsm: 'system_u:system_r:container_t:s0:c1,c2', unshare: 'unshare: unshare(0x10000000): No space left on device'});
		assert.equal(classify(text).gate, 'userns-limit');
	});
	test('EINVAL with userns_file=no is no-userns even when the limit reads 0', () => {
		const text = evidence({userns_file: 'no', max_user_namespaces: '0', unshare: 'unshare: unshare(0x10000000): Invalid argument'});
		assert.equal(classify(text).gate, 'no-userns');
	});
	test('EPERM with the Debian switch off beats a seccomp filter', () => {
		const text = evidence({unprivileged_userns_clone: '0', seccomp: '2', unshare: 'unshare: unshare(0x10000000): Operation not permitted'});
		assert.equal(classify(text).gate, 'userns-clone');
	});
	test('an AVC line wins over AppArmor evidence', () => {
		const text = `${evidence({apparmor_restrict_unprivileged_userns: '1', unshare: 'ok', unshare_map: 'unshare: write error: Operation not permitted'})}\n${fixture('issue-selinux-avc-container-t.txt')}`;
		assert.equal(classify(text).gate, 'selinux-userns');
	});
	test('mapping refused without the AppArmor switch is unknown, and says the documented probe passes', () => {
		const verdict = classify(evidence({apparmor_restrict_unprivileged_userns: '-', unshare: 'ok', unshare_map: 'unshare: write error: Operation not permitted'}));
		assert.equal(verdict.gate, 'unknown');
		assert.match(verdict.reason, /^The documented probe passes; ID mapping fails/);
	});
	test('EACCES at unshare under an AppArmor profile with the switch on is apparmor-userns', () => {
		const text = evidence({apparmor_restrict_unprivileged_userns: '1', lsm: 'cri-containerd.apparmor.d (enforce)', unshare: 'unshare: unshare(0x10000000): Permission denied'});
		assert.equal(classify(text, {environment: 'gke-ubuntu'}).gate, 'apparmor-userns');
	});
	test('EACCES under an SELinux label is selinux-userns, under no label unknown', () => {
		const denied = 'unshare: unshare(0x10000000): Permission denied';
		assert.equal(classify(evidence({lsm: 'system_u:system_r:container_t:s0:c5,c7', unshare: denied})).gate, 'selinux-userns');
		assert.equal(classify(evidence({lsm: '-', unshare: denied})).gate, 'unknown');
	});
});

describe('bare and partial outputs', () => {
	test('the documented probe passes but the paste shows mapping failing', () => {
		const verdict = classify('$ kubectl logs prg-probe\nOK\n$ ./plan-step\nunshare: write failed /proc/self/uid_map: Operation not permitted\n', {environment: 'kind'});
		assert.equal(verdict.status, 'failed');
		assert.equal(verdict.gate, 'apparmor-userns');
		assert.match(verdict.reason, /^The documented probe passes; ID mapping fails/);
	});
	test('a bare FAILED on Bottlerocket is the limit, with medium confidence', () => {
		const verdict = classify('FAILED\n', {environment: 'eks-bottlerocket'});
		assert.deepEqual([verdict.gate, verdict.fix, verdict.confidence], ['userns-limit', 'bottlerocket-sysctl', 'medium']);
	});
	test('a bare FAILED elsewhere is unknown', () => {
		assert.deepEqual([classify('FAILED').gate, classify('FAILED').fix], ['unknown', 'support']);
	});
	test('our output cut before its verdict still decides, one notch less sure', () => {
		const cut = fixture('full-enospc-busybox.txt').replace(/FAILED\n$/, '');
		const verdict = classify(cut, {environment: 'eks-bottlerocket'});
		assert.deepEqual([verdict.status, verdict.gate, verdict.confidence], ['failed', 'userns-limit', 'medium']);
	});
	test('text with no verdict at all is unknown, with no gate or fix', () => {
		for (const text of ['', 'pod/prg-probe created\n', 'Error from server (NotFound): pods "prg-probe" not found\n']) {
			const verdict = classify(text, {environment: 'kind'});
			assert.deepEqual([verdict.status, verdict.gate, verdict.fix, verdict.confidence], ['unknown', null, null, 'low']);
			assert.match(verdict.reason, /No probe verdict/);
		}
	});
	test('the evidence is returned as parsed', () => {
		const verdict = classify(fixture('full-enospc-busybox.txt'));
		assert.equal(verdict.evidence['max_user_namespaces'], '0');
		assert.equal(verdict.evidence['unshare_map'], 'unshare: unshare(0x10000000): No space left on device');
	});
});

describe('fixIdFor follows SPEC section 5', () => {
	const expected: [Gate, EnvironmentId | null, FixId | null][] = [
		['none', 'kind', null],
		['no-userns', 'generic', 'kernel-userns'],
		['userns-limit', 'eks-bottlerocket', 'bottlerocket-sysctl'],
		['userns-limit', 'openshift-rhcos', 'openshift-sysctl'],
		['userns-limit', 'openshift-rhel', 'openshift-sysctl'],
		['userns-limit', 'eks-al2', 'node-sysctl'],
		['userns-limit', null, 'node-sysctl'],
		['userns-clone', 'generic', 'userns-clone-sysctl'],
		['seccomp', 'openshift-rhcos', 'seccomp-unconfined'],
		['selinux-userns', 'openshift-rhcos', 'openshift-selinux'],
		['apparmor-userns', 'kind', 'host-apparmor-sysctl'],
		['apparmor-userns', 'minikube-docker', 'host-apparmor-sysctl'],
		['apparmor-userns', 'k3d', 'host-apparmor-sysctl'],
		['apparmor-userns', 'gke-ubuntu', 'node-apparmor-sysctl'],
		['apparmor-userns', null, 'node-apparmor-sysctl'],
		['unknown', 'eks', 'support'],
	];
	for (const [gate, environment, fix] of expected) {
		test(`${gate} on ${environment ?? 'no environment'} → ${fix ?? 'no fix'}`, () => assert.equal(fixIdFor(gate, environment), fix));
	}
	test('every gate has a fix in every environment, except none', () => {
		for (const gate of gates) for (const environment of [...environments, null]) assert.equal(fixIdFor(gate, environment) === null, gate === 'none');
	});
});

describe('security labels', () => {
	test('SELinux contexts', () => {
		assert.ok(isSelinuxLabel('system_u:system_r:container_t:s0:c570,c767'));
		assert.ok(isSelinuxLabel('system_u:system_r:spc_t:s0'));
		assert.ok(!isSelinuxLabel('cri-containerd.apparmor.d (enforce)'));
		assert.ok(!isSelinuxLabel('-'));
	});
	test('AppArmor labels', () => {
		assert.ok(isAppArmorLabel('cri-containerd.apparmor.d (enforce)'));
		assert.ok(isAppArmorLabel('unconfined'));
		assert.ok(isAppArmorLabel('docker-default (complain)'));
		assert.ok(!isAppArmorLabel('system_u:system_r:container_t:s0'));
	});
});

describe('gateInfo', () => {
	test('every gate has a title, plain words and a why', () => {
		assert.deepEqual(Object.keys(gateInfo).sort(), [...gates].sort());
		for (const gate of gates) {
			const info = gateInfo[gate];
			assert.ok(info.title.length > 3 && info.plain.length > 40 && info.why.length > 40, gate);
		}
		assert.match(gateInfo['apparmor-userns'].plain, /documented probe can still say OK/);
	});
});
