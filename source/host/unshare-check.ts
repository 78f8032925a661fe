// The real test: create a user namespace (`unshare -U`) and map root in it (`unshare -Ur`) as an
// unprivileged user, exactly what the sandbox does. Run as root, it first drops to an unprivileged
// uid with setpriv, because root's capabilities would sail past every gate we look for. Inside a
// user namespace (`unshare -Ur`, a rootless container) only some uids exist: setpriv can switch
// only to a mapped one, so the uid is chosen from this namespace's uid_map and gid_map.
import {lastErrorLine, type RunOutcome, type Runner} from './runner.js';

export type Identity = {readonly uid: number; readonly gid: number};

/**
 * Who ran the test. `setpriv`: root dropped to that uid. `namespace-root`: this user namespace maps
 * only uid 0, so there was no other uid to drop to; its root has no capabilities outside it.
 */
export type TestedAs = Identity & {
	readonly via: 'self' | 'setpriv' | 'namespace-root';
	/** Why this is not the uid asked for (absent when it is). */
	readonly note?: string;
};

/** One line of /proc/<pid>/uid_map or gid_map: `inside outside count`. */
export type IdRange = {readonly inside: number; readonly outside: number; readonly count: number};

/** This process's ID maps; null where unreadable (then the requested identity is used as asked). */
export type IdMaps = {
	readonly uid: readonly IdRange[] | null;
	readonly gid: readonly IdRange[] | null;
	/** /proc/self/setgroups: `deny` in a namespace made by `unshare -r`, where setgroups(2) is refused. */
	readonly setgroups: 'allow' | 'deny' | null;
};

export type UnshareAttempt = {
	readonly argv: readonly string[];
	readonly ok: boolean;
	/** unshare's own error line, as it printed it (`unshare: unshare failed: …`). */
	readonly error: string | null;
	readonly output: string;
};

export type UnshareCheck =
	| {
			readonly ran: true;
			/** Who ran the test: the caller, the uid setpriv dropped to, or the namespace's own root. */
			readonly testedAs: TestedAs;
			/** The outer uid that `unshare -Ur` mapped to root: proof of who ran it (from /proc/self/uid_map). */
			readonly mappedFrom: number | null;
			readonly create: UnshareAttempt;
			readonly map: UnshareAttempt;
	  }
	| {
			readonly ran: false;
			/** One line: why the test could not run, and what to do. */
			readonly reason: string;
	  };

export const unshareTimeoutMs = 15_000;

export async function runUnshareCheck(options: {
	readonly runner: Runner;
	readonly signal: AbortSignal;
	readonly self: Identity;
	/** Who to test as when `self` is root. */
	readonly unprivileged: Identity;
	/** This process's ID maps, read when `self` is root; default: the requested uid is mapped. */
	readonly idMaps?: IdMaps;
}): Promise<UnshareCheck> {
	const {runner, signal, self, unprivileged} = options;
	const asRoot = self.uid === 0;
	if (asRoot && unprivileged.uid === 0) {
		return {ran: false, reason: 'the unprivileged uid to test as is 0; give a non-zero uid'};
	}
	const testedAs: TestedAs = asRoot ? testIdentity(unprivileged, options.idMaps) : {...self, via: 'self'};
	const groups = options.idMaps?.setgroups === 'deny' ? '--keep-groups' : '--clear-groups';
	const prefix = testedAs.via === 'setpriv'
		? ['setpriv', `--reuid=${testedAs.uid}`, `--regid=${testedAs.gid}`, groups]
		: [];
	// setpriv only ran when it switched users: a failure of the plain command is unshare's own.
	const viaSetpriv = testedAs.via === 'setpriv';

	const createArgv = [...prefix, 'unshare', '-U', 'true'];
	const create = await runner({argv: createArgv, timeoutMs: unshareTimeoutMs, signal});
	const createCannot = cannotRun(create, viaSetpriv);
	if (createCannot) return {ran: false, reason: createCannot};

	const mapArgv = [...prefix, 'unshare', '-Ur', 'cat', '/proc/self/uid_map'];
	const map = await runner({argv: mapArgv, timeoutMs: unshareTimeoutMs, signal});
	const mapCannot = cannotRun(map, viaSetpriv);
	if (mapCannot) return {ran: false, reason: mapCannot};

	const mapOk = map.exitCode === 0;
	return {
		ran: true,
		testedAs,
		mappedFrom: mapOk ? outerUid(map.stdout) : null,
		create: attempt(createArgv, create),
		map: attempt(mapArgv, map),
	};
}

/**
 * Root in the initial namespace maps every uid, so the requested one is used. In a user namespace:
 * the requested uid if mapped, else the lowest mapped non-zero uid, else (only 0 mapped, as under
 * `unshare -Ur`) the namespace's own root, which is what a sandbox started there would be.
 */
export function testIdentity(requested: Identity, maps: IdMaps | undefined): TestedAs {
	const uid = pickId(requested.uid, maps?.uid ?? null);
	if (uid === null) {
		return {uid: 0, gid: 0, via: 'namespace-root', note: `only uid 0 is mapped in this user namespace (uid_map: ${shownMap(maps?.uid ?? null)}), so there is no unprivileged uid to drop to`};
	}
	const gid = pickId(requested.gid, maps?.gid ?? null) ?? 0;
	if (uid === requested.uid && gid === requested.gid) return {...requested, via: 'setpriv'};
	const what = uid === requested.uid ? `gid ${requested.gid}` : `uid ${requested.uid}`;
	const map = uid === requested.uid ? `gid_map: ${shownMap(maps?.gid ?? null)}` : `uid_map: ${shownMap(maps?.uid ?? null)}`;
	return {uid, gid, via: 'setpriv', note: `${what} is not mapped in this user namespace (${map}); tested as the first mapped unprivileged one`};
}

/** The requested id if the map holds it, else the lowest mapped non-zero id, else null. An unknown map holds everything. */
function pickId(requested: number, map: readonly IdRange[] | null): number | null {
	if (map === null) return requested;
	if (map.some((range) => requested >= range.inside && requested < range.inside + range.count)) return requested;
	const candidates = map.filter((range) => range.count > 0 && range.inside + range.count > 1).map((range) => Math.max(range.inside, 1));
	return candidates.length === 0 ? null : Math.min(...candidates);
}

/** /proc/self/uid_map text → ranges; null when it holds no valid line. */
export function parseIdMap(text: string | null): IdRange[] | null {
	if (text === null) return null;
	const ranges: IdRange[] = [];
	for (const line of text.split('\n')) {
		const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
		if (match) ranges.push({inside: Number(match[1]), outside: Number(match[2]), count: Number(match[3])});
	}
	return ranges.length === 0 ? null : ranges;
}

function shownMap(map: readonly IdRange[] | null): string {
	return map === null ? 'unreadable' : map.map((range) => `${range.inside} ${range.outside} ${range.count}`).join(', ');
}

function attempt(argv: readonly string[], outcome: RunOutcome): UnshareAttempt {
	const ok = outcome.exitCode === 0;
	return {argv, ok, error: ok ? null : unshareError(outcome), output: `${outcome.stdout}${outcome.stderr}`};
}

/**
 * The line unshare printed about the failure. util-linux: `unshare: unshare failed: …` or
 * `unshare: write failed /proc/self/uid_map: …`; busybox: `unshare: unshare(0x10000000): …`.
 */
function unshareError(outcome: RunOutcome): string {
	const lines = outcome.stderr.split('\n').map((line) => line.trim()).filter(Boolean);
	return lines.find((line) => line.startsWith('unshare:')) ?? lastErrorLine(outcome) ?? `exit status ${outcome.exitCode}`;
}

/** A failure of the test harness (missing binary, setpriv refused, timeout), not of the kernel. */
function cannotRun(outcome: RunOutcome, viaSetpriv: boolean): string | null {
	if (outcome.failure === 'not-found') {
		return viaSetpriv
			? 'setpriv is not installed: it is needed to test as an unprivileged user when run as root (util-linux); or run prg-doctor host as a normal user'
			: 'unshare is not installed (util-linux); install util-linux and run again';
	}
	if (outcome.failure !== null) return outcome.error ?? 'the unshare test did not finish';
	const setprivLine = outcome.stderr.split('\n').find((line) => line.trim().startsWith('setpriv:'));
	if (setprivLine) {
		return `setpriv could not switch to the unprivileged user (${setprivLine.trim()}); run prg-doctor host as a normal user`;
	}
	if (/unshare: (failed to execute|cannot execute)|No such file or directory/.test(outcome.stderr) && !/unshare(\(| failed)/.test(outcome.stderr)) {
		return `the test command could not start (${lastErrorLine(outcome) ?? 'no output'})`;
	}
	return null;
}

/** `/proc/self/uid_map` inside the namespace: `0 <outer uid> 1`. */
function outerUid(uidMap: string): number | null {
	const match = /^\s*0\s+(\d+)\s+\d+/m.exec(uidMap);
	return match ? Number(match[1]) : null;
}
