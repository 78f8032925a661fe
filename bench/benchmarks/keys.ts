// Key press → next frame in the explorer with the sim-large cluster loaded, on a real pty: the
// harness writes a key to the terminal and times until the first bytes of the frame it causes
// arrive (and, for the table, until that frame's last bytes). Keys are pressed one at a time, each
// after the screen has gone quiet, so every figure is one key's own frame. Then the explorer's
// peak resident memory (VmHWM), read from /proc while it still runs.
import type {BenchContext} from '../context.js';
import {median} from '../measure.js';
import {interactiveEnv, PtySession} from '../pty.js';

export type KeyFigures = {keyLatencyMs: number; keyFrameMs: number; keyP90Ms: number; rssMiB: number};

/** sim-large's biggest pool (see source/sim/profiles/large.ts). */
const largestPool = 'general-al2023-a';
const nodeNameSuffix = '.ec2.internal';

const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export async function benchKeys(context: BenchContext, kubeconfig: string): Promise<KeyFigures> {
	const session = new PtySession([process.execPath, context.cli, '--kubeconfig', kubeconfig, '--context', 'sim-large'], {env: interactiveEnv(), rows: 30, columns: 110});
	try {
		// The pools of sim-large, drawn once its nodes are listed.
		await session.waitFor((output) => output.includes(largestPool), 120_000, 'the pools of sim-large');
		await session.settle(300, 20_000);
		// Open the biggest pool's node list (30% of the nodes): filter the pools to it, keep the
		// filter (Enter selects the first match), open it.
		await session.type(`/${largestPool}\r`);
		const opened = session.output.length;
		session.write('\r');
		await session.waitFor((output) => output.slice(opened).includes(nodeNameSuffix), 20_000, `the nodes of ${largestPool}`);
		await session.settle(300, 20_000);
		const firstBytes: number[] = [];
		const frames: number[] = [];
		const half = Math.max(1, Math.floor(context.sizes.keyPresses / 2));
		// Down through the list past a window's worth of rows (so the window scrolls), then back up.
		for (const key of [...Array(half).fill('j'), ...Array(half).fill('k')] as string[]) {
			const {firstByteMs, frameMs} = await session.press(key);
			firstBytes.push(firstByteMs);
			frames.push(frameMs);
			await session.settle(30);
		}
		const rssMiB = session.peakRssMiB();
		if (rssMiB === null) throw new Error('could not read the explorer\'s memory from /proc');
		context.progress(`keys: first bytes median ${median(firstBytes).toFixed(1)} ms, p90 ${percentile(firstBytes, 0.9).toFixed(1)} ms; frame done median ${median(frames).toFixed(1)} ms; peak RSS ${rssMiB.toFixed(0)} MiB`);
		return {keyLatencyMs: median(firstBytes), keyFrameMs: median(frames), keyP90Ms: percentile(firstBytes, 0.9), rssMiB};
	} finally {
		await session.close();
	}
}
