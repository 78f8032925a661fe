// `prg-doctor host`: this machine as the host of a local kind / Minikube / Docker Desktop cluster.
// Needs no kubeconfig; when one is there it tells which context belongs to which local cluster.
import {environments, type EnvironmentId} from '../domain/types.js';
import {localEnvironmentOfContext} from '../domain/environments.js';
import {KubeError, UsageError} from '../errors.js';
import {loadKubeconfig} from '../kube/kubeconfig.js';
import {hostJson, hostMarkdown, hostTable} from '../output/host.js';
import {checkHost, hostExitCode, type HostContext} from '../workflows/check-host.js';
import {stringFlag} from './flags.js';
import type {Command, Io} from './types.js';

export const hostCommand: Command = async ({global, flags, io}) => {
	const environment = environmentFlag(stringFlag(flags, 'environment'));
	// --context names a kubeconfig entry: without a readable kubeconfig, or not in it, that is exit 2.
	const contexts = global.context === undefined ? await readContexts(global.kubeconfig, io) : await contextsHolding(global.context, global.kubeconfig, io);
	if (global.context !== undefined) noteRemoteContext(global.context, contexts, io);
	const report = await checkHost({signal: io.signal, contexts, environment, context: global.context, env: io.env});
	if (global.output === 'json') io.stdout.write(hostJson(report));
	else if (global.output === 'markdown') io.stdout.write(hostMarkdown(report, {readOnly: global.readOnly}));
	else io.stdout.write(hostTable(report, {width: io.stdout.columns, color: global.color && io.stdout.isTTY === true, readOnly: global.readOnly}));
	const code = hostExitCode(report);
	if (code === 2 && report.cannotRun !== null) {
		io.stderr.write(`prg-doctor: the host check could not run the unshare test: ${report.cannotRun}\n`);
	}
	return code;
};

async function contextsHolding(name: string, path: string | undefined, io: Io): Promise<HostContext[]> {
	const config = await loadKubeconfig({path, env: io.env});
	const contexts = config.contexts.map((context) => ({name: context.name, cluster: context.cluster, server: context.server}));
	if (!contexts.some((context) => context.name === name)) {
		const names = contexts.map((context) => context.name);
		const known = names.length > 8 ? `${names.slice(0, 8).join(', ')}, … (\`prg-doctor contexts\` lists all ${names.length})` : names.join(', ') || '(none)';
		throw new KubeError('config', `context "${name}" is not in the kubeconfig`, `pass one of the known contexts: ${known}; or leave out --context to check this machine alone`);
	}
	return contexts;
}

/** `host --context prod` checks this machine, which is not where prod's nodes run: say so. */
function noteRemoteContext(name: string, contexts: readonly HostContext[] | null, io: Io): void {
	const context = contexts?.find((entry) => entry.name === name);
	if (context !== undefined && localEnvironmentOfContext(context) === null) {
		io.stderr.write(`prg-doctor: note: context "${name}" does not look like a local cluster, so this machine's kernel is not its nodes'; to check its nodes run \`prg-doctor probe --context ${name}\`\n`);
	}
}

function environmentFlag(value: string | undefined): EnvironmentId | undefined {
	if (value === undefined) return undefined;
	if (!(environments as readonly string[]).includes(value)) {
		throw new UsageError(`--environment "${value}" is not an environment`, 'use kind, minikube-docker, minikube-vm or docker-desktop (or leave it out to use the local cluster found)');
	}
	return value as EnvironmentId;
}

/** A missing kubeconfig is normal on a host without clusters: the check goes on without it. */
async function readContexts(path: string | undefined, io: Io): Promise<HostContext[] | null> {
	try {
		const config = await loadKubeconfig({path, env: io.env});
		return config.contexts.map((context) => ({name: context.name, cluster: context.cluster, server: context.server}));
	} catch (error) {
		if (path !== undefined) io.stderr.write(`prg-doctor: warning: kubeconfig ${path} not read (${(error as Error).message}); contexts are not matched to local clusters\n`);
		return null;
	}
}
