// Screen tests without sleeps: poll ink-testing-library's last frame (ANSI stripped) until it shows
// what we wait for, or fail with the frame we got.
import type {render} from 'ink-testing-library';

type Instance = ReturnType<typeof render>;

const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
	return text.replace(ansi, '');
}

export function frameOf(instance: Instance): string {
	return stripAnsi(instance.lastFrame() ?? '');
}

export type Expectation = string | RegExp | ((frame: string) => boolean);

function holds(frame: string, expected: Expectation): boolean {
	if (typeof expected === 'string') return frame.includes(expected);
	if (expected instanceof RegExp) return expected.test(frame);
	return expected(frame);
}

export async function waitForFrame(instance: Instance, expected: Expectation, timeoutMs = 3000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = frameOf(instance);
		if (holds(frame, expected)) return frame;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)}; last frame:\n${frame}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export const keys = {
	up: '\x1b[A',
	down: '\x1b[B',
	right: '\x1b[C',
	left: '\x1b[D',
	enter: '\r',
	escape: '\x1b',
	backspace: '\x7f',
	pageDown: '\x1b[6~',
} as const;

/** Types `input` and waits until the frame shows `expected`. */
export async function press(instance: Instance, input: string, expected: Expectation, timeoutMs?: number): Promise<string> {
	instance.stdin.write(input);
	return waitForFrame(instance, expected, timeoutMs);
}

/** Gives the fake terminal a size (ink-testing-library's is fixed at 100 columns) and says it resized. */
export function resize(instance: Instance, columns: number, rows: number): void {
	Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true});
	instance.stdout.emit('resize');
}
