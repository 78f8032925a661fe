// Command name → lazily imported module. Owns the process-wide concerns every command shares: the
// AbortSignal tied to Ctrl-C/SIGTERM/SIGHUP, and turning errors into one line plus an exit code.
import process from 'node:process';
import {exitCodes, type Command, type CommandFlags, type ExitCode, type Io} from './types.js';
import {formatError} from './report-error.js';
import {parseGlobalFlags} from './flags.js';
import {commandNames, type CommandName} from './names.js';

const loaders = {
	contexts: async () => (await import('./contexts.js')).contextsCommand,
	nodes: async () => (await import('./nodes.js')).nodesCommand,
	probe: async () => (await import('./probe.js')).probeCommand,
	host: async () => (await import('./host.js')).hostCommand,
	fix: async () => (await import('./fix.js')).fixCommand,
	explain: async () => (await import('./explain.js')).explainCommand,
	manifest: async () => (await import('./manifest.js')).manifestCommand,
	cleanup: async () => (await import('./cleanup.js')).cleanupCommand,
	report: async () => (await import('./report.js')).reportCommand,
	sim: async () => (await import('./sim.js')).simCommand,
	explorer: async () => (await import('./explorer.js')).explorerCommand,
} satisfies Record<CommandName | 'explorer', () => Promise<Command>>;

export {commandNames, type CommandName};

export async function runCommand(name: CommandName | 'explorer', flags: CommandFlags, input: readonly string[]): Promise<ExitCode> {
	const controller = new AbortController();
	let interrupts = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		interrupts++;
		if (interrupts === 1) {
			controller.abort(new Error(`interrupted by ${signal}`));
			return;
		}
		// A second signal while cleanup runs: the user means it. Cleanup is bounded anyway.
		process.stderr.write('prg-doctor: stopping now; run `prg-doctor cleanup` if probe pods remain\n');
		process.exit(exitCodes.cannotRun);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
	// A terminal that went away (an SSH session dropping) fails every later write with EIO, a closed
	// pipe with EPIPE. Unhandled, that error kills the process before a run deletes its pods: treat
	// it as the hang-up it is. Left attached to the end: late writes may still fail.
	const onOutputError = (error: NodeJS.ErrnoException) => {
		if (!controller.signal.aborted) controller.abort(new Error(`output closed (${error.code ?? error.message})`));
	};
	process.stdout.on('error', onOutputError);
	process.stderr.on('error', onOutputError);

	const io: Io = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, signal: controller.signal};
	try {
		const global = parseGlobalFlags(flags, process.env);
		const command = await loaders[name]();
		const code = await command({global, flags, input, io});
		if (controller.signal.aborted && code === exitCodes.ok) return exitCodes.cannotRun;
		return code;
	} catch (error) {
		const {text} = formatError(error);
		process.stderr.write(text);
		return exitCodes.cannotRun;
	} finally {
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
	}
}
