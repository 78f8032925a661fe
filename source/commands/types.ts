// What every command receives from cli.tsx, and the exit codes of SPEC section 3.

export const exitCodes = {
	/** Every probed node ready / host can run sandboxes. */
	ok: 0,
	/** The check ran and found a gate (or a failed host check). */
	blocked: 1,
	/** It could not run: bad flags, kubeconfig, context, unreachable, RBAC, admission. */
	cannotRun: 2,
	/** Nothing blocked, but some nodes stayed undetermined. */
	undetermined: 3,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type OutputFormat = 'table' | 'json' | 'markdown';

export type GlobalFlags = {
	readonly kubeconfig: string | undefined;
	readonly context: string | undefined;
	readonly namespace: string | undefined;
	readonly output: OutputFormat;
	readonly demo: boolean;
	readonly color: boolean;
	readonly readOnly: boolean;
};

/** Command-specific flags, as meow parsed them (repeatable flags are arrays). */
export type CommandFlags = Readonly<Record<string, unknown>>;

export type Io = {
	readonly stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	readonly stderr: NodeJS.WritableStream & {isTTY?: boolean};
	readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	readonly env: NodeJS.ProcessEnv;
	/** Aborts on Ctrl-C, SIGTERM, SIGHUP: every workflow cleans up and returns. */
	readonly signal: AbortSignal;
};

export type CommandContext = {
	readonly global: GlobalFlags;
	readonly flags: CommandFlags;
	/** Positional arguments after the command name. */
	readonly input: readonly string[];
	readonly io: Io;
};

export type Command = (context: CommandContext) => Promise<ExitCode>;
