// The support report as markdown (one paste into a ticket) or JSON.
import type {SupportReport} from '../workflows/report.js';
import {hostMarkdown, hostObject} from './host.js';
import {clusterText} from './cluster.js';
import {codeBlock, markdownTable} from './markdown.js';
import {toJson} from './json.js';
import {duration} from './words.js';

export function reportJson(report: SupportReport): string {
	return toJson({...report, host: report.host === null ? null : hostObject(report.host)});
}

export function reportMarkdown(report: SupportReport): string {
	const out: string[] = [];
	out.push(`## prg-doctor support report`, '');
	out.push(`- tool: prg-doctor ${report.tool.version} (Node.js ${report.tool.node}, ${report.tool.platform})`);
	out.push(`- generated: ${report.generatedAt}`);
	out.push(`- kubeconfig: ${report.kubeconfig.paths.join(', ') || '-'} (current context: ${report.kubeconfig.current ?? 'none'})`);
	out.push(`- context in this report: ${report.context ?? 'none'}`, '');

	out.push('### Contexts', '');
	out.push(markdownTable(report.contexts.map((context) => ({
		current: context.current ? '*' : '',
		name: context.name,
		server: context.server ?? '-',
		local: context.local ?? '-',
		reachable: context.reachable === null ? 'not checked' : context.reachable ? 'yes' : 'no',
		version: context.version ?? '-',
		error: context.error ?? '',
	}))));

	if (report.cluster !== null) out.push(clusterText(report.cluster, 'markdown'));
	else out.push(`### Cluster`, '', `Could not load the cluster of ${report.context ?? 'the current context'}: ${report.clusterError ?? 'unknown error'}`, '');

	out.push('### Last probe run', '');
	const run = report.lastProbe;
	if (run === null) {
		out.push(`No probe has been run on ${report.context ?? 'this context'} from this machine yet (\`prg-doctor probe --context ${report.context ?? 'NAME'}\`).`, '');
	} else {
		const s = run.summary;
		out.push(`Run ${run.runId} at ${run.finishedAt}, namespace ${run.namespace}, image ${run.image}, ${duration(run.durationMs)}: ${s.ok} ok, ${s.failed} failed, ${s.error} error, ${s.timeout} timeout, ${s.skipped} skipped.`, '');
		out.push(markdownTable(run.pools.map((pool) => ({pool: pool.name, environment: pool.environment, ready: `${pool.ready}/${pool.total} ready`}))));
		out.push(markdownTable(run.results.map((result) => ({node: result.node, pool: result.pool, status: result.status, gate: result.gate ?? '-', fix: result.fix ?? '-', reason: result.reason ?? ''}))));
		for (const result of run.results) {
			if (result.output === null) continue;
			out.push(`<details><summary>${result.node}: ${result.status}${result.gate ? ` (${result.gate})` : ''}</summary>`, '', codeBlock(result.output, 'text'), '</details>', '');
		}
	}

	out.push('### Gates and fixes', '');
	if (report.fixes.length === 0) out.push('No gate found or predicted.', '');
	else out.push(markdownTable(report.fixes.map((fix) => ({gate: fix.gate, fix: fix.fix, title: fix.title, pools: fix.pools.join(', '), steps: `\`${fix.command}\``}))));

	if (report.host !== null) out.push('### Host of the local cluster', '', hostMarkdown(report.host, {readOnly: true}));

	out.push('### Kubeconfig (secrets redacted)', '', codeBlock(JSON.stringify(report.kubeconfig.config, null, 2), 'json'));
	return out.join('\n');
}
