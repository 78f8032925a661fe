// Kernel, LSM and unshare facts as pass/fail/warn/skip lines. The verdict comes from the real
// unshare test and the classifier's gate; the sysctl lines explain it, so a sysctl is `fail` only
// when it is the gate that blocked the test.
import type {Gate} from '../domain/types.js';
import type {KernelFacts} from './kernel-facts.js';
import {isUbuntuAtLeast} from './os-release.js';
import type {HostCheck} from './types.js';
import type {TestedAs, UnshareCheck} from './unshare-check.js';

export function kernelChecks(facts: KernelFacts, unshare: UnshareCheck, gate: Gate | null): HostCheck[] {
	return [
		osCheck(facts),
		facts.kernel === null
			? {id: 'kernel', title: 'kernel', status: 'skip', detail: '/proc/sys/kernel/osrelease is not readable'}
			: {id: 'kernel', title: 'kernel', status: 'pass', detail: facts.kernel},
		usernsFileCheck(facts, gate),
		maxCheck(facts, gate),
		cloneCheck(facts, gate),
		restrictCheck(facts, unshare, gate),
		apparmorCheck(facts),
		profileCheck(facts, gate),
		selinuxCheck(facts, gate),
		...unshareChecks(unshare),
	];
}

function osCheck(facts: KernelFacts): HostCheck {
	const {os} = facts;
	if (facts.osSource === null) return {id: 'os', title: 'OS', status: 'warn', detail: 'no /etc/os-release: the distribution is unknown'};
	const name = os.prettyName ?? [os.id, os.versionId].filter(Boolean).join(' ');
	const note = isUbuntuAtLeast(os, '23.10')
		? ' (Ubuntu 23.10+ can restrict unprivileged user namespaces with AppArmor; 24.04 does by default)'
		: '';
	return {id: 'os', title: 'OS', status: 'pass', detail: `${name}${note}`};
}

function usernsFileCheck(facts: KernelFacts, gate: Gate | null): HostCheck {
	const base = {id: 'userns-file', title: '/proc/self/ns/user'} as const;
	if (facts.usernsFile === null) return {...base, status: 'skip', detail: 'could not be checked'};
	if (facts.usernsFile) return {...base, status: 'pass', detail: 'present: the kernel has user namespaces'};
	return {...base, status: gate === 'no-userns' || gate === null ? 'fail' : 'warn', detail: 'missing: the kernel was built without user namespaces (CONFIG_USER_NS)'};
}

function maxCheck(facts: KernelFacts, gate: Gate | null): HostCheck {
	const base = {id: 'max-user-namespaces', title: 'user.max_user_namespaces'} as const;
	const max = facts.maxUserNamespaces;
	if (max === null) return {...base, status: 'skip', detail: 'not readable'};
	if (max === 0) return {...base, status: 'fail', detail: '0: no process may create a user namespace'};
	if (gate === 'userns-limit') {
		return {...base, status: 'fail', detail: `${max}, yet the kernel refused with ENOSPC: an enclosing namespace's limit or the per-user count is exhausted`};
	}
	return {...base, status: 'pass', detail: String(max)};
}

function cloneCheck(facts: KernelFacts, gate: Gate | null): HostCheck {
	const base = {id: 'unprivileged-userns-clone', title: 'kernel.unprivileged_userns_clone'} as const;
	const value = facts.unprivilegedUsernsClone;
	if (value === null) return {...base, status: 'skip', detail: 'not present (only Debian/Ubuntu-patched kernels have it)'};
	if (value === 0) return {...base, status: gate === 'userns-clone' || gate === null ? 'fail' : 'warn', detail: '0: only privileged processes may create user namespaces'};
	return {...base, status: 'pass', detail: String(value)};
}

function restrictCheck(facts: KernelFacts, unshare: UnshareCheck, gate: Gate | null): HostCheck {
	const base = {id: 'apparmor-restrict-unprivileged-userns', title: 'kernel.apparmor_restrict_unprivileged_userns'} as const;
	const value = facts.apparmorRestrict;
	if (value === null) return {...base, status: 'skip', detail: 'not present (only Ubuntu 23.10+ kernels have it)'};
	if (value === 0) return {...base, status: 'pass', detail: '0: unconfined processes may create and use user namespaces'};
	const what = `${value}: an unconfined process that creates a user namespace is moved to the unprivileged_userns profile, which denies the capabilities ID mapping needs`;
	if (gate === 'apparmor-userns') return {...base, status: 'fail', detail: what};
	const mapped = unshare.ran && unshare.map.ok;
	return {...base, status: 'warn', detail: mapped ? `${what} (the test below passed anyway)` : what};
}

function apparmorCheck(facts: KernelFacts): HostCheck {
	const base = {id: 'apparmor', title: 'AppArmor'} as const;
	if (facts.apparmorEnabled === null) return {...base, status: 'skip', detail: 'not in this kernel (/sys/module/apparmor absent)'};
	return {...base, status: 'pass', detail: facts.apparmorEnabled ? 'enabled' : 'disabled'};
}

function profileCheck(facts: KernelFacts, gate: Gate | null): HostCheck {
	const base = {id: 'apparmor-userns-profile', title: 'unprivileged_userns profile'} as const;
	const profiles = facts.apparmorProfiles;
	if (profiles.state === 'denied') return {...base, status: 'skip', detail: 'the loaded profile list is readable only by root (sudo shows it)'};
	if (profiles.state === 'missing') return {...base, status: 'skip', detail: 'AppArmor securityfs is not mounted'};
	if (profiles.unprivilegedUserns === null) return {...base, status: 'pass', detail: 'not loaded'};
	const detail = `loaded (${profiles.unprivilegedUserns})`;
	if (gate === 'apparmor-userns') return {...base, status: 'fail', detail};
	return {...base, status: facts.apparmorRestrict === 1 ? 'warn' : 'pass', detail};
}

function selinuxCheck(facts: KernelFacts, gate: Gate | null): HostCheck {
	const base = {id: 'selinux', title: 'SELinux'} as const;
	if (facts.selinux === null) return {...base, status: 'skip', detail: 'not enabled (/sys/fs/selinux absent)'};
	if (gate === 'selinux-userns') return {...base, status: 'fail', detail: `${facts.selinux}: the policy denies user_namespace create`};
	return {...base, status: 'pass', detail: facts.selinux};
}

function unshareChecks(unshare: UnshareCheck): HostCheck[] {
	const create = {id: 'unshare', title: 'unshare -U'} as const;
	const map = {id: 'unshare-map', title: 'unshare -Ur'} as const;
	if (!unshare.ran) {
		return [
			{...create, status: 'warn', detail: `not run: ${unshare.reason}`},
			{...map, status: 'warn', detail: 'not run'},
		];
	}
	const who = testedAsWords(unshare.testedAs);
	const mapped = unshare.mappedFrom === null ? '' : ` (uid_map: 0 ${unshare.mappedFrom} 1)`;
	return [
		unshare.create.ok
			? {...create, status: 'pass', detail: `created a user namespace ${who}`}
			: {...create, status: 'fail', detail: `${unshare.create.error} ${who}`},
		unshare.map.ok
			? {...map, status: 'pass', detail: `mapped root in a new user namespace${mapped}`}
			: {
					...map,
					status: 'fail',
					detail: unshare.create.ok
						? `${unshare.map.error}: the documented probe (unshare -U) passes; ID mapping fails`
						: `${unshare.map.error}`,
				},
	];
}

function testedAsWords(testedAs: TestedAs): string {
	const note = testedAs.note === undefined ? '' : `; ${testedAs.note}`;
	switch (testedAs.via) {
		case 'setpriv':
			return `as uid ${testedAs.uid} (dropped from root with setpriv${note})`;
		case 'namespace-root':
			return `as uid 0, this user namespace's own root, which has no capabilities outside it: ${testedAs.note ?? 'only uid 0 is mapped here'}`;
		case 'self':
			return `as uid ${testedAs.uid}`;
	}
}
