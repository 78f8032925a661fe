// Everything a benchmark run starts — child processes, each in its own process group, and temp
// directories — is registered here and torn down on every way out: the normal end, a thrown error,
// Ctrl-C/SIGTERM/SIGHUP, and (synchronously, as a last resort) process exit.
import {spawn, type ChildProcess, type SpawnOptions} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

// Even a run killed outright (SIGKILL: no handler runs) must not leave sims behind: the kernel
// sends each child SIGTERM when the harness dies (setpriv execs the command, so the pid is its own).
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/**
 * Spawns in a new process group so stopping it also stops what it started (script's shell, node).
 * `longLived` children (sims, explorers) also get the parent-death signal; timed one-shot commands
 * do not, so nothing stands between the clock and the command being timed.
 */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}, longLived = false): ChildProcess {
	const [file, argv] = setpriv && longLived ? [setpriv, ['--pdeathsig', 'TERM', '--', command, ...args]] : [command, args];
	const child = spawn(file, argv, {...options, detached: true});
	children.add(child);
	child.once('exit', () => children.delete(child));
	child.once('error', () => children.delete(child));
	return child;
}

export function exited(child: ChildProcess): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({code: child.exitCode, signal: child.signalCode});
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({code, signal})));
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopTracked(child: ChildProcess, graceMs = 2000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const done = exited(child);
	signalGroup(child, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
	await done;
	clearTimeout(timer);
	// The group may outlive its leader (script's child); make sure nothing of it remains.
	try {
		process.kill(-child.pid!, 'SIGKILL');
	} catch {
		// Nothing left.
	}
}

const scratchPrefix = 'prg-doctor-bench-';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** A scratch directory named for this process, removed by cleanupAll (or by a later run, if this one is killed outright). */
export function tempDir(prefix: string): string {
	for (const name of readdirSync(tmpdir())) {
		const owner = new RegExp(`^${scratchPrefix}[a-z]+-(\\d+)-`).exec(name);
		if (owner && Number(owner[1]) !== process.pid && !isAlive(Number(owner[1]))) rmSync(join(tmpdir(), name), {recursive: true, force: true});
	}
	const dir = mkdtempSync(join(tmpdir(), `${scratchPrefix}${prefix}-${process.pid}-`));
	dirs.add(dir);
	return dir;
}

export async function cleanupAll(): Promise<void> {
	await Promise.all([...children].map((child) => stopTracked(child)));
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	dirs.clear();
}

function cleanupNow(): void {
	for (const child of children) signalGroup(child, 'SIGKILL');
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	dirs.clear();
}

let installed = false;

/** Makes an interrupted or crashing run clean up before it goes. */
export function installCleanupHandlers(): void {
	if (installed) return;
	installed = true;
	process.once('exit', cleanupNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			process.stderr.write(`bench: ${signal}, stopping what it started\n`);
			void cleanupAll().finally(() => process.exit(130));
		});
	}
}
