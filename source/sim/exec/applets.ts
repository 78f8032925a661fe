// The simulated image's /bin: one symlink to /usr/bin/busybox per applet, like alpine, so a pod's
// script finds `sh`, `unshare`, `cat`, `uname` … on its PATH and nothing of this machine's own tools.
import {spawnSync} from 'node:child_process';
import {chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export const busyboxPath = '/usr/bin/busybox';

const prefix = 'prg-doctor-sim-bin-';

let applets: {dir: string; names: ReadonlySet<string>} | null = null;

/** Removes applet dirs of ours whose process is gone (killed before its exit handler ran). */
function sweepStale(): void {
	const uid = process.getuid?.();
	for (const name of readdirSync(tmpdir())) {
		const match = new RegExp(`^${prefix}(\\d+)-`).exec(name);
		if (!match || isAlive(Number(match[1]))) continue;
		const path = join(tmpdir(), name);
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
	sweepStale();
	const dir = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
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
