// `prg-doctor fix`: the fix for a gate in an environment, step by step; or for a context's pool.
import {environments, gates, type EnvironmentId, type Gate} from '../domain/types.js';
import {fixFor} from '../domain/fixes/index.js';
import {personalizeFix, type FixTarget} from '../domain/fixes/personalize.js';
import {loadCluster} from '../workflows/load-cluster.js';
import {loadLastRun} from '../workflows/last-run.js';
import {fixJson, fixText} from '../output/fix.js';
import {UsageError} from '../errors.js';
import {listFlag, stringFlag} from './flags.js';
import {openClient} from './session.js';
import {exitCodes, type Command, type CommandContext} from './types.js';

export const fixCommand: Command = async (context) => {
	const {gate, environment, target} = await resolveTarget(context);
	const generic = fixFor(gate, environment);
	const fix = generic === null ? null : personalizeFix(generic, target);
	const {global, io} = context;
	if (fix === null) {
		// Not a fix to print in any format (-o json must print JSON or nothing): a question without an answer.
		throw new UsageError('gate "none" has no fix: nothing blocks user namespaces there', `pass the gate that probe or explain reported (${gates.filter((id) => id !== 'none').join(', ')})`);
	}
	io.stdout.write(global.output === 'json' ? fixJson(fix) : fixText(fix, global.output, {readOnly: global.readOnly, width: io.stdout.columns}));
	return exitCodes.ok;
};

async function resolveTarget({global, flags, io}: CommandContext): Promise<{gate: Gate; environment: EnvironmentId | null; target: FixTarget}> {
	const gate = parseGate(stringFlag(flags, 'gate'));
	const environment = parseEnvironment(stringFlag(flags, 'environment'));
	const pools = listFlag(flags, 'pool');
	if (pools.length === 0) {
		if (gate === undefined) {
			throw new UsageError('fix needs a gate', 'use --gate GATE --environment ENV (e.g. --gate userns-limit --environment eks-bottlerocket), or --context NAME --pool NAME');
		}
		return {gate, environment: environment ?? null, target: {}};
	}
	if (pools.length > 1) throw new UsageError('fix takes one --pool', 'run it once per pool');
	const session = await openClient(global, io);
	try {
		const cluster = await loadCluster(session.client, {signal: io.signal});
		const pool = cluster.pools.find((candidate) => candidate.name === pools[0]);
		if (pool === undefined) {
			throw new UsageError(`no node pool named "${pools[0]}" in context ${session.client.context}`, `pools here: ${cluster.pools.map((candidate) => candidate.name).join(', ') || 'none'}`);
		}
		// A gate the last probe found there beats the prediction.
		const last = await loadLastRun(session.client.context, io.env);
		const found = last?.results.find((result) => result.pool === pool.name && result.status === 'failed' && result.gate !== null)?.gate;
		const chosen = gate ?? found ?? pool.prediction.gate ?? undefined;
		if (chosen === undefined || chosen === 'none') {
			throw new UsageError(
				`pool ${pool.name} is not predicted blocked (${pool.prediction.status}), so there is no gate to fix yet`,
				`probe it (\`prg-doctor probe --context ${session.client.context} --pool ${pool.name}\`), then pass the gate it finds with --gate`,
			);
		}
		const node = last?.results.find((result) => result.pool === pool.name && result.status === 'failed')?.node ?? pool.nodes[0]?.name;
		return {gate: chosen, environment: environment ?? pool.environment, target: {pool: pool.name, node, context: session.client.context}};
	} finally {
		await session.close();
	}
}

export function parseGate(value: string | undefined): Gate | undefined {
	if (value === undefined) return undefined;
	if (!(gates as readonly string[]).includes(value)) throw new UsageError(`unknown gate "${value}"`, `gates: ${gates.join(', ')}`);
	return value as Gate;
}

export function parseEnvironment(value: string | undefined): EnvironmentId | undefined {
	if (value === undefined) return undefined;
	if (!(environments as readonly string[]).includes(value)) throw new UsageError(`unknown environment "${value}"`, `environments: ${environments.join(', ')}`);
	return value as EnvironmentId;
}
