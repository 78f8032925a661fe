// Runs a command inside a fresh user namespace whose user.max_user_namespaces is 0, so the real
// kernel refuses further namespaces with ENOSPC. Needs root. The parent writes the namespace's
// uid/gid maps (0-65535 → 0-65535, so setpriv can drop to 65534 inside) and then releases the child
// through a FIFO; the child has a grandchild lower the limit, since writing it from the mapped
// process itself is refused with EACCES.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';

export type Ran = {code: number | null; stdout: string; stderr: string};

const script = 'read _ < "$0"; sh -c "echo 0 > /proc/sys/user/max_user_namespaces"; exec "$@"';

export async function runWithUsernsLimitZero(argv: readonly string[], options: {cwd: string; timeoutMs?: number}): Promise<Ran> {
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
		writeFileSync(`/proc/${child.pid}/uid_map`, '0 0 65536');
		writeFileSync(`/proc/${child.pid}/gid_map`, '0 0 65536');
		writeFileSync(fifo, 'go\n');
		const code = await exited;
		clearTimeout(timer);
		return {code, stdout, stderr};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
