import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {cleanLine, errnoOf, evidenceKeys, parseProbeOutput, type Errno, type ParsedProbe} from '../../source/domain/probe-output.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/probe-outputs/${name}`, import.meta.url), 'utf8');

type Expected = Pick<ParsedProbe, 'format' | 'verdict' | 'errno' | 'mapErrno' | 'unshareOk' | 'avc' | 'apparmorAudit'> & {firstError: string | null};

const base = {avc: false, apparmorAudit: false};
const rows: [string, Expected][] = [
	['full-ok-busybox.txt', {...base, format: 'full', verdict: 'OK', errno: null, mapErrno: null, unshareOk: true, firstError: null}],
	['composed-kubectl-prefix-timestamps-ok.txt', {...base, format: 'full', verdict: 'OK', errno: null, mapErrno: null, unshareOk: true, firstError: null}],
	['full-enospc-busybox.txt', {...base, format: 'full', verdict: 'FAILED', errno: 'ENOSPC', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare(0x10000000): No space left on device'}],
	['full-enospc-util-linux.txt', {...base, format: 'full', verdict: 'FAILED', errno: 'ENOSPC', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare failed: No space left on device'}],
	['shaped-full-apparmor-kind.txt', {...base, format: 'full', verdict: 'FAILED', errno: null, mapErrno: 'EPERM', unshareOk: true, firstError: 'unshare: write error: Operation not permitted'}],
	['shaped-full-selinux-rhcos.txt', {...base, format: 'full', verdict: 'FAILED', errno: 'EACCES', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare(0x10000000): Permission denied'}],
	['shaped-full-no-unshare-applet.txt', {...base, format: 'full', verdict: 'FAILED', errno: null, mapErrno: null, unshareOk: false, firstError: 'sh: unshare: not found'}],
	['bare-ok-documented.txt', {...base, format: 'bare', verdict: 'OK', errno: null, mapErrno: null, unshareOk: true, firstError: null}],
	['bare-eperm-busybox.txt', {...base, format: 'bare', verdict: 'FAILED', errno: 'EPERM', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare(0x10000000): Operation not permitted'}],
	['map-eacces-busybox-setgroups.txt', {...base, format: 'bare', verdict: null, errno: null, mapErrno: 'EACCES', unshareOk: true, firstError: "unshare: can't open '/proc/self/setgroups': Permission denied"}],
	['map-eacces-util-linux-uid-map.txt', {...base, format: 'bare', verdict: null, errno: null, mapErrno: 'EACCES', unshareOk: true, firstError: 'unshare: cannot open /proc/self/uid_map: Permission denied'}],
	['issue-util-linux-uid-map-eperm.txt', {...base, format: 'bare', verdict: null, errno: null, mapErrno: 'EPERM', unshareOk: true, firstError: 'unshare: write failed /proc/self/uid_map: Operation not permitted'}],
	['issue-util-linux-eperm-container-prompt.txt', {...base, format: 'bare', verdict: null, errno: 'EPERM', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare failed: Operation not permitted'}],
	['composed-customer-paste-bottlerocket.txt', {...base, format: 'bare', verdict: 'FAILED', errno: 'ENOSPC', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare(0x10000000): No space left on device'}],
	['composed-debian-userns-clone.txt', {...base, format: 'bare', verdict: null, errno: 'EPERM', mapErrno: null, unshareOk: false, firstError: 'unshare: Operation not permitted'}],
	['issue-el7-einval.txt', {...base, format: 'bare', verdict: null, errno: 'EINVAL', mapErrno: null, unshareOk: false, firstError: 'unshare: unshare failed: Invalid argument'}],
	['issue-selinux-avc-container-t.txt', {...base, avc: true, format: 'bare', verdict: null, errno: 'EACCES', mapErrno: null, unshareOk: false, firstError: 'Error during unshare(CLONE_NEWUSER): Permission denied'}],
	['issue-selinux-ausearch-interpreted.txt', {...base, avc: true, format: 'bare', verdict: null, errno: 'EACCES', mapErrno: null, unshareOk: false, firstError: null}],
	['issue-apparmor-dmesg.txt', {...base, apparmorAudit: true, format: 'bare', verdict: null, errno: null, mapErrno: null, unshareOk: null, firstError: null}],
	['issue-rootless-dockerd-enospc.txt', {...base, format: 'bare', verdict: null, errno: 'ENOSPC', mapErrno: null, unshareOk: false, firstError: 'error: failed to start the child: fork/exec /proc/self/exe: no space left on device'}],
	['issue-lxd-sysctl-listing.txt', {...base, format: 'none', verdict: null, errno: null, mapErrno: null, unshareOk: null, firstError: null}],
];

describe('parseProbeOutput over the fixtures', () => {
	for (const [file, expected] of rows) {
		test(file, () => {
			const parsed = parseProbeOutput(fixture(file));
			const {errors, evidence: _evidence, ...facts} = parsed;
			assert.deepEqual({...facts, firstError: errors[0] ?? null}, expected);
		});
	}
	test('our output yields every key, in order, each on one line', () => {
		const parsed = parseProbeOutput(fixture('full-enospc-busybox.txt'));
		assert.deepEqual(Object.keys(parsed.evidence), [...evidenceKeys]);
		assert.equal(parsed.evidence['prg-probe'], '1');
		assert.equal(parsed.evidence['userns_file'], 'yes');
		assert.equal(parsed.evidence['apparmor_restrict_unprivileged_userns'], '-');
	});
	test('the prefixed paste parses to the same evidence as the plain log', () => {
		assert.deepEqual(parseProbeOutput(fixture('composed-kubectl-prefix-timestamps-ok.txt')).evidence, parseProbeOutput(fixture('full-ok-busybox.txt')).evidence);
	});
	test('sysctl readings in a paste become evidence', () => {
		assert.equal(parseProbeOutput(fixture('issue-lxd-sysctl-listing.txt')).evidence['apparmor_restrict_unprivileged_userns'], '1');
		assert.equal(parseProbeOutput(fixture('issue-lxd-sysctl-listing.txt')).evidence['unprivileged_userns_clone'], '1');
		assert.equal(parseProbeOutput(fixture('composed-debian-userns-clone.txt')).evidence['unprivileged_userns_clone'], '0');
		assert.equal(parseProbeOutput('user.max_user_namespaces = 0\n').evidence['max_user_namespaces'], '0');
	});
	test('the probe’s own line wins over a pasted sysctl reading', () => {
		assert.equal(parseProbeOutput('max_user_namespaces=15000\nuser.max_user_namespaces = 0\n').evidence['max_user_namespaces'], '15000');
	});
});

describe('what customers paste around the output', () => {
	test('SPEC’s two-on-a-line form: seccomp and seccomp_filters', () => {
		const parsed = parseProbeOutput('prg-probe=1\nseccomp=2  seccomp_filters=1\nlsm=cri-containerd.apparmor.d (enforce)\nFAILED\n');
		assert.equal(parsed.evidence['seccomp'], '2');
		assert.equal(parsed.evidence['seccomp_filters'], '1');
		assert.equal(parsed.evidence['lsm'], 'cri-containerd.apparmor.d (enforce)', 'spaces inside a value stay');
	});
	test('CRLF, lone CR, colour codes and NULs', () => {
		const parsed = parseProbeOutput('\u001b[32mprg-probe=1\u001b[0m\r\nlsm=system_u:system_r:container_t:s0\u0000\rOK\r\n');
		assert.equal(parsed.verdict, 'OK');
		assert.equal(parsed.evidence['lsm'], 'system_u:system_r:container_t:s0');
	});
	test('the last verdict counts when two runs are pasted', () => {
		assert.equal(parseProbeOutput('FAILED\n$ kubectl logs prg-probe\nOK\n').verdict, 'OK');
	});
	test('the probe manifest itself is not a verdict', () => {
		const parsed = parseProbeOutput('    args: ["unshare -U echo OK || echo FAILED"]\n$ echo OK\n');
		assert.equal(parsed.verdict, null);
		assert.equal(parsed.format, 'none');
	});
	test('unknown key=value lines are ignored', () => {
		const parsed = parseProbeOutput('KUBECONFIG=/tmp/x\ntype=AVC msg=audit(1.2:3): avc:  denied  { read } for pid=1 tclass=file\nFAILED\n');
		assert.deepEqual(parsed.evidence, {});
		assert.equal(parsed.avc, false, 'only { create } on user_namespace counts');
	});
	test('raw audit.log syscall lines carry the errno as a number', () => {
		const parsed = parseProbeOutput('type=SYSCALL msg=audit(1687430789.136:1238): arch=c000003e syscall=272 success=no exit=-13 a0=10000000 a1=0 comm="unshare"\n');
		assert.equal(parsed.errno, 'EACCES');
		assert.equal(parsed.format, 'bare');
	});
});

describe('cleanLine and errnoOf', () => {
	const lines: [string, string][] = [
		['[pod/prg-probe/probe] OK', 'OK'],
		['2026-11-28T09:15:02.123456789Z FAILED', 'FAILED'],
		['[pod/prg-probe-abc/probe] 2026-11-28T09:15:02Z kernel=6.1.112', 'kernel=6.1.112'],
		['2024-06-01T10:00:00.000000000Z stdout F OK', 'OK'],
		['> FAILED', 'FAILED'],
		['\u001b[1;31mFAILED\u001b[0m  ', 'FAILED'],
		['[-] unshare: Operation not permitted', 'unshare: Operation not permitted'],
	];
	for (const [raw, clean] of lines) test(JSON.stringify(raw), () => assert.equal(cleanLine(raw), clean));
	const errnos: [string, Errno | null][] = [
		['unshare: unshare(0x10000000): No space left on device', 'ENOSPC'],
		['fork/exec /proc/self/exe: no space left on device', 'ENOSPC'],
		['unshare: write error: Operation not permitted', 'EPERM'],
		["unshare: can't open '/proc/self/setgroups': Permission denied", 'EACCES'],
		['unshare: unshare failed: Invalid argument', 'EINVAL'],
		['thread main panicked at unshare failed: Sys(EPERM)', 'EPERM'],
		['unshare: not found', null],
	];
	for (const [line, errno] of errnos) test(line, () => assert.equal(errnoOf(line), errno));
});
