// A context's cluster as prg-doctor shows it: server version, node pools with predictions, and
// whether pod-level user namespaces are usable. Two requests: /version and one node list.
import {buildPools, podUserNamespaces} from '../domain/predict.js';
import type {ClusterView} from '../domain/types.js';
import type {KubeClient} from '../kube/client.js';

export async function loadCluster(client: KubeClient, options: {readonly signal: AbortSignal}): Promise<ClusterView> {
	const [version, nodes] = await Promise.all([
		client.version({signal: options.signal}).catch(() => null),
		client.listNodes({signal: options.signal}),
	]);
	const gitVersion = version?.gitVersion ?? null;
	return {
		context: client.context,
		server: client.server,
		version: gitVersion,
		podUserNamespaces: podUserNamespaces(gitVersion, nodes.items),
		pools: buildPools(nodes.items),
	};
}
