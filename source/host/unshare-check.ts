// The real test: create a user namespace (`unshare -U`) and map root in it (`unshare -Ur`) as an
// unprivileged user, exactly what the sandbox does. Run as root, it first drops to an unprivileged
// uid with setpriv, because root's capabilities would sail past every gate we look for.
import {lastErrorLine, type RunOutcome, type Runner} from './runner.js';

export type Identity = {readonly uid: number; readonly gid: number};

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
			/** Who ran the test: the caller, or the uid setpriv dropped to. */
			readonly testedAs: Identity & {readonly via: 'self' | 'setpriv'};
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
}): Promise<UnshareCheck> {
	const {runner, signal, self, unprivileged} = options;
	const asRoot = self.uid === 0;
	if (asRoot && unprivileged.uid === 0) {
		return {ran: false, reason: 'the unprivileged uid to test as is 0; give a non-zero uid'};
	}
	const prefix = asRoot
		? ['setpriv', `--reuid=${unprivileged.uid}`, `--regid=${unprivileged.gid}`, '--clear-groups']
		: [];
	const testedAs = asRoot ? {...unprivileged, via: 'setpriv' as const} : {...self, via: 'self' as const};

	const createArgv = [...prefix, 'unshare', '-U', 'true'];
	const create = await runner({argv: createArgv, timeoutMs: unshareTimeoutMs, signal});
	const createCannot = cannotRun(create, asRoot);
	if (createCannot) return {ran: false, reason: createCannot};

	const mapArgv = [...prefix, 'unshare', '-Ur', 'cat', '/proc/self/uid_map'];
	const map = await runner({argv: mapArgv, timeoutMs: unshareTimeoutMs, signal});
	const mapCannot = cannotRun(map, asRoot);
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
