// Names the gate that blocks a node, from probe output (SPEC section 5's table, first match wins),
// and says how sure it is. Our script's evidence decides outright; the documented probe's bare
// output leaves only the errno and the node's environment, so those verdicts carry less confidence
// and their reasons say what would settle the question.
import {parseProbeOutput, type Errno, type ParsedProbe} from './probe-output.js';
import {environmentTitle, isLocal, isOpenShift, isUbuntuNode, sharesHostKernel} from './fixes/environment-words.js';
import type {Classification, Confidence, EnvironmentId, FixId, Gate} from './types.js';

export function fixIdFor(gate: Gate, environment: EnvironmentId | null): FixId | null {
	switch (gate) {
		case 'none':
			return null;
		case 'no-userns':
			return 'kernel-userns';
		case 'userns-limit':
			if (environment === 'eks-bottlerocket') return 'bottlerocket-sysctl';
			if (isOpenShift(environment)) return 'openshift-sysctl';
			return 'node-sysctl';
		case 'userns-clone':
			return 'userns-clone-sysctl';
		case 'seccomp':
			return 'seccomp-unconfined';
		case 'selinux-userns':
			return 'openshift-selinux';
		case 'apparmor-userns':
			return isLocal(environment) ? 'host-apparmor-sysctl' : 'node-apparmor-sysctl';
		case 'unknown':
			return 'support';
	}
}

const errnoText: Record<Errno, string> = {
	ENOSPC: 'ENOSPC (No space left on device)',
	EPERM: 'EPERM (Operation not permitted)',
	EACCES: 'EACCES (Permission denied)',
	EINVAL: 'EINVAL (Invalid argument)',
};

/** An SELinux context: user:role:type:level, e.g. system_u:system_r:container_t:s0:c1,c2. */
export function isSelinuxLabel(label: string | undefined): boolean {
	return label !== undefined && /^[\w.-]+:[\w.-]+:[\w.-]+_t(?::|$)/.test(label);
}

/** An AppArmor label: `unconfined`, or a profile name with its mode, e.g. `cri-containerd.apparmor.d (enforce)`. */
export function isAppArmorLabel(label: string | undefined): boolean {
	return label !== undefined && (label === 'unconfined' || /\s\((?:enforce|complain|kill|unconfined|prompt)\)$/.test(label));
}

type Verdict = {gate: Gate; confidence: Confidence; reason: string};

export function classify(text: string, context: {environment?: EnvironmentId | null} = {}): Classification {
	const environment = context.environment ?? null;
	const probe = parseProbeOutput(text);
	const verdict = decide(probe, environment);
	if (verdict === null) {
		return {status: 'unknown', gate: null, fix: null, reason: noVerdictReason(probe), confidence: 'low', evidence: probe.evidence};
	}
	return {
		status: verdict.gate === 'none' ? 'ok' : 'failed',
		gate: verdict.gate,
		fix: fixIdFor(verdict.gate, environment),
		reason: verdict.reason,
		confidence: verdict.confidence,
		evidence: probe.evidence,
	};
}

function decide(probe: ParsedProbe, environment: EnvironmentId | null): Verdict | null {
	const map = probe.evidence['unshare_map'];
	// Our script's output cut short before its last line still says what `unshare -Ur` did.
	const verdict = probe.verdict ?? (map === undefined ? null : map === 'ok' ? 'OK' : 'FAILED');
	const failureSeen = probe.errors.length > 0 || probe.avc || probe.apparmorAudit || probe.errno !== null;
	if (verdict === null && !failureSeen) return null;
	if (verdict === 'OK') {
		if (probe.format === 'full') {
			return {gate: 'none', confidence: 'high', reason: 'unshare -Ur works: a non-root process on this node can create a user namespace and map its IDs, as the sandbox does.'};
		}
		if (!failureSeen) return documentedOk(environment);
	}
	const gate = byTable(probe, environment) ?? (probe.format === 'full' ? null : byEnvironment(probe, environment));
	if (gate !== null) {
		// Without our script's evidence lines, the table's own conditions were only half-seen.
		return probe.verdict === null && probe.format === 'full' && gate.confidence === 'high' ? {...gate, confidence: 'medium'} : gate;
	}
	return {gate: 'unknown', confidence: 'low', reason: unknownReason(probe)};
}

function documentedOk(environment: EnvironmentId | null): Verdict {
	if (sharesHostKernel(environment) || isUbuntuNode(environment) || environment === null) {
		const where = environment === null ? 'on Ubuntu 23.10+ kernels' : `on ${environmentTitle(environment)} over an Ubuntu 23.10+ kernel`;
		return {
			gate: 'none',
			confidence: 'low',
			reason: `The documented probe passes (unshare -U works), but ID mapping may still fail: it is not tested, and AppArmor blocks it ${where}. Run \`prg-doctor probe\` to test both.`,
		};
	}
	return {
		gate: 'none',
		confidence: 'medium',
		reason: 'The documented probe passes (unshare -U works); it does not test ID mapping, so run `prg-doctor probe` to be sure.',
	};
}

/** The first error line, quoted and cut to a readable length, as a sentence of its own. */
function quoteFirst(probe: ParsedProbe): string {
	const line = probe.errors[0];
	if (line === undefined) return '';
	const short = line.length > 110 ? `${line.slice(0, 109)}…` : line;
	return ` The output says: "${short}".`;
}

/** SPEC section 5, rows 2–7, on whatever evidence the output holds. */
function byTable(probe: ParsedProbe, environment: EnvironmentId | null): Verdict | null {
	const evidence = probe.evidence;
	const {errno, mapErrno} = probe;
	const max = evidence['max_user_namespaces'];
	const restrict = evidence['apparmor_restrict_unprivileged_userns'];
	const lsm = evidence['lsm'];
	const quoted = quoteFirst(probe);

	if (errno === 'EINVAL' && evidence['userns_file'] === 'no') {
		return {gate: 'no-userns', confidence: 'high', reason: `The node's kernel has no user namespaces (no /proc/self/ns/user; unshare answers ${errnoText.EINVAL}): it was built without CONFIG_USER_NS.`};
	}
	if (errno === 'ENOSPC' || (errno === 'EINVAL' && max === '0')) {
		let cause: string;
		if (max === '0') cause = 'This node allows no user namespaces (user.max_user_namespaces = 0)';
		else if (max !== undefined && max !== '-') cause = `This node's user-namespace limit (user.max_user_namespaces = ${max}) is used up`;
		else if (environment === 'eks-bottlerocket') cause = 'Bottlerocket ships with user.max_user_namespaces = 0';
		else cause = 'This node allows no user namespaces (user.max_user_namespaces is 0, or its limit is used up)';
		const el7 = errno === 'EINVAL' ? '; RHEL/CentOS 7 kernels answer EINVAL rather than ENOSPC' : '';
		return {gate: 'userns-limit', confidence: 'high', reason: `${cause}, so the kernel refuses to create one${el7}.${quoted}`};
	}
	if ((errno === 'EPERM' || mapErrno === 'EPERM') && evidence['unprivileged_userns_clone'] === '0') {
		return {gate: 'userns-clone', confidence: 'high', reason: `This node's Debian kernel switch kernel.unprivileged_userns_clone is 0, so only root may create user namespaces.${quoted}`};
	}
	if (errno === 'EPERM' && evidence['seccomp'] === '2') {
		return {gate: 'seccomp', confidence: 'high', reason: `A seccomp filter is applied to the container despite its seccompProfile Unconfined (Seccomp: 2), and it refuses unshare with EPERM.${quoted}`};
	}
	if ((errno === 'EACCES' && isSelinuxLabel(lsm)) || probe.avc) {
		const label = isSelinuxLabel(lsm) ? ` to ${lsm!.split(':')[2]}` : ' to the container';
		const how = probe.avc ? 'the AVC denial { create } on tclass=user_namespace' : `unshare answering ${errnoText.EACCES} under an SELinux label`;
		return {gate: 'selinux-userns', confidence: 'high', reason: `SELinux policy denies user_namespace create${label} (${how}); container-selinux >= 2.232.0 allows it.${quoted}`};
	}
	const lsmInsideRestricted = (evidence['lsm_inside'] ?? '').startsWith('unprivileged_userns');
	const mappingFails = probe.unshareOk === true && (mapErrno === 'EPERM' || mapErrno === 'EACCES');
	const appArmorRefuses = errno === 'EACCES' && isAppArmorLabel(lsm);
	if (((mappingFails || appArmorRefuses) && (restrict === '1' || lsmInsideRestricted)) || probe.apparmorAudit) {
		const what = mappingFails
			? `the documented probe passes; ID mapping fails. unshare -U works, but writing the ID maps is refused with ${errnoText[mapErrno!]}`
			: probe.apparmorAudit && !appArmorRefuses
				? 'the kernel audit log shows AppArmor refusing an unprivileged user namespace'
				: `unshare is refused (${errnoText.EACCES}) under the AppArmor profile ${lsm}`;
		const host = isLocal(environment) ? 'the host running this cluster' : 'the node';
		return {gate: 'apparmor-userns', confidence: 'high', reason: `${capitalize(what)}, because AppArmor restricts unprivileged user namespaces on ${host} (kernel.apparmor_restrict_unprivileged_userns = 1).${quoted}`};
	}
	return null;
}

/** Bare output: only the errno and the environment to go on. */
function byEnvironment(probe: ParsedProbe, environment: EnvironmentId | null): Verdict | null {
	const {errno, mapErrno} = probe;
	const env = environmentTitle(environment);
	const quoted = quoteFirst(probe);
	if (errno === 'EINVAL') {
		return {gate: 'userns-limit', confidence: 'low', reason: `Creating a user namespace failed with ${errnoText.EINVAL}: either user.max_user_namespaces is 0 on a RHEL/CentOS 7 kernel, or the kernel has no user namespaces at all; \`prg-doctor probe\` tells which.${quoted}`};
	}
	if (mapErrno !== null && errno === null) {
		const confidence: Confidence = sharesHostKernel(environment) || isUbuntuNode(environment) ? 'medium' : 'low';
		const lead = probe.verdict === 'OK' ? 'The documented probe passes; ID mapping fails' : 'The user namespace is created but ID mapping fails';
		return {gate: 'apparmor-userns', confidence, reason: `${lead} with ${errnoText[mapErrno]}: the signature of AppArmor's restriction on Ubuntu 23.10+ kernels; \`prg-doctor probe\` confirms it.${quoted}`};
	}
	if (errno === 'EPERM') {
		if (sharesHostKernel(environment)) {
			return {gate: 'apparmor-userns', confidence: 'medium', reason: `Creating a user namespace failed with ${errnoText.EPERM} on ${env}, whose nodes run on this host's kernel: on Ubuntu 23.10+ hosts AppArmor restricts unprivileged user namespaces; \`prg-doctor host\` confirms it.`};
		}
		if (isUbuntuNode(environment)) {
			return {gate: 'apparmor-userns', confidence: 'low', reason: `Creating a user namespace failed with ${errnoText.EPERM} on ${env}: likely AppArmor's user-namespace restriction of Ubuntu 23.10+ node images; \`prg-doctor probe\` confirms it.`};
		}
		if (isOpenShift(environment)) {
			return {gate: 'seccomp', confidence: 'low', reason: `Creating a user namespace failed with ${errnoText.EPERM} on OpenShift: the restricted-v2 SCC forces the RuntimeDefault seccomp profile, which refuses unshare; \`prg-doctor probe\` confirms it.`};
		}
		return null;
	}
	if (errno === 'EACCES') {
		if (isOpenShift(environment)) {
			return {gate: 'selinux-userns', confidence: 'medium', reason: `Creating a user namespace failed with ${errnoText.EACCES} on OpenShift: SELinux denies container_t user_namespace create unless container-selinux >= 2.232.0; \`ausearch -m AVC\` on the node confirms it.`};
		}
		if (sharesHostKernel(environment) || isUbuntuNode(environment)) {
			return {gate: 'apparmor-userns', confidence: 'low', reason: `Creating a user namespace failed with ${errnoText.EACCES} on ${env}: an AppArmor profile without the userns permission, under Ubuntu 23.10+'s restriction; \`prg-doctor probe\` confirms it.`};
		}
		return null;
	}
	if (errno === null && probe.verdict === 'FAILED') {
		if (environment === 'eks-bottlerocket') {
			return {gate: 'userns-limit', confidence: 'medium', reason: 'The documented probe FAILED on Bottlerocket, which ships user.max_user_namespaces=0; the error line (ENOSPC) was not in the output.'};
		}
		if (sharesHostKernel(environment)) {
			return {gate: 'apparmor-userns', confidence: 'low', reason: `The documented probe FAILED on ${env}: the usual cause is AppArmor's restriction on an Ubuntu 23.10+ host; \`prg-doctor host\` confirms it.`};
		}
	}
	return null;
}

function unknownReason(probe: ParsedProbe): string {
	const create = probe.evidence['unshare'];
	if (create !== undefined && /not found|no such file/i.test(create)) {
		return `The probe image has no usable unshare ("${create}"): use an image with busybox unshare (alpine:3.19, or its mirror via --image).`;
	}
	if (probe.unshareOk === true && probe.mapErrno !== null) {
		return `The documented probe passes; ID mapping fails with ${errnoText[probe.mapErrno]}, and no known gate explains it: send \`prg-doctor report\` to support.${quoteFirst(probe)}`;
	}
	if (probe.errno !== null) {
		const hint = probe.format === 'full' ? '' : ' Run `prg-doctor probe` for the evidence that tells the gates apart.';
		return `Creating a user namespace failed with ${errnoText[probe.errno]}, which matches no known gate here.${hint} Send \`prg-doctor report\` to support.${quoteFirst(probe)}`;
	}
	const hint = probe.format === 'full' ? '' : ' Run `prg-doctor probe` for the evidence lines.';
	return `The probe FAILED without an error that names a gate.${hint} Send \`prg-doctor report\` to support.${quoteFirst(probe)}`;
}

function noVerdictReason(probe: ParsedProbe): string {
	const seen: string[] = [];
	if (probe.evidence['max_user_namespaces'] === '0') seen.push('user.max_user_namespaces = 0, which blocks every user namespace');
	if (probe.evidence['apparmor_restrict_unprivileged_userns'] === '1') seen.push('kernel.apparmor_restrict_unprivileged_userns = 1, which stops ID mapping in unconfined containers');
	if (probe.evidence['unprivileged_userns_clone'] === '0') seen.push('kernel.unprivileged_userns_clone = 0, which allows user namespaces to root only');
	const shows = seen.length === 0 ? '' : ` It does show ${seen.join('; and ')}.`;
	return `No probe verdict in this text (no OK or FAILED line, no unshare error).${shows} Paste the whole output of \`kubectl logs <probe pod>\`, or run \`prg-doctor probe\`.`;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
