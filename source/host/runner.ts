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

export const runProcess: Runner = async ({argv, timeoutMs, signal, stdin}) => {
	const [file, ...args] = argv;
	if (file === undefined) return failed('spawn-error', 'empty command');
	if (signal.aborted) return failed('aborted', `${file}: not run, the check was interrupted`);

	return new Promise<RunOutcome>((resolve) => {
		const child = spawn(file, args, {
			stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			env: {...process.env, LC_ALL: 'C', LANG: 'C'},
		});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let size = 0;
		let failure: RunFailure | null = null;
		let spawnError: string | null = null;
		const collect = (into: Buffer[]) => (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxOutputBytes) into.push(chunk);
		};
		child.stdout?.on('data', collect(stdout));
		child.stderr?.on('data', collect(stderr));

		const kill = (why: RunFailure) => {
			failure ??= why;
			child.kill('SIGKILL');
		};
		const timer = setTimeout(() => kill('timeout'), timeoutMs);
		const onAbort = () => kill('aborted');
		signal.addEventListener('abort', onAbort, {once: true});

		child.on('error', (error: NodeJS.ErrnoException) => {
			failure ??= error.code === 'ENOENT' ? 'not-found' : 'spawn-error';
			spawnError = error.message;
		});
		if (stdin !== undefined && child.stdin) {
			child.stdin.on('error', () => {}); // the command may exit without reading; that is its business
			child.stdin.end(stdin);
		}
		child.on('close', (code) => {
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			const out = Buffer.concat(stdout).toString('utf8');
			const err = Buffer.concat(stderr).toString('utf8');
			resolve({
				exitCode: failure === null ? code : null,
				stdout: out,
				stderr: err,
				failure,
				error: failure === null ? null : describe(failure, file, timeoutMs, spawnError),
			});
		});
	});
};

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
