// The `probe` view: per-node results, `N/N ready` per pool, the summary, and where to go next.
import type {ProbeRun} from '../workflows/types.js';
import {localEnvironments} from '../domain/types.js';
import {renderTable} from './table.js';
import {codeBlock, markdownTable} from './markdown.js';
import {duration, probeWord, wrap} from './words.js';

function summaryLine(run: ProbeRun): string {
	const {summary} = run;
	const parts = [`${summary.ok} ok`, `${summary.failed} failed`, `${summary.error} error`, `${summary.timeout} timeout`];
	if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
	return `Probed ${summary.probed} node${summary.probed === 1 ? '' : 's'} in ${run.context} (namespace ${run.namespace}, ${duration(run.durationMs)}): ${parts.join(', ')}`;
}

function nextSteps(run: ProbeRun): string[] {
	const blocked = new Map<string, string>();
	let local = false;
	for (const result of run.results) {
		if (result.status !== 'failed') continue;
		local ||= localEnvironments.includes(result.environment);
		if (!blocked.has(result.pool)) blocked.set(result.pool, `${result.gate ?? 'unknown'} → fix ${result.fix ?? 'support'}`);
	}
	const lines = [...blocked].map(([pool, what]) => `  pool ${pool}: ${what}   (prg-doctor fix --context ${run.context} --pool ${pool})`);
	if (local) lines.push('  This cluster runs on this machine\'s kernel (or its VM): `prg-doctor host` checks it and walks the fix.');
	return lines;
}

/** Distinct reasons, each once with the nodes it covers, so a table row never has to carry prose. */
function findings(run: ProbeRun): {heading: string; reason: string}[] {
	const groups = new Map<string, {status: string; gate: string | null; nodes: string[]; pools: Set<string>}>();
	for (const result of run.results) {
		if (result.status === 'ok' || result.reason === null) continue;
		const group = groups.get(result.reason) ?? {status: result.status, gate: result.gate, nodes: [], pools: new Set<string>()};
		group.nodes.push(result.node);
		group.pools.add(result.pool);
		groups.set(result.reason, group);
	}
	return [...groups].map(([reason, group]) => {
		const pools = [...group.pools];
		const where = group.nodes.length === 1 ? `${group.nodes[0]} (pool ${pools[0]})` : `${group.nodes.length} nodes in pool${pools.length === 1 ? '' : 's'} ${pools.join(', ')}`;
		return {heading: `${group.status}${group.gate ? ` (${group.gate})` : ''}: ${where}`, reason};
	});
}

export function probeText(run: ProbeRun, format: 'table' | 'markdown', options: {width?: number} = {}): string {
	const width = Math.max(options.width ?? 100, 40);
	const nodes = run.results.map((result) => ({
		NODE: result.node,
		POOL: result.pool,
		STATUS: probeWord(result.status),
		GATE: result.gate ?? '-',
		FIX: result.fix ?? '-',
		TIME: duration(result.durationMs),
	}));
	const pools = run.pools.map((pool) => ({POOL: pool.name, ENVIRONMENT: pool.environment, READY: `${pool.ready}/${pool.total} ready`}));
	const next = nextSteps(run);
	const why = findings(run);
	if (format === 'markdown') {
		const outputs = run.results
			.filter((result) => result.output !== null && result.status !== 'ok')
			.map((result) => `<details><summary>${result.node} (${result.status}${result.gate ? `, ${result.gate}` : ''})</summary>\n\n${codeBlock(result.output!, 'text')}\n</details>\n`);
		return [
			`### ${summaryLine(run)}`, '', markdownTable(pools), markdownTable(nodes),
			...(why.length > 0 ? ['#### Why', '', ...why.map((item) => `- **${item.heading}**: ${item.reason}`), ''] : []),
			...(next.length > 0 ? ['#### Fixes', '', ...next.map((line) => `- ${line.trim()}`), ''] : []),
			...outputs,
		].join('\n');
	}
	const whyLines = why.flatMap((item) => [`  ${item.heading}`, ...wrap(item.reason, width - 4).map((line) => `    ${line}`)]);
	return [
		renderTable(nodes), renderTable(pools), summaryLine(run),
		...(whyLines.length > 0 ? ['', 'Why:', ...whyLines] : []),
		...(next.length > 0 ? ['', 'Blocked pools and their fixes:', ...next] : []),
		'',
	].join('\n');
}
