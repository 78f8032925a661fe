// The app tells the loader (compile-cache.ts, in dist/cli.js) that its start is done, so the code
// cache it owes is written now, while it holds exactly what the start compiled. Run from the
// sources (tests, tsx) there is no loader and this does nothing.
const checkpointKey = Symbol.for('prg-doctor.compile-cache.checkpoint');

export function startupDone(): void {
	const flush = (globalThis as Record<symbol, unknown>)[checkpointKey];
	if (typeof flush === 'function') setImmediate(flush as () => void);
}
