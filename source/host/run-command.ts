// Runs one FixCommand on this machine, after the explorer showed it and got a typed confirmation:
// exactly its argv (no shell), its stdin content when set. With stdio 'inherit' the terminal goes to
// the command, so `sudo` can ask for the password itself; with 'pipe' the output is captured.
import {spawn} from 'node:child_process';
import type {FixCommand} from '../domain/types.js';
import {UsageError} from '../errors.js';

export type RunFixResult = {
	/** null when the command never ran (not found) or was killed. */
	readonly exitCode: number | null;
	/** stdout and stderr as they came ('' with stdio 'inherit': the user saw them). */
	readonly output: string;
};

export type RunFixOptions = {
	readonly signal: AbortSignal;
	readonly stdio: 'inherit' | 'pipe';
	/** --read-only: commands that change the machine are refused. */
	readonly readOnly?: boolean;
	readonly env?: NodeJS.ProcessEnv;
};

export async function runFixCommand(command: FixCommand, options: RunFixOptions): Promise<RunFixResult> {
	if (options.readOnly && command.changesMachine) {
		throw new UsageError(`not running \`${command.run}\`: it changes this machine and --read-only is set`, 'run it yourself, or drop --read-only');
	}
	const [file, ...args] = command.argv;
	if (file === undefined) throw new UsageError('the fix command is empty', 'report this fix; it has no command to run');
	if (options.signal.aborted) return {exitCode: null, output: ''};

	return new Promise((resolve, reject) => {
		const hasInput = command.stdin !== undefined;
		const stdin = hasInput ? 'pipe' : options.stdio === 'inherit' ? 'inherit' : 'ignore';
		const out = options.stdio === 'inherit' ? 'inherit' : 'pipe';
		const child = spawn(file, args, {stdio: [stdin, out, out], env: options.env ?? process.env});
		const chunks: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
		const onAbort = () => child.kill('SIGTERM');
		options.signal.addEventListener('abort', onAbort, {once: true});
		let failed = false;
		child.on('error', (error: NodeJS.ErrnoException) => {
			failed = true;
			options.signal.removeEventListener('abort', onAbort);
			if (error.code === 'ENOENT') {
				reject(new UsageError(`\`${file}\` is not installed (not on PATH)`, `install it, or run the step by hand: ${command.run}`));
			} else reject(error);
		});
		if (hasInput && child.stdin) {
			child.stdin.on('error', () => {}); // the command may exit before reading all of it
			child.stdin.end(command.stdin);
		}
		child.on('close', (code) => {
			options.signal.removeEventListener('abort', onAbort);
			if (!failed) resolve({exitCode: code, output: Buffer.concat(chunks).toString('utf8')});
		});
	});
}
