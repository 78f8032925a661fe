// kind: clusters (`kind get clusters`) and their node containers (`kind get nodes --name`). Each
// cluster's kubeconfig context is `kind-<name>`. kind logs "No kind clusters found." on stderr.
import {lastErrorLine, type Runner} from './runner.js';

export type KindCluster = {
	readonly name: string;
	readonly context: string;
	/** The context is in the kubeconfig; null when no kubeconfig was read. */
	readonly inKubeconfig: boolean | null;
	/** Node container names; null when they could not be listed. */
	readonly nodes: readonly string[] | null;
};

export type KindRuntime = {
	readonly installed: boolean;
	readonly clusters: readonly KindCluster[];
	readonly error: string | null;
};

export async function inspectKind(options: {
	readonly runner: Runner;
	readonly signal: AbortSignal;
	readonly contexts: ReadonlySet<string> | null;
	readonly timeoutMs?: number;
}): Promise<KindRuntime> {
	const {runner, signal, contexts} = options;
	const timeoutMs = options.timeoutMs ?? 10_000;
	const outcome = await runner({argv: ['kind', 'get', 'clusters'], timeoutMs, signal});
	if (outcome.failure === 'not-found') return {installed: false, clusters: [], error: null};
	if (outcome.failure !== null) return {installed: true, clusters: [], error: outcome.error};
	if (outcome.exitCode !== 0) return {installed: true, clusters: [], error: kindError(outcome.stderr) ?? lastErrorLine(outcome)};
	const names = parseKindClusters(outcome.stdout);
	const clusters = await Promise.all(
		names.map(async (name): Promise<KindCluster> => {
			const nodes = await runner({argv: ['kind', 'get', 'nodes', '--name', name], timeoutMs, signal});
			const context = `kind-${name}`;
			return {
				name,
				context,
				inKubeconfig: contexts === null ? null : contexts.has(context),
				nodes: nodes.exitCode === 0 ? parseKindClusters(nodes.stdout) : null,
			};
		}),
	);
	return {installed: true, clusters, error: null};
}

/** One name a line; kind's "No kind clusters found." / "No kind nodes found…" lines are not names. */
export function parseKindClusters(text: string): string[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !/^No kind (clusters|nodes) found/i.test(line));
}

/** kind's `ERROR: failed to list clusters: …` plus the docker line that explains it. */
function kindError(stderr: string): string | null {
	const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
	const error = lines.find((line) => line.startsWith('ERROR:'));
	if (!error) return null;
	const cause = lines.find((line) => /Cannot connect to the Docker daemon|permission denied/i.test(line));
	const short = error.replace(/: command ".*" failed with error: .*/, '');
	return cause ? `${short}: ${cause.replace(/^Command Output:\s*/, '')}` : short;
}
