// `prg-doctor probe`: run the probe pod on the selected nodes, live, and report per node and pool.
import {selectTargets} from '../domain/select-targets.js';
import {loadCluster} from '../workflows/load-cluster.js';
import {preflight} from '../workflows/preflight.js';
import {runProbes} from '../workflows/run-probes.js';
import {probeSelector, sweepProbePods} from '../workflows/cleanup.js';
import type {ProbeRun} from '../workflows/types.js';
import {saveLastRun} from '../workflows/last-run.js';
import {probeJson} from '../output/probe-json.js';
import {progressReporter} from '../output/progress.js';
import {intFlag, listFlag, stringFlag} from './flags.js';
import {openClient} from './session.js';
import {exitCodes, type Command, type ExitCode} from './types.js';

export const probeCommand: Command = async ({global, flags, io}) => {
	const selection = {
		pools: listFlag(flags, 'pool'),
		nodes: listFlag(flags, 'node'),
		perPool: flags.perPool === undefined ? undefined : intFlag(flags, 'perPool', '--per-pool', 1, 1, 100_000),
	};
	const concurrency = intFlag(flags, 'concurrency', '--concurrency', 20, 1, 500);
	const timeoutSeconds = intFlag(flags, 'timeout', '--timeout', 120, 5, 3600);
	const image = stringFlag(flags, 'image') ?? 'alpine:3.19';
	const imagePullSecret = stringFlag(flags, 'imagePullSecret') ?? null;

	const session = await openClient(global, io);
	try {
		const {client, namespace} = session;
		const cluster = await loadCluster(client, {signal: io.signal});
		const targets = selectTargets(cluster.pools, selection);
		await preflight(client, {namespace, signal: io.signal});
		// Pods a crashed run left behind (past their deadline) go before we add ours.
		await sweepProbePods(client, {namespace, onlyExpired: true, signal: io.signal}).catch(() => undefined);

		const progress = io.stderr.isTTY && global.output !== 'json' ? progressReporter(io.stderr) : null;
		const run = await runProbes(client, targets, {
			namespace,
			image,
			imagePullSecret,
			concurrency,
			timeoutSeconds,
			keep: Boolean(flags.keep),
			signal: io.signal,
			onProgress(event) {
				progress?.(event);
				if (event.type === 'cleanup' && event.failed.length > 0) {
					io.stderr.write(`prg-doctor: could not delete ${event.failed.length} probe pod(s): ${event.failed.join(', ')}\n  next: run \`prg-doctor cleanup --context ${client.context} -n ${namespace}\`\n`);
				}
			},
		});
		if (global.output === 'json') io.stdout.write(probeJson(run));
		else io.stdout.write((await import('../output/probe.js')).probeText(run, global.output, {width: io.stdout.columns}));
		if (!session.demo) await saveLastRun(run, io.env).catch(() => undefined);
		if (io.signal.aborted) {
			io.stderr.write(
				flags.keep
					? `prg-doctor: interrupted; --keep left the run's probe pods in place\n  next: delete them with \`prg-doctor cleanup --context ${client.context} -n ${namespace}\`\n`
					: 'prg-doctor: interrupted; the run\'s probe pods were deleted\n',
			);
			return exitCodes.cannotRun;
		}
		if (flags.keep && run.summary.probed > 0) {
			// Kept on purpose, to look at; say where they are and how they go away.
			io.stderr.write(`prg-doctor: --keep left this run's probe pods in namespace ${namespace} (\`kubectl get pods -n ${namespace} -l ${probeSelector}\`)\n  next: delete them with \`prg-doctor cleanup --context ${client.context} -n ${namespace}\`\n`);
		}
		return exitCodeOf(run);
	} finally {
		await session.close();
	}
};

/** SPEC section 3: 1 when a gate blocks a node, else 3 when any node stayed undetermined. */
export function exitCodeOf(run: ProbeRun): ExitCode {
	const {summary} = run;
	if (summary.failed > 0) return exitCodes.blocked;
	if (summary.error > 0 || summary.timeout > 0 || summary.skipped > 0) return exitCodes.undetermined;
	return exitCodes.ok;
}
