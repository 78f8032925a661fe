// Runs a command inside a fresh user namespace, as its root, with the ID maps a test chooses. With
// `limitZero` (the default) the namespace's user.max_user_namespaces is lowered to 0 first, so the
// real kernel refuses further namespaces with ENOSPC. Needs root. The parent writes the namespace's
// uid/gid maps (by default 0-65535 → 0-65535, so setpriv can drop to 65534 inside) and then releases
// the child through a FIFO; the child has a grandchild lower the limit, since writing it from the
// mapped process itself is refused with EACCES.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';

export type Ran = {code: number | null; stdout: string; stderr: string};

const lowerLimit = 'read _ < "$0"; sh -c "echo 0 > /proc/sys/user/max_user_namespaces"; exec "$@"';
const asIs = 'read _ < "$0"; exec "$@"';

export type NamespaceOptions = {
	cwd: string;
	timeoutMs?: number;
	/** /proc/<pid>/uid_map and gid_map as written; default `0 0 65536`. */
	uidMap?: string;
	gidMap?: string;
	/** Lower user.max_user_namespaces to 0 inside; default true. */
	limitZero?: boolean;
};

export function runWithUsernsLimitZero(argv: readonly string[], options: {cwd: string; timeoutMs?: number}): Promise<Ran> {
	return runInUserNamespace(argv, {...options, limitZero: true});
}

export async function runInUserNamespace(argv: readonly string[], options: NamespaceOptions): Promise<Ran> {
	const script = options.limitZero === false ? asIs : lowerLimit;
	const dir = mkdtempSync(join(tmpdir(), 'prg-userns-'));
	const fifo = join(dir, 'release');
	try {
		const made = spawnSync('mkfifo', [fifo]);
		if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
		const child = spawn('unshare', ['-U', 'sh', '-c', script, fifo, ...argv], {cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);

		// The maps can only be written once the child has left our user namespace.
		const ours = readlinkSync('/proc/self/ns/user');
		for (let waited = 0; readlinkSync(`/proc/${child.pid}/ns/user`) === ours; waited += 10) {
			if (waited > 5000) throw new Error('the child never entered its user namespace');
			await sleep(10);
		}
		writeFileSync(`/proc/${child.pid}/uid_map`, options.uidMap ?? '0 0 65536');
		writeFileSync(`/proc/${child.pid}/gid_map`, options.gidMap ?? '0 0 65536');
		writeFileSync(fifo, 'go\n');
		const code = await exited;
		clearTimeout(timer);
		return {code, stdout, stderr};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why a test that needs a root-made user namespace cannot run here, or false when it can. */
export function namespaceSkip(): string | false {
	if (!isRoot) return 'needs root (CI runs these as root)';
	if (spawnSync('unshare', ['--version']).error !== undefined) return 'needs unshare (util-linux)';
	return false;
}

/**
 * The issue's own scenario: `unshare -U -r` (only uid 0 mapped: `0 0 1`), the namespace's limit set
 * to 0 from inside, then the command. No setpriv target exists in there.
 */
export function runUnderMapRoot(argv: readonly string[], options: {cwd: string; timeoutMs?: number; limitZero?: boolean}): Ran {
	const script = options.limitZero === false ? 'exec "$@"' : 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"';
	const result = spawnSync('unshare', ['-U', '-r', 'sh', '-c', script, 'sh', ...argv], {cwd: options.cwd, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}
