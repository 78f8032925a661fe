// The real kubelet: runs the pod's command on this machine with busybox, as the pod's runAsUser and
// runAsGroup, inside a fresh user namespace whose user.max_user_namespaces is the node's, so the
// kernel itself decides whether the probe can nest a namespace (ENOSPC under 0, as on Bottlerocket).
//
// The recipe (as root): `unshare -U --keep-caps` starts a shell in a new user namespace and tells
// us on fd 3; we write its uid_map and gid_map from outside (namespace IDs 0–65535 = host IDs
// 100000–165535) and release it on stdin. That shell exec'd before its maps existed, so only
// --keep-caps leaves it the capabilities to become the namespace's root, which sets the namespace's
// max_user_namespaces; then setpriv drops to the pod's IDs and execs the pod's argv with only the
// busybox applets on PATH. Pod fields only ever travel as argv elements.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {StringDecoder} from 'node:string_decoder';
import {defaultMaxUserNamespaces, memoryKiOf} from '../profiles/node-parts.js';
import type {SimNode} from '../profiles/index.js';
import {appletDir, busyboxPath, resolveInImage} from './applets.js';

const unsharePath = '/usr/bin/unshare';
const setprivPath = '/usr/bin/setpriv';
const shellPath = '/bin/sh';
const logLimit = 1024 * 1024;

/**
 * Runs in the new namespace before the pod's program; see the header. `unshare --keep-caps` keeps
 * the namespace's capabilities across exec even though this shell starts unmapped, so once the maps
 * are written it can become the namespace's root (host uid 100000, nobody here), set the limit, and
 * drop to the pod's IDs.
 */
const launcher = [
	'printf R >&3',
	'read -r _ || exit 125',
	`${setprivPath} --reuid=0 --regid=0 --clear-groups ${shellPath} -c 'echo "$0" > /proc/sys/user/max_user_namespaces' "$1" || exit 125`,
	'uid=$2 gid=$3',
	'shift 3',
	'printf G >&3',
	'exec 3>&- </dev/null 2>&1',
	// A pod that stays root is the namespace's root: host uid 100000, with no capabilities left.
	`[ "$uid" = 0 ] && exec ${setprivPath} --reuid=0 --regid="$gid" --clear-groups --no-new-privs --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- "$@"`,
	`exec ${setprivPath} --reuid="$uid" --regid="$gid" --clear-groups --no-new-privs --inh-caps=-all --ambient-caps=-all -- "$@"`,
].join('\n');

/**
 * IDs 0–65535 of the pod's namespace are host IDs 100000–165535, a range no account on this machine
 * uses (like /etc/subuid's default): a pod's root or its uid 3377 is nobody here and can touch no
 * file of this machine beyond what any user may.
 */
export const hostIdBase = 100_000;
const idMap = `0 ${hostIdBase} 65536\n`;

export class RealKubeletSetupError extends Error {
	override readonly name = 'RealKubeletSetupError';
}

export type RealRun = {
	argv: readonly string[];
	runAsUser: number | null;
	runAsGroup: number | null;
	node: SimNode;
	signal: AbortSignal;
	timeoutMs: number;
	/** Called with the pod's output as it arrives (what a container runtime's log file sees); the resolved log is these chunks joined, plus any truncation notice. */
	onOutput?: (chunk: string) => void;
};

function limitOf(node: SimNode): number {
	if (node.maxUserNamespaces !== null) return node.maxUserNamespaces;
	const memoryKi = memoryKiOf(node.object);
	return memoryKi === null ? 65_536 : defaultMaxUserNamespaces(memoryKi);
}

/** Resolves with the exit code and combined output; rejects with RealKubeletSetupError when the sandbox could not be set up. */
export function runReal(run: RealRun): Promise<{exitCode: number; log: string}> {
	const bin = appletDir();
	const program = resolveInImage(run.argv[0] ?? '', bin);
	if (program === null) {
		// What containerd reports when the image has no such program; the container never starts.
		const name = run.argv[0] ?? '';
		const log = name.includes('/') ? `exec: "${name}": stat ${name}: no such file or directory\n` : `exec: "${name}": executable file not found in $PATH\n`;
		return Promise.resolve({exitCode: 128, log});
	}
	// Unset, both come from the image: alpine runs as root, and a runAsUser without runAsGroup keeps
	// group 0 (no passwd entry names another).
	const uid = run.runAsUser ?? 0;
	const gid = run.runAsGroup ?? 0;
	const env = {PATH: bin.dir, HOME: uid === 0 ? '/root' : '/'};
	const argv = ['-U', '--keep-caps', shellPath, '-c', launcher, 'sim-kubelet', String(limitOf(run.node)), String(uid), String(gid), program, ...run.argv.slice(1)];
	return new Promise((resolve, reject) => {
		if (run.signal.aborted) return resolve({exitCode: 137, log: ''});
		const child = spawn(unsharePath, argv, {cwd: '/', env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true});
		// Decoded as it arrives, so a character split across reads is whole in one chunk.
		const decoder = new StringDecoder('utf8');
		let text = '';
		const emit = (chunk: string): void => {
			if (chunk === '') return;
			text += chunk;
			run.onOutput?.(chunk);
		};
		let size = 0;
		let truncated = false;
		let setupErrors = '';
		let phase: 'starting' | 'mapped' | 'running' = 'starting';
		let killedBy: 'abort' | 'timeout' | null = null;
		const collect = (chunk: Buffer): void => {
			if (size >= logLimit) {
				truncated = true;
				return;
			}
			const kept = chunk.subarray(0, logLimit - size);
			size += kept.length;
			emit(decoder.write(kept));
		};
		child.stdout!.on('data', collect);
		// Before the launcher redirects it, stderr carries only the sandbox's own failures.
		child.stderr!.on('data', (chunk: Buffer) => {
			if (phase === 'running') collect(chunk);
			else setupErrors += chunk.toString();
		});
		const kill = (reason: 'abort' | 'timeout'): void => {
			killedBy ??= reason;
			try {
				if (child.pid) process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		};
		const onAbort = (): void => kill('abort');
		run.signal.addEventListener('abort', onAbort, {once: true});
		const timer = setTimeout(() => kill('timeout'), run.timeoutMs);
		const control = child.stdio[3] as NodeJS.ReadableStream;
		control.on('data', (data: Buffer) => {
			for (const byte of data.toString()) {
				if (byte === 'R' && phase === 'starting') {
					phase = 'mapped';
					const pid = child.pid!;
					Promise.all([writeFile(`/proc/${pid}/uid_map`, idMap), writeFile(`/proc/${pid}/gid_map`, idMap)])
						.then(() => child.stdin!.end('go\n'))
						.catch((error: Error) => {
							setupErrors += `writing the ID maps of ${pid}: ${error.message}\n`;
							kill('abort');
						});
				} else if (byte === 'G') {
					phase = 'running';
				}
			}
		});
		child.stdin!.on('error', () => {});
		child.on('error', (error) => {
			clearTimeout(timer);
			run.signal.removeEventListener('abort', onAbort);
			reject(new RealKubeletSetupError(`cannot start ${unsharePath}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			run.signal.removeEventListener('abort', onAbort);
			emit(decoder.end());
			let log = text;
			if (truncated) log += '\n[log truncated at 1 MiB]\n';
			if (phase !== 'running' && killedBy !== 'abort' && killedBy !== 'timeout') {
				const cause = setupErrors.trim() || `exit ${code ?? signal}`;
				return reject(new RealKubeletSetupError(`the user-namespace sandbox did not start: ${cause}`));
			}
			// A container the kubelet kills reports 137 (SIGKILL), whatever it was doing.
			const exitCode = killedBy ? 137 : code ?? 128 + signalNumber(signal);
			resolve({exitCode, log});
		});
	});
}

function signalNumber(signal: NodeJS.Signals | null): number {
	const numbers: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15};
	return (signal && numbers[signal]) || 9;
}

let availability: string | null | undefined;

/**
 * Why this machine cannot run pods for real, or null when it can. Checked once: root, busybox,
 * unshare, setpriv, and a self-test that a user namespace of ours takes a max_user_namespaces of 0
 * and that busybox's unshare then fails with ENOSPC, as on Bottlerocket.
 */
export function realKubeletProblem(): string | null {
	if (availability !== undefined) return availability;
	availability = findProblem();
	return availability;
}

function findProblem(): string | null {
	if (process.platform !== 'linux') return `the real kubelet needs Linux (this is ${process.platform})`;
	if (process.getuid?.() !== 0) return 'the real kubelet needs root (it writes ID maps and sysctls of the namespaces it makes)';
	for (const path of [busyboxPath, unsharePath, setprivPath, shellPath]) {
		if (!existsSync(path)) return `the real kubelet needs ${path}`;
	}
	const test = spawnSync(unsharePath, ['-U', '-r', shellPath, '-c', `${shellPath} -c 'echo 0 > /proc/sys/user/max_user_namespaces' && exec ${busyboxPath} unshare -U true`], {encoding: 'utf8', timeout: 5000});
	const output = `${test.stdout ?? ''}${test.stderr ?? ''}`.trim();
	if (test.error) return `the real kubelet's self-test could not run: ${test.error.message}`;
	if (!output.includes('No space left on device')) return `the real kubelet's self-test expected ENOSPC from a nested user namespace, got: ${output || `exit ${test.status}`}`;
	try {
		appletDir();
	} catch (error) {
		return `the real kubelet cannot prepare busybox applets: ${(error as Error).message}`;
	}
	return null;
}
