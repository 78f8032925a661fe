// The simulated image's /bin: one symlink to /usr/bin/busybox per applet, like alpine, so a pod's
// script finds `sh`, `unshare`, `cat`, `uname` … on its PATH and nothing of this machine's own tools.
import {spawnSync} from 'node:child_process';
import {chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

export const busyboxPath = '/usr/bin/busybox';

const prefix = 'prg-doctor-sim-bin-';

let applets: {dir: string; names: ReadonlySet<string>} | null = null;

/**
 * A private $TMPDIR (say /root/tmp) cannot be entered by the pod's uid, so the applets go to the
 * first temp dir that every user can reach.
 */
export function reachableTempBase(candidates: readonly string[] = [tmpdir(), '/tmp', '/var/tmp', '/dev/shm']): string {
	return candidates.find(everyoneCanEnter) ?? tmpdir();
}

function everyoneCanEnter(path: string): boolean {
	for (let current = path; ; current = dirname(current)) {
		const stat = statSync(current, {throwIfNoEntry: false});
		if (stat === undefined || !stat.isDirectory() || (stat.mode & 0o001) === 0) return false;
		if (dirname(current) === current) return true;
	}
}

/** Removes applet dirs of ours whose process is gone (killed before its exit handler ran). */
function sweepStale(base: string): void {
	const uid = process.getuid?.();
	for (const name of readdirSync(base)) {
		const match = new RegExp(`^${prefix}(\\d+)-`).exec(name);
		if (!match || isAlive(Number(match[1]))) continue;
		const path = join(base, name);
		const stat = lstatSync(path, {throwIfNoEntry: false});
		if (stat?.isDirectory() && stat.uid === uid) rmSync(path, {recursive: true, force: true});
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Created once per process (world-readable, so any runAsUser can exec from it), removed at exit. */
export function appletDir(): {dir: string; names: ReadonlySet<string>} {
	if (applets) return applets;
	const listed = spawnSync(busyboxPath, ['--list'], {encoding: 'utf8', timeout: 5000});
	if (listed.status !== 0) throw new Error(`${busyboxPath} --list failed: ${listed.stderr || listed.error?.message || `exit ${listed.status}`}`);
	const names = new Set(listed.stdout.split('\n').filter((name) => /^[\w.[-]+$/.test(name) && name !== 'busybox'));
	const base = reachableTempBase();
	sweepStale(base);
	const dir = mkdtempSync(join(base, `${prefix}${process.pid}-`));
	chmodSync(dir, 0o755);
	for (const name of names) symlinkSync(busyboxPath, join(dir, name));
	process.once('exit', () => rmSync(dir, {recursive: true, force: true}));
	applets = {dir, names};
	return applets;
}

/**
 * The path the container would exec for argv[0]: a bare name is looked up on PATH (the applet
 * dir); an absolute path into /bin, /sbin, /usr/bin or /usr/sbin names an applet there. Anything
 * else is not in the image: null.
 */
export function resolveInImage(program: string, bin: {dir: string; names: ReadonlySet<string>}): string | null {
	if (!program.includes('/')) return bin.names.has(program) ? join(bin.dir, program) : null;
	const match = /^\/(?:usr\/)?s?bin\/([^/]+)$/.exec(program);
	return match && bin.names.has(match[1]) ? join(bin.dir, match[1]) : null;
}
