// Reads probe output — ours (`key=value` lines and a verdict), the documented one-liner's (`OK`,
// `FAILED`, or unshare's error line then `FAILED`), or whatever a customer pasted around either:
// shell prompts, `kubectl logs --prefix/--timestamps` lines, kernel audit lines, runtime errors,
// CRLF line ends and colour codes. Pure: text in, facts out; gates.ts decides what they mean.

export type Errno = 'ENOSPC' | 'EPERM' | 'EACCES' | 'EINVAL';

export type ParsedProbe = {
	/** `full`: our script's evidence lines; `bare`: a verdict or error lines only; `none`: neither. */
	readonly format: 'full' | 'bare' | 'none';
	readonly verdict: 'OK' | 'FAILED' | null;
	/** The `key=value` lines (and sysctl readings found in the paste, under the probe's key names). */
	readonly evidence: Record<string, string>;
	/** The unshare error lines found (evidence values first, then loose lines), without duplicates. */
	readonly errors: string[];
	/** Why creating the user namespace failed (`unshare -U`). */
	readonly errno: Errno | null;
	/** Why mapping IDs failed (`unshare -Ur`, uid_map/gid_map/setgroups) when creating worked. */
	readonly mapErrno: Errno | null;
	/** `unshare -U` worked: from `unshare=ok`, a bare `OK`, or a failure that came only at mapping. */
	readonly unshareOk: boolean | null;
	/** An SELinux AVC denial of `{ create }` on `tclass=user_namespace`. */
	readonly avc: boolean;
	/** AppArmor audit lines of the unprivileged-userns restriction. */
	readonly apparmorAudit: boolean;
};

/** The keys our probe script prints, in order. */
export const evidenceKeys = [
	'prg-probe',
	'kernel',
	'userns_file',
	'max_user_namespaces',
	'apparmor_restrict_unprivileged_userns',
	'unprivileged_userns_clone',
	'seccomp',
	'seccomp_filters',
	'lsm',
	'unshare',
	'unshare_map',
	'lsm_inside',
] as const;

const keyPattern = evidenceKeys.map((key) => key.replace('-', '\\-')).join('|');
const keyLine = new RegExp(`^(${keyPattern})=(.*)$`);
const keySplit = new RegExp(`\\s+(?=(?:${keyPattern})=)`);

/** sysctl names a customer may paste (`sysctl -a`, `grep . /proc/sys/...`) → our evidence keys. */
const sysctlKeys: Record<string, string> = {
	'user.max_user_namespaces': 'max_user_namespaces',
	'kernel.apparmor_restrict_unprivileged_userns': 'apparmor_restrict_unprivileged_userns',
	'kernel.unprivileged_userns_clone': 'unprivileged_userns_clone',
};
const sysctlLine = /^(?:\/proc\/sys\/)?(user[./]max_user_namespaces|kernel[./]apparmor_restrict_unprivileged_userns|kernel[./]unprivileged_userns_clone)\s*[=:]\s*(-?\d+)\s*$/;

const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** The text without terminal escape sequences (colours, OSC titles and clipboard writes). */
export function withoutEscapes(text: string): string {
	return text.replace(ansi, '');
}

const prefixes = [
	/^\[[^\]\s]+\]\s?/, // kubectl logs --prefix: [pod/prg-probe/probe]
	/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)\s(?:(?:stdout|stderr)\s[FP]\s)?/, // --timestamps, CRI log files
	/^>\s?/, // quoted in an email or a markdown comment
];

/** One logical line without colour codes, log prefixes or surrounding blanks. */
export function cleanLine(raw: string): string {
	let line = raw.replace(ansi, '').replace(/\u0000/g, '').trim();
	for (let changed = true; changed; ) {
		changed = false;
		for (const prefix of prefixes) {
			const next = line.replace(prefix, '');
			if (next !== line) {
				line = next.trim();
				changed = true;
			}
		}
	}
	return line;
}

const errnoWords: readonly [Errno, RegExp][] = [
	['ENOSPC', /no space left on device|\bENOSPC\b/i],
	['EPERM', /operation not permitted|\bEPERM\b/i],
	['EACCES', /permission denied|\bEACCES\b/i],
	['EINVAL', /invalid argument|\bEINVAL\b/i],
];

export function errnoOf(text: string): Errno | null {
	for (const [errno, pattern] of errnoWords) if (pattern.test(text)) return errno;
	return null;
}

const auditLine = /\btype=(?:AVC|SYSCALL|PROCTITLE|USER_AVC|1400|1300)\b|\baudit\(|\bapparmor="|\bavc:\s/;
// Go programs that clone into a user namespace (rootlesskit, runsc, the plan runner) report it as
// a failed `fork/exec /proc/self/exe`.
const namespaceWords = /\bunshare\b|uid_map|gid_map|setgroups|namespace|\buserns\b|CLONE_NEWUSER|newuidmap|newgidmap|fork\/exec \/proc\/self\/exe/i;
/** Failures after the namespace exists: writing the ID maps. */
const mappingWords = /uid_map|gid_map|setgroups|write error|write failed|map write|newuidmap|newgidmap/i;

const avcPattern = /avc:\s+denied\s+\{[^}]*\bcreate\b[^}]*\}.*\btclass=user_namespace\b/;
const apparmorPattern = /apparmor="(?:DENIED|AUDIT|ALLOWED)".*(?:operation="userns_create"|profile="unprivileged_userns")/;
/** `ausearch -i` prints `exit=EACCES(Permission denied)`; raw audit.log prints `exit=-13`. */
const syscallPattern = /\bsyscall=(?:unshare|272)\b.*\bsuccess=no\s+exit=(-?\d+|E[A-Z]+)/;
const errnoNumbers: Record<string, Errno> = {'-1': 'EPERM', '-13': 'EACCES', '-22': 'EINVAL', '-28': 'ENOSPC'};

export function parseProbeOutput(text: string): ParsedProbe {
	const evidence: Record<string, string> = {};
	const sysctls: Record<string, string> = {};
	const looseErrors: string[] = [];
	let verdict: 'OK' | 'FAILED' | null = null;
	let avc = false;
	let apparmorAudit = false;
	let auditErrno: Errno | null = null;

	for (const raw of text.split(/\r\n|\n|\r/)) {
		const line = cleanLine(raw);
		if (line === '') continue;
		if (line === 'OK' || line === 'FAILED') {
			verdict = line;
			continue;
		}
		const match = keyLine.exec(line);
		if (match) {
			for (const part of line.split(keySplit)) {
				const eq = part.indexOf('=');
				evidence[part.slice(0, eq)] = part.slice(eq + 1).trim();
			}
			continue;
		}
		const sysctl = sysctlLine.exec(line);
		if (sysctl) {
			sysctls[sysctlKeys[sysctl[1]!.replace('/', '.')]!] = sysctl[2]!;
			continue;
		}
		if (auditLine.test(line)) {
			if (avcPattern.test(line)) avc = true;
			if (apparmorPattern.test(line)) apparmorAudit = true;
			const syscall = syscallPattern.exec(line);
			if (syscall) auditErrno ??= errnoNumbers[syscall[1]!] ?? errnoOf(syscall[1]!);
			continue;
		}
		if (namespaceWords.test(line) && errnoOf(line) !== null) looseErrors.push(line);
	}
	for (const [key, value] of Object.entries(sysctls)) if (!(key in evidence)) evidence[key] = value;

	const errors: string[] = [];
	const add = (line: string) => {
		if (line !== '' && !errors.includes(line)) errors.push(line);
	};
	const create = evidence['unshare'];
	const map = evidence['unshare_map'];
	if (create !== undefined && create !== 'ok' && create !== '-') add(create);
	if (map !== undefined && map !== 'ok' && map !== '-') add(map);
	for (const line of looseErrors) add(line);

	let errno: Errno | null = null;
	let mapErrno: Errno | null = null;
	let unshareOk: boolean | null = null;
	if (create !== undefined) {
		unshareOk = create === 'ok';
		if (!unshareOk) errno = errnoOf(create);
		else if (map !== undefined && map !== 'ok') mapErrno = errnoOf(map);
	}
	if (create === undefined || (errno === null && mapErrno === null)) {
		const createLine = looseErrors.find((line) => !mappingWords.test(line));
		const mapLine = looseErrors.find((line) => mappingWords.test(line));
		if (errno === null && createLine !== undefined) errno = errnoOf(createLine);
		if (errno === null && auditErrno !== null) errno = auditErrno;
		if (mapErrno === null && errno === null && mapLine !== undefined) mapErrno = errnoOf(mapLine);
		if (unshareOk === null) {
			if (errno !== null) unshareOk = false;
			// The documented probe is `unshare -U` alone: its OK says creating works, nothing more.
			else if (mapErrno !== null || verdict === 'OK') unshareOk = true;
		}
	}

	const full = 'prg-probe' in evidence || 'unshare' in evidence || 'unshare_map' in evidence;
	const bare = verdict !== null || errors.length > 0 || avc || apparmorAudit || auditErrno !== null;
	return {
		format: full ? 'full' : bare ? 'bare' : 'none',
		verdict,
		evidence,
		errors,
		errno,
		mapErrno,
		unshareOk,
		avc,
		apparmorAudit,
	};
}
