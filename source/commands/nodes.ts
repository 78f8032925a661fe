// `prg-doctor nodes`: node pools and nodes of a context with predicted readiness; or, with
// --from-file, of a `kubectl get nodes -o json|yaml` dump, offline.
import {buildPools, podUserNamespaces} from '../domain/predict.js';
import {parseNodeDump} from '../domain/node-dump.js';
import type {ClusterView} from '../domain/types.js';
import {loadCluster} from '../workflows/load-cluster.js';
import {clusterJson} from '../output/cluster-json.js';
import {readInput} from './read-input.js';
import {openClient} from './session.js';
import {stringFlag} from './flags.js';
import {exitCodes, type Command, type CommandContext} from './types.js';

export const nodesCommand: Command = async (context) => {
	const view = await loadView(context);
	const {global, io} = context;
	if (global.output === 'json') io.stdout.write(clusterJson(view));
	else io.stdout.write((await import('../output/cluster.js')).clusterText(view, global.output, {width: io.stdout.columns}));
	return exitCodes.ok;
};

async function loadView({global, flags, io}: CommandContext): Promise<ClusterView> {
	const fromFile = stringFlag(flags, 'fromFile');
	if (fromFile !== undefined) {
		const nodes = parseNodeDump(await readInput(fromFile, io, 'a `kubectl get nodes -o json` dump'));
		return {context: `file ${fromFile === '-' ? 'stdin' : fromFile}`, server: null, version: null, podUserNamespaces: podUserNamespaces(null, nodes), pools: buildPools(nodes)};
	}
	const session = await openClient(global, io);
	try {
		return await loadCluster(session.client, {signal: io.signal});
	} finally {
		await session.close();
	}
}

