// Launch to the explorer's first frame, against launching a bare `node -e 0`. The explorer runs on a
// pty (it needs a terminal) and writes Date.now() to PRG_DOCTOR_FIRST_FRAME_FILE when its first
// frame is drawn; the figure is that stamp minus the moment just before spawn. The runs alternate
// so a drift of the machine's speed touches both figures alike.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {BenchContext} from '../context.js';
import {median, runTimed} from '../measure.js';
import {interactiveEnv, PtySession} from '../pty.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Frame = {ms: number; cpuMs: number | null};

async function firstFrameOnce(context: BenchContext, kubeconfig: string, index: number): Promise<Frame> {
	const marker = join(context.dir, `first-frame-${index}`);
	const started = Date.now();
	const session = new PtySession([process.execPath, context.cli, '--kubeconfig', kubeconfig], {env: interactiveEnv({PRG_DOCTOR_FIRST_FRAME_FILE: marker})});
	try {
		const deadline = started + 20_000;
		while (!existsSync(marker) || readFileSync(marker, 'utf8').trim() === '') {
			if (!session.isRunning) throw new Error(`the explorer exited before its first frame (${session.tail()})`);
			if (Date.now() > deadline) throw new Error(`no first-frame marker within 20 s (${session.tail()}); does the explorer honour PRG_DOCTOR_FIRST_FRAME_FILE?`);
			await sleep(5);
		}
		const cpuMs = session.cpuMs();
		const stamp = Number(readFileSync(marker, 'utf8').trim());
		if (!Number.isFinite(stamp)) throw new Error(`first-frame marker holds ${JSON.stringify(readFileSync(marker, 'utf8'))}, not a time`);
		return {ms: stamp - started, cpuMs};
	} finally {
		await session.close();
	}
}

// `node -e 0` reporting its own CPU time (all threads, like the explorer's figure) as it exits.
const bareWithCpu = "process.on('exit', () => { const {user, system} = process.cpuUsage(); process.stdout.write(String((user + system) / 1000)); })";

export async function benchStartup(context: BenchContext, kubeconfig: string): Promise<{firstFrameMs: number; bareNodeMs: number; firstFrameCpuMs: number | null; bareNodeCpuMs: number}> {
	const frames: number[] = [];
	const cpu: number[] = [];
	const bare: number[] = [];
	// One warm-up of each fills the page cache.
	await runTimed(process.execPath, ['-e', '0']);
	await firstFrameOnce(context, kubeconfig, -1);
	for (let index = 0; index < context.sizes.startupRuns; index++) {
		bare.push((await runTimed(process.execPath, ['-e', '0'])).ms);
		const frame = await firstFrameOnce(context, kubeconfig, index);
		frames.push(frame.ms);
		if (frame.cpuMs !== null) cpu.push(frame.cpuMs);
	}
	const bareCpu: number[] = [];
	for (let index = 0; index < context.sizes.startupRuns; index++) bareCpu.push(Number((await runTimed(process.execPath, ['-e', bareWithCpu])).stdout));
	context.progress(`first frame ${frames.map(Math.round).join(' ')} ms (CPU ${cpu.map(Math.round).join(' ')} ms); node -e 0 ${bare.map(Math.round).join(' ')} ms (CPU ${bareCpu.map(Math.round).join(' ')} ms)`);
	return {firstFrameMs: median(frames), bareNodeMs: median(bare), firstFrameCpuMs: cpu.length > 0 ? median(cpu) : null, bareNodeCpuMs: median(bareCpu)};
}
