// Timing primitives: run a command to completion and time it (spawn → every byte of its output
// read and the process gone), repeat a measurement, take the median.
import {performance} from 'node:perf_hooks';
import {exited, spawnTracked} from './processes.js';

export function median(values: readonly number[]): number {
	if (values.length === 0) throw new Error('median of no values');
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export type Timed = {ms: number; code: number | null; stdout: string; stderr: string};

export type RunOptions = {
	env?: NodeJS.ProcessEnv;
	/** Exit codes that count as success; anything else throws with the command's stderr. */
	okCodes?: readonly number[];
	timeoutMs?: number;
};

export async function runTimed(command: string, args: readonly string[], options: RunOptions = {}): Promise<Timed> {
	const okCodes = options.okCodes ?? [0];
	const started = performance.now();
	const child = spawnTracked(command, args, {env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']});
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
	child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
	const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
	const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
	const {code, signal} = await exited(child);
	await closed;
	const ms = performance.now() - started;
	clearTimeout(timer);
	const result = {ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')};
	if (code === null || !okCodes.includes(code)) {
		const why = signal ? `killed by ${signal}` : `exit ${code}`;
		throw new Error(`\`${[command, ...args].join(' ')}\` failed (${why}): ${result.stderr.trim().split('\n').slice(-3).join(' / ') || 'no stderr'}`);
	}
	return result;
}

/** Runs `once` warmup + runs times and returns the timed runs' figures (warmups discarded). */
export async function repeat(runs: number, warmup: number, once: (index: number) => Promise<number>): Promise<number[]> {
	for (let index = 0; index < warmup; index++) await once(-1 - index);
	const figures: number[] = [];
	for (let index = 0; index < runs; index++) figures.push(await once(index));
	return figures;
}
