// Drives the built binary in a real terminal: a tmux server of its own (private socket), keys sent
// with send-keys, the screen read with capture-pane, and the program's raw output teed to a file
// with pipe-pane (how the OSC 52 clipboard sequence is seen). Waits poll; nothing sleeps blindly.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;

export const cliPath = new URL('../../dist/cli.js', import.meta.url).pathname;

/** `npm test` builds first; a single e2e file run on its own builds when dist/ is missing. */
export function ensureBuilt(): void {
	if (existsSync(cliPath)) return;
	const result = spawnSync(process.execPath, [new URL('../../scripts/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
	if (result.status !== 0) throw new Error('npm run build failed');
}

export type Terminal = {
	screen(): string;
	/** Everything the program wrote, escape sequences included. */
	raw(): string;
	keys(...keys: string[]): void;
	type(text: string): void;
	waitFor(expected: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
	waitForExit(timeoutMs?: number): Promise<void>;
	isRunning(): boolean;
	close(): void;
};

export type TerminalOptions = {
	readonly columns: number;
	readonly rows: number;
	readonly args: readonly string[];
	readonly env?: Readonly<Record<string, string>>;
};

let counter = 0;

export function openTerminal(options: TerminalOptions): Terminal {
	const dir = mkdtempSync(join(tmpdir(), 'prg-doctor-e2e-'));
	const socket = `prg-e2e-${process.pid}-${counter++}`;
	const rawFile = join(dir, 'raw');
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	const env = Object.entries({TERM: 'xterm-256color', ...options.env}).map(([key, value]) => `${key}=${value}`);
	// Unset NO_COLOR/FORCE_COLOR from the test runner unless a test sets them on purpose.
	const command = ['env', '-u', 'NO_COLOR', '-u', 'FORCE_COLOR', ...env, process.execPath, cliPath, ...options.args].map(quote).join(' ');
	tmux('new-session', '-d', '-s', 'e2e', '-x', String(options.columns), '-y', String(options.rows), `${command}; echo "[exited $?]"; sleep 30`);
	// No wait after ESC: Esc followed by another key must stay two keys, not Alt+key.
	tmux('set-option', '-s', 'escape-time', '0');
	tmux('pipe-pane', '-o', '-t', 'e2e', `cat >> ${quote(rawFile)}`);
	const screen = () => tmux('capture-pane', '-p', '-t', 'e2e');
	const terminal: Terminal = {
		screen,
		raw: () => (existsSync(rawFile) ? readFileSync(rawFile, 'latin1') : ''),
		keys: (...keys) => void tmux('send-keys', '-t', 'e2e', ...keys),
		type: (text) => void tmux('send-keys', '-t', 'e2e', '-l', text),
		async waitFor(expected, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const now = screen();
				const ok = typeof expected === 'string' ? now.includes(expected) : expected instanceof RegExp ? expected.test(now) : expected(now);
				if (ok) return now;
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)}; screen:\n${now}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		},
		async waitForExit(timeoutMs = 20_000) {
			await terminal.waitFor(/\[exited \d+\]/, timeoutMs);
		},
		isRunning: () => !/\[exited \d+\]/.test(screen()),
		close() {
			spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
			rmSync(dir, {recursive: true, force: true});
		},
	};
	return terminal;
}

function quote(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
