// Runs external commands for the host check: argv only (never a shell), always with a timeout, and
// with the C locale so the errors we parse (unshare's strerror text, docker's messages) are English.
// A missing binary is an outcome, not an exception: the host check turns it into a `skip`.
import {spawn} from 'node:child_process';

export type RunFailure = 'not-found' | 'timeout' | 'aborted' | 'spawn-error';

export type RunOutcome = {
	/** null when the process never ran or was killed. */
	readonly exitCode: number | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly failure: RunFailure | null;
	/** One line describing `failure`, for the report. */
	readonly error: string | null;
};

export type RunRequest = {
	readonly argv: readonly string[];
	readonly timeoutMs: number;
	readonly signal: AbortSignal;
	readonly stdin?: string;
};

export type Runner = (request: RunRequest) => Promise<RunOutcome>;

/** Output beyond this is dropped: `docker info` is ~10 kB, nothing we run should come close. */
const maxOutputBytes = 4 * 1024 * 1024;

/**
 * After the command exits, how long its pipes may stay open. A child it left running in the
 * background (a wrapper script's helper, a daemon that kept our stdout) would otherwise hold them,
 * and the check, open for as long as it lives.
 */
const pipeGraceMs = 500;

/** Process groups still running, killed if this process exits first (they no longer share our terminal's ^C). */
const liveGroups = new Set<number>();
let exitHook = false;

export const runProcess: Runner = async ({argv, timeoutMs, signal, stdin}) => {
	const [file, ...args] = argv;
	if (file === undefined) return failed('spawn-error', 'empty command');
	if (signal.aborted) return failed('aborted', `${file}: not run, the check was interrupted`);

	return new Promise<RunOutcome>((resolve) => {
		// Its own process group, so a timeout reaches what a wrapper script started too (`sleep`
		// under a shell script named docker), not only the script.
		const child = spawn(file, args, {
			stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			env: {...process.env, LC_ALL: 'C', LANG: 'C'},
			detached: true,
		});
		const group = child.pid;
		if (group !== undefined) track(group);
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let size = 0;
		let failure: RunFailure | null = null;
		let spawnError: string | null = null;
		let grace: NodeJS.Timeout | undefined;
		let settled = false;
		const collect = (into: Buffer[]) => (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxOutputBytes) into.push(chunk);
		};
		child.stdout?.on('data', collect(stdout));
		child.stderr?.on('data', collect(stderr));

		const kill = (why: RunFailure) => {
			failure ??= why;
			killGroup(group, () => child.kill('SIGKILL'));
		};
		const timer = setTimeout(() => kill('timeout'), timeoutMs);
		const onAbort = () => kill('aborted');
		signal.addEventListener('abort', onAbort, {once: true});

		const finish = (code: number | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			clearTimeout(grace);
			signal.removeEventListener('abort', onAbort);
			if (group !== undefined) liveGroups.delete(group);
			// Pipes a leftover background process still holds: we stop reading them.
			child.stdout?.destroy();
			child.stderr?.destroy();
			resolve({
				exitCode: failure === null ? code : null,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				failure,
				error: failure === null ? null : describe(failure, file, timeoutMs, spawnError),
			});
		};

		child.on('error', (error: NodeJS.ErrnoException) => {
			failure ??= error.code === 'ENOENT' ? 'not-found' : 'spawn-error';
			spawnError = error.message;
		});
		if (stdin !== undefined && child.stdin) {
			child.stdin.on('error', () => {}); // the command may exit without reading; that is its business
			child.stdin.end(stdin);
		}
		child.on('exit', (code) => {
			grace = setTimeout(() => finish(code), pipeGraceMs);
		});
		child.on('close', (code) => finish(code));
	});
};

function track(group: number): void {
	liveGroups.add(group);
	if (exitHook) return;
	exitHook = true;
	process.once('exit', () => {
		for (const pid of liveGroups) killGroup(pid, () => {});
	});
}

/** SIGKILL to the whole group; the direct child alone where there is no group to signal. */
function killGroup(group: number | undefined, fallback: () => void): void {
	if (group === undefined) {
		fallback();
		return;
	}
	try {
		process.kill(-group, 'SIGKILL');
	} catch {
		fallback(); // ESRCH: the group is gone already
	}
}

function describe(failure: RunFailure, file: string, timeoutMs: number, spawnError: string | null): string {
	switch (failure) {
		case 'not-found':
			return `${file} is not installed (not on PATH)`;
		case 'timeout':
			return `${file} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)}s`}`;
		case 'aborted':
			return `${file} was stopped: the check was interrupted`;
		case 'spawn-error':
			return `${file} could not start: ${spawnError ?? 'unknown error'}`;
	}
}

function failed(failure: RunFailure, error: string): RunOutcome {
	return {exitCode: null, stdout: '', stderr: '', failure, error};
}

/** The last meaningful stderr line (falling back to stdout): what a person would quote from the run. */
export function lastErrorLine(outcome: RunOutcome): string | null {
	const lines = `${outcome.stderr}\n${outcome.stderr.trim() === '' ? outcome.stdout : ''}`
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '');
	return lines.at(-1) ?? null;
}
