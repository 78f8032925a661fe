// Container logs the kubelet keeps per pod, readable at once or followed until the container ends.
type Entry = {text: string; done: boolean; listeners: Set<(chunk: string, done: boolean) => void>};

export class LogBook {
	private readonly pods = new Map<string, Map<string, Entry>>();

	private entry(podUid: string, container: string): Entry {
		let containers = this.pods.get(podUid);
		if (!containers) {
			containers = new Map();
			this.pods.set(podUid, containers);
		}
		let entry = containers.get(container);
		if (!entry) {
			entry = {text: '', done: false, listeners: new Set()};
			containers.set(container, entry);
		}
		return entry;
	}

	has(podUid: string, container: string): boolean {
		return this.pods.get(podUid)?.has(container) ?? false;
	}

	/** Marks a container started: its (empty) log exists from now on. */
	start(podUid: string, container: string): void {
		this.entry(podUid, container);
	}

	append(podUid: string, container: string, chunk: string): void {
		const entry = this.entry(podUid, container);
		entry.text += chunk;
		for (const listener of entry.listeners) listener(chunk, false);
	}

	finish(podUid: string, container: string): void {
		const entry = this.entry(podUid, container);
		entry.done = true;
		for (const listener of entry.listeners) listener('', true);
		entry.listeners.clear();
	}

	read(podUid: string, container: string): {text: string; done: boolean} {
		const entry = this.pods.get(podUid)?.get(container);
		return entry ? {text: entry.text, done: entry.done} : {text: '', done: true};
	}

	/** Calls `listener` with each later chunk, and once with done=true; returns the unsubscribe. */
	follow(podUid: string, container: string, listener: (chunk: string, done: boolean) => void): () => void {
		const entry = this.entry(podUid, container);
		if (entry.done) {
			listener('', true);
			return () => {};
		}
		entry.listeners.add(listener);
		return () => entry.listeners.delete(listener);
	}

	forget(podUid: string): void {
		const containers = this.pods.get(podUid);
		if (!containers) return;
		for (const entry of containers.values()) {
			for (const listener of entry.listeners) listener('', true);
		}
		this.pods.delete(podUid);
	}
}
