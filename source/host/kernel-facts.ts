// What the kernel and its LSMs say about unprivileged user namespaces, read from procfs and sysfs.
// Every value is null when the file is absent or unreadable: the checks say which.
import {textOf, type FileRead, type HostFs} from './host-fs.js';
import {parseOsRelease, type OsRelease} from './os-release.js';

export type ProfilesRead =
	/** The profile list was readable; mode of `unprivileged_userns` (enforce, complain…) or null if not loaded. */
	| {readonly state: 'listed'; readonly unprivilegedUserns: string | null}
	| {readonly state: 'denied'}
	| {readonly state: 'missing'};

export type KernelFacts = {
	readonly os: OsRelease;
	readonly osSource: string | null;
	readonly kernel: string | null;
	readonly usernsFile: boolean | null;
	readonly maxUserNamespaces: number | null;
	/** Debian/Ubuntu-patched kernels only; null where the sysctl does not exist. */
	readonly unprivilegedUsernsClone: number | null;
	/** Ubuntu 23.10+ kernels only; null where the sysctl does not exist. */
	readonly apparmorRestrict: number | null;
	/** null when AppArmor is not built into this kernel. */
	readonly apparmorEnabled: boolean | null;
	readonly apparmorProfiles: ProfilesRead;
	readonly selinux: 'enforcing' | 'permissive' | null;
	readonly seccomp: string | null;
	readonly seccompFilters: string | null;
	/** This process's LSM label (`unconfined`, `…:container_t:…`), or null. */
	readonly lsm: string | null;
};

export const paths = {
	osRelease: ['/etc/os-release', '/usr/lib/os-release'],
	kernel: '/proc/sys/kernel/osrelease',
	usernsFile: '/proc/self/ns/user',
	maxUserNamespaces: '/proc/sys/user/max_user_namespaces',
	unprivilegedUsernsClone: '/proc/sys/kernel/unprivileged_userns_clone',
	apparmorRestrict: '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
	apparmorEnabled: '/sys/module/apparmor/parameters/enabled',
	apparmorProfiles: '/sys/kernel/security/apparmor/profiles',
	selinuxEnforce: '/sys/fs/selinux/enforce',
	status: '/proc/self/status',
	attrCurrent: '/proc/self/attr/current',
	attrApparmorCurrent: '/proc/self/attr/apparmor/current',
} as const;

export async function readKernelFacts(fs: HostFs): Promise<KernelFacts> {
	const [osRead, kernel, usernsFile, max, clone, restrict, enabled, profiles, selinux, status, lsm] = await Promise.all([
		firstReadable(fs, paths.osRelease),
		fs.read(paths.kernel),
		fs.exists(paths.usernsFile),
		fs.read(paths.maxUserNamespaces),
		fs.read(paths.unprivilegedUsernsClone),
		fs.read(paths.apparmorRestrict),
		fs.read(paths.apparmorEnabled),
		fs.read(paths.apparmorProfiles),
		fs.read(paths.selinuxEnforce),
		fs.read(paths.status),
		readLsm(fs),
	]);
	const statusText = textOf(status) ?? '';
	const enabledText = textOf(enabled);
	const selinuxText = textOf(selinux);
	return {
		os: parseOsRelease(osRead?.text ?? ''),
		osSource: osRead?.path ?? null,
		kernel: textOf(kernel),
		usernsFile,
		maxUserNamespaces: integer(max),
		unprivilegedUsernsClone: integer(clone),
		apparmorRestrict: integer(restrict),
		apparmorEnabled: enabledText === null ? null : enabledText.toUpperCase().startsWith('Y'),
		apparmorProfiles: profilesOf(profiles),
		selinux: selinuxText === '1' ? 'enforcing' : selinuxText === '0' ? 'permissive' : null,
		seccomp: statusField(statusText, 'Seccomp'),
		seccompFilters: statusField(statusText, 'Seccomp_filters'),
		lsm,
	};
}

async function firstReadable(fs: HostFs, candidates: readonly string[]): Promise<{path: string; text: string} | null> {
	for (const path of candidates) {
		const read = await fs.read(path);
		if (read.state === 'ok') return {path, text: read.text};
	}
	return null;
}

async function readLsm(fs: HostFs): Promise<string | null> {
	for (const path of [paths.attrCurrent, paths.attrApparmorCurrent]) {
		const text = textOf(await fs.read(path));
		// The attr file ends in a NUL on some kernels.
		const label = text?.replace(/\0/g, '').trim();
		if (label) return label;
	}
	return null;
}

function integer(read: FileRead): number | null {
	const text = textOf(read);
	if (text === null || !/^-?\d+$/.test(text)) return null;
	return Number(text);
}

function statusField(status: string, key: string): string | null {
	const match = new RegExp(`^${key}:\\s*(\\S+)`, 'm').exec(status);
	return match ? match[1] : null;
}

/** Lines of /sys/kernel/security/apparmor/profiles read `name (mode)`. */
function profilesOf(read: FileRead): ProfilesRead {
	if (read.state === 'denied') return {state: 'denied'};
	if (read.state !== 'ok') return {state: 'missing'};
	for (const line of read.text.split('\n')) {
		const match = /^(.+?)\s+\(([^)]+)\)\s*$/.exec(line.trim());
		if (match && match[1] === 'unprivileged_userns') return {state: 'listed', unprivilegedUserns: match[2]};
	}
	return {state: 'listed', unprivilegedUserns: null};
}
