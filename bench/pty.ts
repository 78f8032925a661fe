// A program on a real pseudo-terminal, driven like a user drives it: util-linux `script` owns the
// pty, our writes to its stdin arrive as key presses and the program's frames come back on its
// stdout (flushed per write with -f). The transit adds well under a millisecond.
import type {ChildProcess} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {exited, spawnTracked, stopTracked} from './processes.js';

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** Without these Ink believes it is in CI and draws only the last frame. */
export function interactiveEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_') || key === 'NO_COLOR' || key === 'FORCE_COLOR') continue;
		env[key] = value;
	}
	return {...env, TERM: 'xterm-256color', ...extra};
}

export class PtySession {
	readonly child: ChildProcess;
	private chunks: Array<{at: number; text: string}> = [];
	private waiters = new Set<() => void>();
	private total = '';

	constructor(argv: readonly string[], options: {env: NodeJS.ProcessEnv; rows?: number; columns?: number}) {
		const inner = `stty rows ${options.rows ?? 24} cols ${options.columns ?? 80}; exec ${argv.map(quote).join(' ')}`;
		this.child = spawnTracked('script', ['-qfec', inner, '/dev/null'], {stdio: ['pipe', 'pipe', 'pipe'], env: {...options.env, SHELL: '/bin/sh'}}, true);
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			this.chunks.push({at: performance.now(), text});
			this.total += text;
			for (const wake of this.waiters) wake();
		};
		this.child.stdout!.on('data', onData);
		this.child.stderr!.on('data', onData);
		this.child.once('exit', () => {
			for (const wake of this.waiters) wake();
		});
	}

	get output(): string {
		return this.total;
	}

	get isRunning(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** The pid of the program itself (script's only child: the shell execs it). */
	programPid(): number | null {
		try {
			const pid = this.child.pid!;
			const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
			return children.length > 0 ? Number(children[0]) : null;
		} catch {
			return null;
		}
	}

	/**
	 * CPU time the program has used so far, all its threads (V8 compiles and collects garbage on
	 * helpers), from the scheduler's nanosecond counters. Unlike wall time it barely moves when
	 * other work competes for the machine.
	 */
	cpuMs(): number | null {
		const pid = this.programPid();
		if (pid === null) return null;
		try {
			let total = 0;
			for (const task of readdirSync(`/proc/${pid}/task`)) total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
			return total / 1e6;
		} catch {
			return null;
		}
	}

	/** Peak resident memory of the program so far (VmHWM), in MiB. */
	peakRssMiB(): number | null {
		const pid = this.programPid();
		if (pid === null) return null;
		try {
			const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			return match ? Number(match[1]) / 1024 : null;
		} catch {
			return null;
		}
	}

	private wait(timeoutMs: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.waiters.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, timeoutMs);
			this.waiters.add(wake);
		});
	}

	/** Waits until the output so far satisfies `test`; throws with the screen's tail on timeout. */
	async waitFor(test: (output: string) => boolean, timeoutMs: number, what: string): Promise<void> {
		const deadline = performance.now() + timeoutMs;
		while (!test(this.total)) {
			if (!this.isRunning) throw new Error(`${what}: the program exited (${this.tail()})`);
			const left = deadline - performance.now();
			if (left <= 0) throw new Error(`${what}: not seen within ${timeoutMs} ms (${this.tail()})`);
			await this.wait(left);
		}
	}

	/** Waits until nothing has been drawn for `quietMs` (counted from now at the earliest). */
	async settle(quietMs: number, timeoutMs = 10_000): Promise<void> {
		const from = performance.now();
		const deadline = from + timeoutMs;
		for (;;) {
			const last = Math.max(from, this.chunks.at(-1)?.at ?? 0);
			const quietFor = performance.now() - last;
			if (quietFor >= quietMs) return;
			if (performance.now() > deadline) throw new Error(`the screen kept changing for ${timeoutMs} ms`);
			await this.wait(quietMs - quietFor);
		}
	}

	/**
	 * Writes `key` and times until the first bytes of the next frame arrive, then until that
	 * frame's last bytes (the output goes quiet for `quietMs`). Figures in milliseconds.
	 */
	async press(key: string, timeoutMs = 5000, quietMs = 40): Promise<{firstByteMs: number; frameMs: number; text: string}> {
		const from = this.chunks.length;
		const sent = performance.now();
		this.child.stdin!.write(key);
		while (this.chunks.length === from) {
			if (!this.isRunning) throw new Error(`after key ${JSON.stringify(key)} the program exited (${this.tail()})`);
			if (performance.now() - sent > timeoutMs) throw new Error(`no frame within ${timeoutMs} ms of key ${JSON.stringify(key)} (${this.tail()})`);
			await this.wait(timeoutMs);
		}
		await this.settle(quietMs);
		const frame = this.chunks.slice(from);
		return {firstByteMs: frame[0]!.at - sent, frameMs: frame.at(-1)!.at - sent, text: frame.map((chunk) => chunk.text).join('')};
	}

	/** Types `text` one key at a time, each after the frame the previous one caused. */
	async type(text: string): Promise<void> {
		for (const key of text) {
			await this.press(key);
			await this.settle(20);
		}
	}

	write(text: string): void {
		this.child.stdin!.write(text);
	}

	/** `q` first (the polite way out); stopped by signal if it lingers. */
	async close(quitKeys = 'q', graceMs = 3000): Promise<void> {
		if (!this.isRunning) return;
		this.child.stdin!.write(quitKeys);
		const timer = setTimeout(() => void stopTracked(this.child), graceMs);
		await exited(this.child);
		clearTimeout(timer);
		await stopTracked(this.child);
	}

	tail(): string {
		const plain = this.total.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');
		return JSON.stringify(plain.slice(-300));
	}
}
