// `nodes -o json` (SPEC section 6). Kept apart from the table renderings so JSON output never loads Ink.
import type {ClusterView} from '../domain/types.js';
import {toJson} from './json.js';

export function clusterJson(view: ClusterView): string {
	return toJson({
		context: view.context,
		server: view.server,
		version: view.version,
		pools: view.pools,
		// Beyond SPEC section 6's keys (which come first, unchanged): section 5's per-context verdict.
		podUserNamespaces: view.podUserNamespaces,
	});
}
