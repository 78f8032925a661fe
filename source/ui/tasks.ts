// The explorer's running work: every workflow gets an AbortController tied to the process signal
// (Ctrl-C, SIGTERM, SIGHUP), and quitting waits until all of it has settled — so a probe run's
// cleanup (deleting its pods) always finishes before the process exits.
import {setMaxListeners} from 'node:events';
export class Tasks {
	readonly #running = new Set<Promise<unknown>>();
	readonly #controllers = new Set<AbortController>();

	constructor(private readonly signal: AbortSignal) {
		setMaxListeners(0, signal);
	}

	/** Runs `work` with its own AbortController, aborted also when the process is interrupted. */
	start<T>(work: (signal: AbortSignal) => Promise<T>): {controller: AbortController; promise: Promise<T>} {
		const controller = new AbortController();
		// One signal serves many requests at once (a check per context, a request per probed node):
		// Node's leak warning would print over the explorer's screen.
		setMaxListeners(0, controller.signal);
		const onAbort = () => controller.abort(this.signal.reason);
		if (this.signal.aborted) controller.abort(this.signal.reason);
		else this.signal.addEventListener('abort', onAbort, {once: true});
		this.#controllers.add(controller);
		const promise = Promise.resolve().then(() => work(controller.signal));
		const tracked = promise.finally(() => {
			this.signal.removeEventListener('abort', onAbort);
			this.#controllers.delete(controller);
			this.#running.delete(tracked);
		});
		tracked.catch(() => {});
		this.#running.add(tracked);
		return {controller, promise};
	}

	abortAll(): void {
		for (const controller of this.#controllers) controller.abort(new Error('prg-doctor is quitting'));
	}

	/** Resolves once everything started so far (and anything it started) has settled. */
	async settled(): Promise<void> {
		while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
	}
}
