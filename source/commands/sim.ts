// `prg-doctor sim`: runs the simulated clusters in the foreground, writes a kubeconfig for them,
// prints how to reach each context, and stays up until Ctrl-C/SIGTERM (then removes its temp files).
import {readFile} from 'node:fs/promises';
import {UsageError} from '../errors.js';
import {intFlag, listFlag, stringFlag} from './flags.js';
import {exitCodes, type Command} from './types.js';

const kubeletModes = ['real', 'recorded', 'auto'] as const;
type KubeletMode = (typeof kubeletModes)[number];

/** Never overwrite a kubeconfig the sim did not write (say, ~/.kube/config passed by mistake). */
async function refuseForeignFile(path: string): Promise<void> {
	const {kubeconfigMarker} = await import('../sim/kubeconfig.js');
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw new UsageError(`--kubeconfig ${path} cannot be read: ${(error as Error).message}`, 'give a path the sim may write its kubeconfig to');
	}
	if (text.trim() !== '' && !text.startsWith(kubeconfigMarker)) {
		throw new UsageError(`--kubeconfig ${path} exists and was not written by prg-doctor sim; it will not be overwritten`, 'give a new path (for example --kubeconfig /tmp/sim.kubeconfig), or leave --kubeconfig out for a temp file');
	}
}

export const simCommand: Command = async ({global, flags, io}) => {
	const largeNodes = flags.nodes === undefined ? undefined : intFlag(flags, 'nodes', '--nodes', 1000, 1, 20_000);
	const latencyMs = intFlag(flags, 'latency', '--latency', 800, 0, 600_000);
	const kubelet = stringFlag(flags, 'kubelet') ?? 'auto';
	if (!kubeletModes.includes(kubelet as KubeletMode)) {
		throw new UsageError(`--kubelet ${kubelet} is not a kubelet mode`, 'use --kubelet real, --kubelet recorded or --kubelet auto');
	}
	const faults = listFlag(flags, 'fault');
	const {startSim} = await import('../sim/index.js');
	const {parseFaults} = await import('../sim/faults.js');
	parseFaults(faults);
	if (global.kubeconfig) await refuseForeignFile(global.kubeconfig);
	if (kubelet === 'real') {
		const {realKubeletProblem} = await import('../sim/exec/index.js');
		const problem = realKubeletProblem();
		if (problem) throw new UsageError(`--kubelet real cannot run pods on this machine: ${problem}`, 'use --kubelet auto (real where possible, recorded output elsewhere) or --kubelet recorded');
	}
	if (io.signal.aborted) return exitCodes.ok;
	const sim = await startSim({kubeconfigPath: global.kubeconfig, largeNodes, latencyMs, kubelet: kubelet as KubeletMode, faults});
	try {
		const width = Math.max(...sim.contexts.map((context) => context.name.length));
		const lines = [
			`kubeconfig: ${sim.kubeconfigPath}`,
			'',
			'contexts:',
			...sim.contexts.map((context) => `  ${context.name.padEnd(width)}  ${context.server}`),
			'',
			'try:',
			`  KUBECONFIG=${sim.kubeconfigPath} kubectl get nodes`,
			`  KUBECONFIG=${sim.kubeconfigPath} kubectl --context ${sim.contexts[0]?.name ?? 'sim-eks'} get --raw /version`,
			`  prg-doctor probe --kubeconfig ${sim.kubeconfigPath} --context ${sim.contexts[0]?.name ?? 'sim-eks'}`,
			'',
			`latency ${latencyMs} ms, kubelet ${kubelet}${faults.length > 0 ? `, faults ${faults.join(' ')}` : ''}`,
			'Press Ctrl-C to stop.',
		];
		io.stdout.write(`${lines.join('\n')}\n`);
		await new Promise<void>((resolve) => {
			if (io.signal.aborted) return resolve();
			io.signal.addEventListener('abort', () => resolve(), {once: true});
		});
	} finally {
		await sim.stop();
		io.stderr.write('prg-doctor sim: stopped\n');
	}
	return exitCodes.ok;
};
