// Runs the built binary (dist/cli.js) as a real child process, the way a user or a script runs it:
// `const result = await runCli(['nodes', '--context', 'sim-eks'], {env: sim.env})`. It is async on
// purpose: the simulated cluster a test starts answers from the test's own process. The bundle is
// built once if it is missing (npm test builds it before any test runs).
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** PRG_DOCTOR_CLI points the tests at another build of the binary (an installed one, say). */
export const cliPath = process.env.PRG_DOCTOR_CLI || join(repoRoot, 'dist', 'cli.js');

export type CliResult = {
	/** The exit code, or null when a signal (or the helper's timeout) ended it. */
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly durationMs: number;
	/** The helper killed it after `timeoutMs`. */
	readonly timedOut: boolean;
};

export type CliOptions = {
	/** Added to (and overriding) the base environment; a value of undefined removes a variable. */
	readonly env?: NodeJS.ProcessEnv;
	/** Written to stdin, which is then closed; without it stdin is an empty pipe (not a TTY). */
	readonly stdin?: string | Buffer;
	/** SIGKILL after this long (default 60 s); the result then says `timedOut`. */
	readonly timeoutMs?: number;
	readonly cwd?: string;
};

export type CliProcess = {
	readonly child: ChildProcess;
	/** What it printed so far. */
	stdout(): string;
	stderr(): string;
	/** Resolves when it exits. */
	readonly done: Promise<CliResult>;
};

let scratchHome: string | null = null;

/**
 * A HOME of our own for every child: no ~/.kube/config of the machine leaks in, and the last-run
 * state the CLI keeps lands in a directory removed when the test process exits.
 */
function home(): string {
	if (scratchHome === null) {
		const dir = mkdtempSync(join(tmpdir(), 'prg-doctor-cli-home-'));
		scratchHome = dir;
		process.on('exit', () => rmSync(dir, {recursive: true, force: true}));
	}
	return scratchHome;
}

/** The environment a child starts from: no colour, no inherited KUBECONFIG, a scratch HOME (and caches in it). */
export function baseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', HOME: home(), XDG_STATE_HOME: join(home(), '.local', 'state'), XDG_CACHE_HOME: join(home(), '.cache')};
	delete env.KUBECONFIG;
	delete env.PRG_DOCTOR_STATE_DIR;
	return env;
}

function mergeEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
	const env = baseEnv();
	for (const [key, value] of Object.entries(extra ?? {})) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

let built = false;

/** Builds dist/cli.js when it is missing; a failed build fails the test with the build's output. */
export function ensureBuilt(): string {
	if (built || existsSync(cliPath)) {
		built = true;
		return cliPath;
	}
	const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {cwd: repoRoot, encoding: 'utf8', timeout: 180_000});
	assert.equal(result.status, 0, `npm run build failed:\n${result.stdout}${result.stderr}`);
	assert.ok(existsSync(cliPath), `the build wrote no ${cliPath}`);
	built = true;
	return cliPath;
}

/** Starts the binary and hands back the child (for signals) and a promise of its result. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
	const path = ensureBuilt();
	const started = Date.now();
	const child = spawn(process.execPath, [path, ...args], {cwd: options.cwd ?? repoRoot, env: mergeEnv(options.env), stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	// A child that exits before reading its stdin must not crash the test with EPIPE.
	child.stdin!.on('error', () => {});
	child.stdin!.end(options.stdin ?? '');
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		child.kill('SIGKILL');
	}, options.timeoutMs ?? 60_000);
	const done = new Promise<CliResult>((resolve, reject) => {
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut});
		});
	});
	return {child, stdout: () => stdout, stderr: () => stderr, done};
}

/** Runs the binary to the end. Never throws for a non-zero exit: the result says what happened. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
	return startCli(args, options).done;
}

/**
 * How long the binary takes to start and exit here and now (`--version`): timing assertions
 * subtract it, so a loaded machine (npm test runs files in parallel) does not fail them.
 */
export async function startupMs(): Promise<number> {
	const result = await runCli(['--version']);
	assert.equal(result.code, 0, `--version failed: ${result.stderr}`);
	return result.durationMs;
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then fails with `what`). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 60_000, intervalMs = 50): Promise<NonNullable<Awaited<T>>> {
	const end = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value as NonNullable<Awaited<T>>;
		} catch (error) {
			last = error;
		}
		if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

// A V8 stack frame (`    at fn (file.js:1:2)`, `    at file:///x.js:3:4`, `    at async …`) or the
// bug banner report-error.ts prints for errors that are not ours.
const stackFrame = /^\s+at (?:async )?(?:\S.*\(.*:\d+:\d+\)|\S*:\d+:\d+|<anonymous>|new \S+)$/m;
const uncaught = /^(?:Uncaught )?(?:[A-Z]\w*)?Error(?: \[\w+\])?: /m;

/** Fails when stderr holds a stack trace, an uncaught error or the internal-error banner. */
export function noStack(stderr: string): void {
	assert.doesNotMatch(stderr, stackFrame, `stderr has a stack trace:\n${stderr}`);
	assert.doesNotMatch(stderr, uncaught, `stderr has an uncaught error:\n${stderr}`);
	assert.doesNotMatch(stderr, /internal error|node:internal|Node\.js v\d+/, `stderr reports a bug instead of a cause:\n${stderr}`);
}

export type Refusal = {
	/** Expected exit code (2 unless said otherwise). */
	readonly code?: number;
	/** Must match the cause line (the text after `prg-doctor: `). */
	readonly cause?: RegExp;
	/** Must match the next-step line (the text after `next: `). */
	readonly next?: RegExp;
	/** A refusal prints nothing on stdout (a script reading `-o json` gets no half answer) unless this is set. */
	readonly allowStdout?: boolean;
};

/**
 * A refusal as SPEC section 3 wants it: the exit code, exactly one `prg-doctor: <cause>` line
 * followed by one `  next: <step>` line (warnings may come before), nothing on stdout, no stack.
 * Returns the cause and the step for further checks.
 */
export function assertRefusal(result: CliResult, expected: Refusal = {}): {cause: string; next: string} {
	const shown = `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
	assert.equal(result.timedOut, false, `still running after the helper's timeout\n${shown}`);
	assert.equal(result.code, expected.code ?? 2, `wrong exit code\n${shown}`);
	noStack(result.stderr);
	if (!expected.allowStdout) assert.equal(result.stdout, '', `a refusal printed to stdout\n${shown}`);
	const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !/^prg-doctor: warning: /.test(line));
	const causeIndex = lines.findIndex((line) => line.startsWith('prg-doctor: '));
	assert.ok(causeIndex >= 0, `no "prg-doctor: <cause>" line\n${shown}`);
	const cause = lines[causeIndex]!.slice('prg-doctor: '.length);
	const nextLine = lines[causeIndex + 1] ?? '';
	assert.match(nextLine, /^ {2}next: \S/, `the cause is not followed by "  next: <step>"\n${shown}`);
	const next = nextLine.replace(/^ {2}next: /, '');
	assert.ok(cause.trim().length > 10, `the cause says too little: "${cause}"`);
	assert.equal(lines.filter((line) => line.startsWith('prg-doctor: ')).length, 1, `more than one cause line\n${shown}`);
	if (expected.cause) assert.match(cause, expected.cause, `the cause does not say what went wrong\n${shown}`);
	if (expected.next) assert.match(next, expected.next, `the next step is not the one expected\n${shown}`);
	return {cause, next};
}

export type SimStats = {requests: Record<string, number>; total: number; probePods: number};

/** GET /sim/stats of a context's simulated cluster (self-signed TLS; the endpoint needs no token). */
export async function simStats(sim: {statsUrl(context: string): string}, context: string): Promise<SimStats> {
	const {request} = await import('node:https');
	return new Promise((resolve, reject) => {
		const call = request(sim.statsUrl(context), {rejectUnauthorized: false, timeout: 10_000}, (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (body += chunk));
			response.on('end', () => {
				try {
					resolve(JSON.parse(body) as SimStats);
				} catch (error) {
					reject(error);
				}
			});
		});
		call.on('timeout', () => call.destroy(new Error('no answer from /sim/stats in 10 s')));
		call.on('error', reject).end();
	});
}

/** Quotes one word for a POSIX shell command line (tmux runs its command through sh). */
export function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}
