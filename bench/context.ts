// What every benchmark is given: where the built CLI is, a scratch directory, the sizes of this run
// (full or --quick) and a progress line writer.
export type Sizes = {
	/** Launch-time runs (first frame, bare node, contexts) per figure. */
	startupRuns: number;
	listRuns: number;
	nodes: number;
	probeRuns: number;
	probeNodes: number;
	probeConcurrency: number;
	probeLatencyMs: number;
	keyPresses: number;
	contexts: number;
};

export const fullSizes: Sizes = {startupRuns: 11, listRuns: 5, nodes: 5000, probeRuns: 3, probeNodes: 1000, probeConcurrency: 50, probeLatencyMs: 500, keyPresses: 60, contexts: 20};
export const quickSizes: Sizes = {startupRuns: 3, listRuns: 3, nodes: 200, probeRuns: 1, probeNodes: 50, probeConcurrency: 50, probeLatencyMs: 100, keyPresses: 12, contexts: 20};

export type BenchContext = {
	cli: string;
	dir: string;
	sizes: Sizes;
	progress(line: string): void;
};
