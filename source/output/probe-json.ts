// `probe -o json` (SPEC section 6). Kept apart from the table renderings so JSON output never loads Ink.
import type {ProbeRun} from '../workflows/types.js';
import {toJson} from './json.js';

export function probeJson(run: ProbeRun): string {
	return toJson({
		context: run.context,
		namespace: run.namespace,
		image: run.image,
		runId: run.runId,
		durationMs: run.durationMs,
		summary: run.summary,
		pools: run.pools,
		results: run.results,
	});
}
