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

const ms = (value: number | null) => (value === null ? 'failed' : `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`);

function compare(value: number | null, anchor: number | null, limit: number): {ratio: string; verdict: string} {
	if (value === null || anchor === null || anchor <= 0) return {ratio: '—', verdict: 'failed'};
	const ratio = value / anchor;
	return {ratio: `${ratio.toFixed(2)}×`, verdict: ratio <= limit ? 'met' : 'MISSED'};
}

function absolute(value: number | null, limit: number): string {
	if (value === null) return 'failed';
	return value <= limit ? 'met' : 'MISSED';
}

export function toTable(figures: Figures, details: Details, sizes: Sizes, quick: boolean): string {
	const f = figures;
	const rows: Row[] = [
		{figure: `first frame (${sizes.contexts} contexts)`, value: ms(f.firstFrameMs), anchor: `node -e 0: ${ms(f.bareNodeMs)}`, ...compare(f.firstFrameMs, f.bareNodeMs, 3), target: '≤ 3×'},
		{figure: 'contexts -o json --no-check', value: ms(f.contextsMs), anchor: `kubectl config get-contexts: ${ms(f.kubectlContextsMs)}`, ...compare(f.contextsMs, f.kubectlContextsMs, 2), target: '≤ 2×'},
		{figure: `nodes -o json (${sizes.nodes} nodes)`, value: ms(f.nodes5kMs), anchor: `kubectl get nodes -o json: ${ms(f.kubectlNodes5kMs)}`, ...compare(f.nodes5kMs, f.kubectlNodes5kMs, 1), target: '≤ 1.0×'},
		{
			figure: `probe ${sizes.probeNodes} nodes (c=${sizes.probeConcurrency}, ${sizes.probeLatencyMs} ms)`,
			value: ms(f.probe1k.wallMs),
			anchor: `ideal: ${ms(f.probe1k.idealMs)}`,
			...compare(f.probe1k.wallMs, f.probe1k.idealMs, 1.3),
			target: '≤ 1.3×',
		},
		{figure: 'API requests per probed node', value: f.probe1k.requestsPerNode === null ? 'failed' : f.probe1k.requestsPerNode.toFixed(2), anchor: '—', ratio: '—', target: '≤ 3.2', verdict: absolute(f.probe1k.requestsPerNode, 3.2)},
		{
			figure: `key → next frame (${sizes.nodes} nodes)`,
			value: ms(f.keyLatencyMs),
			anchor: details.keyFrameMs === undefined ? '—' : `frame done ${ms(details.keyFrameMs)}, p90 ${ms(details.keyP90Ms ?? null)}`,
			ratio: '—',
			target: '≤ 16 ms',
			verdict: absolute(f.keyLatencyMs, 16),
		},
		{figure: 'explorer peak RSS', value: f.rssMiB === null ? 'failed' : `${f.rssMiB.toFixed(0)} MiB`, anchor: '—', ratio: '—', target: '≤ 200 MiB', verdict: absolute(f.rssMiB, 200)},
	];
	const header: Row = {figure: 'FIGURE (median)', value: 'VALUE', anchor: 'ANCHOR (same run)', ratio: 'RATIO', target: 'TARGET', verdict: ''};
	const keys = Object.keys(header) as Array<keyof Row>;
	const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
	const line = (row: Row) => keys.map((key, index) => row[key].padEnd(widths[index]!)).join('  ').trimEnd();
	const out = [line(header), ...rows.map(line)];
	if (quick) out.push('', 'Quick run (small sizes): the figures show the harness works, not how fast the tool is.');
	if (details.probeRequests) out.push('', `probe requests: ${Object.entries(details.probeRequests).map(([key, count]) => `${key} ${count}`).join(', ')}`);
	for (const {bench, message} of details.errors) out.push(`${bench} failed: ${message}`);
	return `${out.join('\n')}\n`;
}
