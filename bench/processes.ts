// Everything a benchmark run starts — child processes, each in its own process group, and temp
// directories — is registered here and torn down on every way out: the normal end, a thrown error,
// Ctrl-C/SIGTERM/SIGHUP, and (synchronously, as a last resort) process exit.
import {spawn, type ChildProcess, type SpawnOptions} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
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

/** Spawns in a new process group so stopping it also stops what it started (script's shell, node). */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
	const child = spawn(command, args, {...options, detached: true});
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

export function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), `prg-doctor-bench-${prefix}-`));
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
