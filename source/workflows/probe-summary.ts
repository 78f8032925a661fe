// Counting a run's results: the summary line and `N/N ready` per pool.
import type {ProbeResult} from '../domain/types.js';
import type {PoolReadiness, ProbeRun} from './types.js';

export function summarize(results: readonly ProbeResult[]): ProbeRun['summary'] {
	const count = (status: ProbeResult['status']) => results.filter((result) => result.status === status).length;
	return {
		probed: results.filter((result) => result.status !== 'skipped').length,
		ok: count('ok'),
		failed: count('failed'),
		error: count('error'),
		timeout: count('timeout'),
		skipped: count('skipped'),
	};
}

export function poolReadiness(results: readonly ProbeResult[]): PoolReadiness[] {
	const pools = new Map<string, {environment: ProbeResult['environment']; ready: number; total: number}>();
	for (const result of results) {
		const pool = pools.get(result.pool) ?? {environment: result.environment, ready: 0, total: 0};
		pool.total++;
		if (result.status === 'ok') pool.ready++;
		pools.set(result.pool, pool);
	}
	return [...pools].map(([name, pool]) => ({name, ...pool}));
}
