// Request counts by "<verb> <resource>" for GET /sim/stats, which tests and benchmarks read to
// check how a client used the API (one watch per run, no polling loops, …).
export class RequestStats {
	private readonly counts = new Map<string, number>();
	private total = 0;

	record(verb: string, resource: string): void {
		const key = `${verb} ${resource}`;
		this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
		this.total++;
	}

	/** `watches` is the number of client watches open now (so tests can see one end when its client goes). */
	snapshot(probePods: number, watches: number): {requests: Record<string, number>; total: number; probePods: number; watches: number} {
		const requests: Record<string, number> = {};
		for (const key of [...this.counts.keys()].sort()) requests[key] = this.counts.get(key)!;
		return {requests, total: this.total, probePods, watches};
	}
}
