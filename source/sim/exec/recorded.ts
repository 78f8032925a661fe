// Recorded output: what a pod's log holds on a node whose gate this machine cannot reproduce
// (AppArmor, SELinux, seccomp, the Debian clone sysctl, a kernel without user namespaces), or
// whenever the kubelet runs in `recorded` mode. Also the host-side audit lines an admin finds
// beside it (`dmesg`, /var/log/audit/audit.log), for tests of what customers paste.
import type {SimNode} from '../profiles/index.js';
import {nodeEvidence, type NodeEvidence} from './node-evidence.js';
import type {PodScript} from './pod-script.js';

/** The evidence probe's output, in the order and format of SPEC section 4. */
export function probeLog(evidence: NodeEvidence): string {
	const lines = [
		'prg-probe=1',
		`kernel=${evidence.kernel}`,
		`userns_file=${evidence.usernsFile}`,
		`max_user_namespaces=${evidence.maxUserNamespaces}`,
		`apparmor_restrict_unprivileged_userns=${evidence.apparmorRestrict}`,
		`unprivileged_userns_clone=${evidence.usernsClone}`,
		`seccomp=${evidence.seccomp}`,
		`seccomp_filters=${evidence.seccompFilters}`,
		`lsm=${evidence.lsm}`,
		`unshare=${evidence.create}`,
		`unshare_map=${evidence.map}`,
		`lsm_inside=${evidence.lsmInside}`,
		evidence.map === 'ok' ? 'OK' : 'FAILED',
	];
	return `${lines.join('\n')}\n`;
}

/** `unshare -U echo OK || echo FAILED` (or `-Ur`): `OK`, or unshare's error line then `FAILED`. */
export function documentedLog(evidence: NodeEvidence, map: boolean): string {
	const result = map ? evidence.map : evidence.create;
	return result === 'ok' ? 'OK\n' : `${result}\nFAILED\n`;
}

/** The recorded log of a recognised script on `node`; both scripts exit 0 (they end in `echo`). */
export function recordedRun(node: SimNode, script: Exclude<PodScript, {kind: 'other'}>, random: () => number = Math.random): {exitCode: number; log: string} {
	const evidence = nodeEvidence(node, random);
	const log = script.kind === 'probe' ? probeLog(evidence) : documentedLog(evidence, script.map);
	return {exitCode: 0, log};
}

/**
 * What the node's kernel logs when the probe is denied by an LSM, shaped after lines people posted:
 * the SELinux AVC from containers/container-selinux#257 (`avc:  denied  { create } … tclass=user_namespace
 * permissive=0`, with the matching `SYSCALL … syscall=unshare … exit=EACCES` record as in
 * fedora-selinux/selinux-policy#1651), and AppArmor's userns restriction from google/nsjail#236
 * (`apparmor="AUDIT" operation="userns_create" … target="unprivileged_userns"`, then
 * `apparmor="DENIED" operation="capable" … profile="unprivileged_userns"`). Empty for other gates.
 */
export function hostAuditLines(node: SimNode, options: {pid?: number; time?: number; random?: () => number} = {}): string[] {
	const random = options.random ?? Math.random;
	const pid = options.pid ?? 20_000 + Math.floor(random() * 40_000);
	const time = options.time ?? Date.now() / 1000;
	const serial = 1000 + Math.floor(random() * 9000);
	const stamp = `${time.toFixed(3)}:${serial}`;
	const evidence = nodeEvidence(node, random);
	if (node.gate === 'selinux-userns') {
		const label = evidence.lsm;
		return [
			`type=AVC msg=audit(${stamp}): avc:  denied  { create } for  pid=${pid} comm="unshare" scontext=${label} tcontext=${label} tclass=user_namespace permissive=0`,
			`type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=272 success=no exit=-13 a0=10000000 a1=0 a2=0 a3=0 items=0 ppid=${pid - 1} pid=${pid} auid=4294967295 uid=3377 gid=3377 euid=3377 suid=3377 fsuid=3377 egid=3377 sgid=3377 fsgid=3377 tty=(none) ses=4294967295 comm="unshare" exe="/bin/busybox" subj=${label} key=(null)`,
		];
	}
	if (node.gate === 'apparmor-userns') {
		const uptime = (30_000 + random() * 200_000).toFixed(6);
		if (evidence.lsm === 'unconfined') {
			return [
				`[${uptime}] audit: type=1400 audit(${stamp}): apparmor="AUDIT" operation="userns_create" class="namespace" info="Userns create - transitioning profile" profile="unconfined" pid=${pid} comm="unshare" requested="userns_create" target="unprivileged_userns"`,
				`[${uptime}] audit: type=1400 audit(${stamp}): apparmor="DENIED" operation="capable" class="cap" profile="unprivileged_userns" pid=${pid} comm="unshare" capability=21  capname="sys_admin"`,
			];
		}
		return [
			`[${uptime}] audit: type=1400 audit(${stamp}): apparmor="DENIED" operation="userns_create" class="namespace" info="Userns create restricted - failed to find unprivileged_userns profile" error=-13 profile="cri-containerd.apparmor.d" pid=${pid} comm="unshare" requested="userns_create" denied="userns_create"`,
		];
	}
	return [];
}
