// `prg-doctor` with no command: the interactive explorer. Without a TTY it prints the `nodes` table
// instead (raw mode needs one). The first frame comes from the kubeconfig alone — no client-node,
// no network; reachability arrives in the background. With --demo, or with no kubeconfig at all,
// it runs the simulated clusters in-process and stops them (and their temp files) on the way out.
import {existsSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {KubeError} from '../errors.js';
import {loadKubeconfig, type LoadedKubeconfig} from '../kube/kubeconfig.js';
import {toEntry} from '../workflows/list-contexts.js';
import {intFlag, stringFlag} from './flags.js';
import {exitCodes, type Command, type CommandContext, type Io} from './types.js';
import type {State} from '../ui/model.js';
import type {EnvironmentId, Gate} from '../domain/types.js';
import {exitSummary} from '../ui/exit-summary.js';

const enterAltScreen = '\x1b[?1049h';
const leaveAltScreen = '\x1b[?1049l';

function hasKubeconfig(context: CommandContext): boolean {
	const {global, io} = context;
	if (global.kubeconfig !== undefined || (io.env.KUBECONFIG ?? '').trim() !== '') return true;
	return existsSync(join(io.env.HOME ?? homedir(), '.kube', 'config'));
}

/** Waits for Enter in cooked mode, so the user can read what a command printed. */
function waitForEnter(stdin: NodeJS.ReadableStream): Promise<void> {
	return new Promise((resolve) => {
		const onData = (chunk: Buffer | string) => {
			if (!String(chunk).includes('\n') && !String(chunk).includes('\r')) return;
			stdin.off('data', onData);
			stdin.pause();
			resolve();
		};
		stdin.on('data', onData);
		stdin.resume();
	});
}

function handOff(io: Io) {
	return async <T>(title: string, run: () => Promise<T>): Promise<T> => {
		// Let Ink's last throttled frame ("running the command…") land on the explorer's screen first.
		await new Promise((resolve) => setTimeout(resolve, 60));
		io.stdout.write(`${leaveAltScreen}\n$ ${title}\n`);
		try {
			return await run();
		} finally {
			io.stdout.write('\nPress Enter to return to prg-doctor… ');
			await waitForEnter(io.stdin);
			io.stdout.write(`${enterAltScreen}\x1b[H\x1b[2J`);
		}
	};
}

export const explorerCommand: Command = async (context) => {
	const {global, io, flags} = context;
	if (!io.stdin.isTTY || !io.stdout.isTTY) {
		const {nodesCommand} = await import('./nodes.js');
		return nodesCommand(context);
	}
	const concurrency = intFlag(flags, 'concurrency', '--concurrency', 20, 1, 500);
	const timeoutSeconds = intFlag(flags, 'timeout', '--timeout', 120, 5, 3600);
	const image = stringFlag(flags, 'image') ?? 'alpine:3.19';
	const demo = global.demo || !hasKubeconfig(context);
	const ui = loadUi();
	ui.catch(() => undefined);

	let sim: {stop(): Promise<void>} | null = null;
	let config: LoadedKubeconfig;
	if (demo) {
		const {startSim} = await import('../sim/index.js');
		const handle = await startSim({kubelet: 'auto'});
		sim = handle;
		try {
			config = await loadKubeconfig({path: handle.kubeconfigPath, env: io.env});
		} catch (error) {
			await handle.stop();
			throw error;
		}
	} else {
		config = await loadKubeconfig({path: global.kubeconfig, env: io.env});
	}
	try {
		if (global.context !== undefined && !config.contexts.some((entry) => entry.name === global.context)) {
			throw new KubeError('config', `context "${global.context}" is not in the kubeconfig`, `pick one of: ${config.contexts.map((entry) => entry.name).join(', ') || '(none)'}`);
		}
		const banner = demo
			? `DEMO${global.demo ? '' : ' (no kubeconfig found)'} · simulated clusters, nothing real is touched · stopped when you quit`
			: null;
		const final = await runExplorer(context, config, ui, {banner, image, concurrency, timeoutSeconds, initialContext: global.context ?? null});
		return io.signal.aborted || final?.wasInterrupted ? exitCodes.cannotRun : exitCodes.ok;
	} finally {
		await sim?.stop();
	}
};

type RunOptions = {banner: string | null; image: string; concurrency: number; timeoutSeconds: number; initialContext: string | null};

/**
 * Ink, React and the explorer: the bulk of the first frame's code, loaded while the kubeconfig is
 * read. Ink draws nothing but its last frame when it believes it runs in CI (its is-in-ci check
 * reads CI and CONTINUOUS_INTEGRATION once, when it is imported); we only get here on a real
 * terminal, where someone is watching, so those variables are hidden while Ink loads.
 */
function loadUi() {
	const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].flatMap((key) => (key in process.env ? [[key, process.env[key]] as const] : []));
	for (const [key] of hidden) delete process.env[key];
	return Promise.all([import('react'), import('ink'), import('../ui/explorer.js'), import('../ui/state.js'), import('../ui/services.js'), import('../ui/tasks.js')]).finally(() => {
		for (const [key, value] of hidden) process.env[key] = value;
	});
}

async function runExplorer({global, io}: CommandContext, config: LoadedKubeconfig, ui: ReturnType<typeof loadUi>, options: RunOptions): Promise<State | null> {
	const [React, {render}, {Explorer}, {initialState}, {createServices}, {Tasks}] = await ui;
	// The fix catalog is only needed on `f`: it loads after the first frame.
	let fixes: typeof import('../domain/fixes/index.js') | null = null;
	const catalog = {fixFor: (gate: Gate, environment: EnvironmentId | null) => fixes?.fixFor(gate, environment) ?? null};
	const tasks = new Tasks(io.signal);
	const services = createServices({
		config,
		namespace: global.namespace,
		image: options.image,
		concurrency: options.concurrency,
		timeoutSeconds: options.timeoutSeconds,
		readOnly: global.readOnly,
		env: io.env,
		stdout: io.stdout,
		directory: tmpdir(),
		saveRuns: options.banner === null,
		handOff: handOff(io),
	});
	const initial = initialState({contexts: config.contexts.map(toEntry), readOnly: global.readOnly, context: options.initialContext});
	io.stdout.write(enterAltScreen);
	// Raw at once: keys typed before the key handler attaches wait in the terminal, not in a line buffer.
	(io.stdin as NodeJS.ReadStream).setRawMode?.(true);
	let instance: ReturnType<typeof render> | null = null;
	let final: State | null = null;
	const onExit = (state?: State) => {
		final = state ?? final;
		instance?.unmount();
	};
	// SIGTERM/SIGHUP (and Ctrl-C outside raw mode) abort io.signal: runs clean up, then we leave.
	const onSignal = () => void tasks.settled().then(() => onExit());
	io.signal.addEventListener('abort', onSignal, {once: true});
	// While a command owns the terminal, Ink lets go of stdin; nothing else may be keeping Node's
	// event loop alive then, and the explorer must not exit under the user.
	const keepAlive = setInterval(() => {}, 1 << 30);
	try {
		instance = render(
			React.createElement(Explorer, {
				initial,
				services,
				catalog,
				tasks,
				isColor: global.color,
				banner: options.banner,
				onExit,
				firstFrameFile: io.env.PRG_DOCTOR_FIRST_FRAME_FILE || undefined,
			}),
			// 60 fps: a key's frame goes out at once (Ink's incremental mode left stale lines; not used).
			{stdout: io.stdout as NodeJS.WriteStream, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: true, maxFps: 60},
		);
		void import('../domain/fixes/index.js').then((module) => {
			fixes = module;
		});
		await instance.waitUntilExit();
	} finally {
		clearInterval(keepAlive);
		io.signal.removeEventListener('abort', onSignal);
		tasks.abortAll();
		await tasks.settled();
		// Ink restores the terminal when it unmounts; this covers a failure before it mounted.
		(io.stdin as NodeJS.ReadStream).setRawMode?.(false);
		io.stdout.write(leaveAltScreen);
	}
	// What was found stays in the scrollback after the explorer's screen is gone.
	const last = final as State | null;
	if (last !== null) io.stdout.write(exitSummary(last));
	return last;
}
