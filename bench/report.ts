// The figures of a run, as the one JSON object `--json` prints (exactly the issue's keys) and as
// the table people read: each figure beside its anchor, the ratio and the target.
import type {Sizes} from './context.js';

export type Figures = {
	firstFrameMs: number | null;
	bareNodeMs: number | null;
	contextsMs: number | null;
	kubectlContextsMs: number | null;
	nodes5kMs: number | null;
	kubectlNodes5kMs: number | null;
	probe1k: {wallMs: number | null; idealMs: number | null; requestsPerNode: number | null};
	keyLatencyMs: number | null;
	rssMiB: number | null;
};

/** What the table shows beyond the JSON figures. */
export type Details = {
	/** CPU the explorer used up to its first frame (all threads); steadier than wall time on a busy machine. */
	firstFrameCpuMs?: number;
	bareNodeCpuMs?: number;
	keyFrameMs?: number;
	keyP90Ms?: number;
	probeRequests?: Record<string, number>;
	errors: Array<{bench: string; message: string}>;
};

export function emptyFigures(): Figures {
	return {
		firstFrameMs: null,
		bareNodeMs: null,
		contextsMs: null,
		kubectlContextsMs: null,
		nodes5kMs: null,
		kubectlNodes5kMs: null,
		probe1k: {wallMs: null, idealMs: null, requestsPerNode: null},
		keyLatencyMs: null,
		rssMiB: null,
	};
}

const round = (value: number | null, digits = 1) => (value === null ? null : Number(value.toFixed(digits)));

export function toJson(figures: Figures): string {
	return JSON.stringify({
		firstFrameMs: round(figures.firstFrameMs),
		bareNodeMs: round(figures.bareNodeMs),
		contextsMs: round(figures.contextsMs),
		kubectlContextsMs: round(figures.kubectlContextsMs),
		nodes5kMs: round(figures.nodes5kMs),
		kubectlNodes5kMs: round(figures.kubectlNodes5kMs),
		probe1k: {wallMs: round(figures.probe1k.wallMs), idealMs: round(figures.probe1k.idealMs), requestsPerNode: round(figures.probe1k.requestsPerNode, 3)},
		keyLatencyMs: round(figures.keyLatencyMs, 2),
		rssMiB: round(figures.rssMiB),
	});
}

type Row = {figure: string; value: string; anchor: string; ratio: string; target: string; verdict: string};

type Show = {
	ms(value: number | null): string;
	compare(value: number | null, anchor: number | null, limit: number): {ratio: string; verdict: string};
	absolute(value: number | null, limit: number): string;
	missing: string;
};

/** Formatting for one benchmark's rows: a missing figure reads `failed` or, under --only, `not run`. */
function showFor(missing: string): Show {
	const ms = (value: number | null) => (value === null ? missing : `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`);
	return {
		ms,
		missing,
		compare(value, anchor, limit) {
			if (value === null || anchor === null || anchor <= 0) return {ratio: '—', verdict: missing};
			const ratio = value / anchor;
			return {ratio: `${ratio.toFixed(2)}×`, verdict: ratio <= limit ? 'met' : 'MISSED'};
		},
		absolute: (value, limit) => (value === null ? missing : value <= limit ? 'met' : 'MISSED'),
	};
}

export function toTable(figures: Figures, details: Details, sizes: Sizes, quick: boolean): string {
	const f = figures;
	const failed = new Set(details.errors.map((error) => error.bench));
	if (failed.has('sim')) failed.add('nodes').add('keys');
	const of = (bench: string) => showFor(failed.has(bench) ? 'failed' : 'not run');
	const startup = of('startup');
	const contexts = of('contexts');
	const nodes = of('nodes');
	const probe = of('probe');
	const keys = of('keys');
	const rows: Row[] = [
		{figure: `first frame (${sizes.contexts} contexts)`, value: startup.ms(f.firstFrameMs), anchor: `node -e 0: ${startup.ms(f.bareNodeMs)}`, ...startup.compare(f.firstFrameMs, f.bareNodeMs, 3), target: '≤ 3×'},
		{figure: 'contexts -o json --no-check', value: contexts.ms(f.contextsMs), anchor: `kubectl config get-contexts: ${contexts.ms(f.kubectlContextsMs)}`, ...contexts.compare(f.contextsMs, f.kubectlContextsMs, 2), target: '≤ 2×'},
		{figure: `nodes -o json (${sizes.nodes} nodes)`, value: nodes.ms(f.nodes5kMs), anchor: `kubectl get nodes -o json: ${nodes.ms(f.kubectlNodes5kMs)}`, ...nodes.compare(f.nodes5kMs, f.kubectlNodes5kMs, 1), target: '≤ 1.0×'},
		{
			figure: `probe ${sizes.probeNodes} nodes (c=${sizes.probeConcurrency}, ${sizes.probeLatencyMs} ms)`,
			value: probe.ms(f.probe1k.wallMs),
			anchor: `ideal: ${probe.ms(f.probe1k.idealMs)}`,
			...probe.compare(f.probe1k.wallMs, f.probe1k.idealMs, 1.3),
			target: '≤ 1.3×',
		},
		{figure: 'API requests per probed node', value: f.probe1k.requestsPerNode === null ? probe.missing : f.probe1k.requestsPerNode.toFixed(2), anchor: '—', ratio: '—', target: '≤ 3.2', verdict: probe.absolute(f.probe1k.requestsPerNode, 3.2)},
		{
			figure: `key → next frame (${sizes.nodes} nodes)`,
			value: keys.ms(f.keyLatencyMs),
			anchor: details.keyFrameMs === undefined ? '—' : `frame done ${keys.ms(details.keyFrameMs)}, p90 ${keys.ms(details.keyP90Ms ?? null)}`,
			ratio: '—',
			target: '≤ 16 ms',
			verdict: keys.absolute(f.keyLatencyMs, 16),
		},
		{figure: 'explorer peak RSS', value: f.rssMiB === null ? keys.missing : `${f.rssMiB.toFixed(0)} MiB`, anchor: '—', ratio: '—', target: '≤ 200 MiB', verdict: keys.absolute(f.rssMiB, 200)},
	];
	const header: Row = {figure: 'FIGURE (median)', value: 'VALUE', anchor: 'ANCHOR (same run)', ratio: 'RATIO', target: 'TARGET', verdict: ''};
	const columns = Object.keys(header) as Array<keyof Row>;
	const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
	const line = (row: Row) => columns.map((column, index) => row[column].padEnd(widths[index]!)).join('  ').trimEnd();
	const out = [line(header), ...rows.map(line)];
	if (quick) out.push('', 'Quick run (small sizes): the figures show the harness works, not how fast the tool is.');
	if (details.firstFrameCpuMs !== undefined && details.bareNodeCpuMs !== undefined) {
		const ratio = details.bareNodeCpuMs > 0 ? ` (${(details.firstFrameCpuMs / details.bareNodeCpuMs).toFixed(2)}×)` : '';
		out.push('', `CPU time (all threads), steadier than wall time on a busy machine: first frame ${details.firstFrameCpuMs.toFixed(0)} ms, node -e 0 ${details.bareNodeCpuMs.toFixed(0)} ms${ratio}`);
	}
	if (details.probeRequests) out.push('', `probe requests: ${Object.entries(details.probeRequests).map(([key, count]) => `${key} ${count}`).join(', ')}`);
	for (const {bench, message} of details.errors) out.push(`${bench} failed: ${message}`);
	return `${out.join('\n')}\n`;
}
