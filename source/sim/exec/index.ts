// The sim kubelet's command executor: runs a pod's container command for real on this machine
// (busybox in a user namespace carrying the node's max_user_namespaces) or answers with recorded
// output of the real tools for the gates this machine cannot reproduce.
import type {Gate} from '../../domain/types.js';
import type {SimNode} from '../profiles/index.js';
import {podArgv, recognise} from './pod-script.js';
import {realKubeletProblem, RealKubeletSetupError, runReal} from './real.js';
import {recordedRun} from './recorded.js';

export type ExecRequest = {
	command: string[];
	args: string[];
	runAsUser: number | null;
	runAsGroup: number | null;
	node: SimNode;
	mode: 'real' | 'recorded' | 'auto';
	signal: AbortSignal;
	/** How long a real run may take before it is killed (exit 137); 120 s when unset. */
	timeoutMs?: number;
	/**
	 * Called with output as a real run produces it, so logs can be read and followed while the pod
	 * runs. The result's log still holds everything; what was streamed is always a prefix of it.
	 */
	onOutput?: (chunk: string) => void;
};

export type ExecResult = {exitCode: number; log: string; mode: 'real' | 'recorded'};

export {hostAuditLines} from './recorded.js';
export {realKubeletProblem} from './real.js';

/** Gates whose verdict this machine's kernel can give: nothing blocks, or the namespace limit. */
const reproducible: ReadonlySet<Gate> = new Set<Gate>(['none', 'userns-limit']);

export function realKubeletAvailable(): boolean {
	return realKubeletProblem() === null;
}

/**
 * Runs the pod's command on `request.node`. `real`: for real (recorded output where the node's gate
 * is an LSM or sysctl this machine lacks); throws when the machine cannot run pods. `recorded`:
 * recorded output for the probes we know, a real run for anything else when possible (else exit 0
 * and an empty log). `auto`: real where the gate is reproducible and the machine can, else recorded.
 * An abort kills the process group; the result is then exit 137, as for a container the kubelet kills.
 */
export async function runPodCommand(request: ExecRequest): Promise<ExecResult> {
	const argv = podArgv(request.command, request.args);
	const script = recognise(argv);
	// A recording needs nothing of this machine: answer without checking it.
	if (request.mode === 'recorded' && script.kind !== 'other') return {...recordedRun(request.node, script), mode: 'recorded'};
	const problem = realKubeletProblem();
	// Scripts we have no recording of can only run; the probes run for real only where the kernel here gives the node's answer.
	const runnable = script.kind === 'other' || reproducible.has(request.node.gate);
	if (request.mode === 'real' && runnable && problem !== null) throw new Error(`--kubelet real cannot run here: ${problem}`);
	if (problem === null && runnable) {
		try {
			const result = await runReal({argv, runAsUser: request.runAsUser, runAsGroup: request.runAsGroup, node: request.node, signal: request.signal, timeoutMs: request.timeoutMs ?? 120_000, onOutput: request.onOutput});
			return {...result, mode: 'real'};
		} catch (error) {
			// In auto mode a sandbox that fails to start falls back to the recording; asked for real, it is an error.
			if (!(error instanceof RealKubeletSetupError) || request.mode === 'real' || script.kind === 'other') throw error;
		}
	}
	if (script.kind === 'other') return {exitCode: 0, log: '', mode: 'recorded'};
	return {...recordedRun(request.node, script), mode: 'recorded'};
}
