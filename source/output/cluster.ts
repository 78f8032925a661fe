// The `nodes` view: pools with their predictions, then every node. Predictions are labelled as
// such, never shown as results.
import type {ClusterView} from '../domain/types.js';
import {renderTable} from './table.js';
import {markdownTable} from './markdown.js';
import {predictionWord, wrap} from './words.js';

export function clusterText(view: ClusterView, format: 'table' | 'markdown', options: {width?: number} = {}): string {
	const width = Math.max(options.width ?? 100, 40);
	const pools = view.pools.map((pool) => ({
		POOL: pool.name,
		ENVIRONMENT: pool.environment,
		SIZE: String(pool.size),
		PREDICTION: predictionWord(pool.prediction.status),
		GATE: pool.prediction.gate ?? '-',
	}));
	const reasons = view.pools.map((pool) => ({pool: pool.name, reason: pool.prediction.reason}));
	const nodes = view.pools.flatMap((pool) => pool.nodes.map((node) => ({
		NODE: node.name,
		POOL: node.pool,
		READY: node.ready === null ? 'unknown' : node.ready ? (node.schedulable ? 'Ready' : 'Ready,SchedulingDisabled') : 'NotReady',
		'OS IMAGE': node.osImage ?? '-',
		KERNEL: node.kernelVersion ?? '-',
		RUNTIME: node.containerRuntime ?? '-',
		PREDICTION: predictionWord(node.prediction.status),
		GATE: node.prediction.gate ?? '-',
	})));
	const puns = view.podUserNamespaces;
	const podUserns = `pod user namespaces (hostUsers: false): ${puns.usable === null ? 'unknown' : puns.usable ? 'usable' : 'not usable'} — ${puns.reason}`;
	const where = `Context ${view.context} · ${view.server ?? 'server unknown'} · ${view.version ?? 'version unknown'}`;
	const note = 'These are predictions from node labels and images, not results: run `prg-doctor probe` to test the nodes.';
	if (format === 'markdown') {
		return [
			`### ${where}`, '', `- ${podUserns}`, `- ${note}`, '', '#### Node pools (predicted)', '', markdownTable(pools),
			...reasons.map((item) => `- **${item.pool}**: ${item.reason}`), '', '#### Nodes (predicted)', '', markdownTable(nodes),
		].join('\n');
	}
	if (view.pools.length === 0) return `${where}\nNo nodes found.\n`;
	const para = (text: string, indent = '') => wrap(text, width - indent.length).map((line) => `${indent}${line}`);
	return [
		...para(where), ...para(podUserns), '', 'Node pools (predicted)', renderTable(pools),
		...reasons.flatMap((item) => [`  ${item.pool}:`, ...para(item.reason, '    ')]), '',
		'Nodes (predicted)', renderTable(nodes), ...para(note), '',
	].join('\n');
}
