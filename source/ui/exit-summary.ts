// The lines the explorer leaves in the scrollback when it quits: each context's last probe run,
// so what was found is not lost with the explorer's screen.
import type {State} from './model.js';

export function exitSummary(state: State): string {
	const lines: string[] = [];
	for (const [context, probes] of Object.entries(state.probes)) {
		const run = probes.session?.run;
		if (run === undefined || run === null) continue;
		const {summary} = run;
		const gates = [...new Set(run.results.filter((result) => result.status === 'failed').map((result) => result.gate ?? 'unknown'))];
		const undetermined = summary.error + summary.timeout;
		const stopped = probes.session?.stopped ? ' (stopped)' : '';
		lines.push(`prg-doctor: ${context}: ${summary.probed} probed${stopped} — ${summary.ok} ready, ${summary.failed} blocked${gates.length > 0 ? ` (${gates.join(', ')})` : ''}${undetermined > 0 ? `, ${undetermined} undetermined` : ''}; run ${run.runId}`);
	}
	return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
