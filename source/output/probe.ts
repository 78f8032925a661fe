// The `probe` view: per-node results, `N/N ready` per pool, the summary, and where to go next.
import type {ProbeRun} from '../workflows/types.js';
import {renderTable} from './table.js';
import {codeBlock, markdownTable} from './markdown.js';
import {toJson} from './json.js';
import {duration, probeWord} from './words.js';

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

function summaryLine(run: ProbeRun): string {
	const {summary} = run;
	const parts = [`${summary.ok} ok`, `${summary.failed} failed`, `${summary.error} error`, `${summary.timeout} timeout`];
	if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
	return `Probed ${summary.probed} node${summary.probed === 1 ? '' : 's'} in ${run.context} (namespace ${run.namespace}, ${duration(run.durationMs)}): ${parts.join(', ')}`;
}

function nextSteps(run: ProbeRun): string[] {
	const blocked = new Map<string, string>();
	for (const result of run.results) {
		if (result.status === 'failed' && !blocked.has(result.pool)) blocked.set(result.pool, `${result.gate ?? 'unknown'} → fix ${result.fix ?? 'support'}`);
	}
	return [...blocked].map(([pool, what]) => `  pool ${pool}: ${what}   (prg-doctor fix --context ${run.context} --pool ${pool})`);
}

export function probeText(run: ProbeRun, format: 'table' | 'markdown'): string {
	const nodes = run.results.map((result) => ({
		NODE: result.node,
		POOL: result.pool,
		STATUS: probeWord(result.status),
		GATE: result.gate ?? '-',
		FIX: result.fix ?? '-',
		TIME: duration(result.durationMs),
		REASON: result.reason ?? '',
	}));
	const pools = run.pools.map((pool) => ({POOL: pool.name, ENVIRONMENT: pool.environment, READY: `${pool.ready}/${pool.total} ready`}));
	const next = nextSteps(run);
	if (format === 'markdown') {
		const outputs = run.results
			.filter((result) => result.output !== null && result.status !== 'ok')
			.map((result) => `<details><summary>${result.node} (${result.status}${result.gate ? `, ${result.gate}` : ''})</summary>\n\n${codeBlock(result.output!, 'text')}\n</details>\n`);
		return [`### ${summaryLine(run)}`, '', markdownTable(pools), markdownTable(nodes), ...(next.length > 0 ? ['Fixes:', '', ...next.map((line) => `- ${line.trim()}`), ''] : []), ...outputs].join('\n');
	}
	return [renderTable(nodes), renderTable(pools), summaryLine(run), ...(next.length > 0 ? ['Blocked pools and their fixes:', ...next] : []), ''].join('\n');
}
