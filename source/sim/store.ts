// One cluster's objects, its resourceVersion counter and its bounded event history. Stored
// objects are immutable snapshots (every change stores a new object), so history entries can be
// replayed and filtered long after the fact, and each object's JSON is built once and reused by
// every list and every watcher.
import {randomUUID} from 'node:crypto';

export type Resource = 'nodes' | 'namespaces' | 'pods' | 'events';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KObject = Record<string, any> & {metadata: {name: string; namespace?: string; resourceVersion?: string; [k: string]: any}};

export type Stored = {readonly object: KObject; readonly json: string};

export type StoreEvent = {
	readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
	readonly resource: Resource;
	readonly rv: number;
	readonly object: KObject;
	/** `{"type":…,"object":…}\n`, the watch line, built once. */
	readonly line: string;
};

export type Watcher = {
	readonly resource: Resource;
	readonly namespace: string | null;
	matches(object: KObject): boolean;
	send(event: StoreEvent): void;
};

function keyOf(namespace: string | undefined | null, name: string): string {
	return namespace ? `${namespace}/${name}` : name;
}

export class Store {
	private rv: number;
	private readonly buckets = new Map<Resource, Map<string, Stored>>();
	private readonly sortedKeys = new Map<Resource, string[]>();
	private readonly history: StoreEvent[] = [];
	private historyStart = 0;
	/** Watches from a version older than this cannot be served (410 Gone). */
	private oldestServable: number;
	private readonly watchers = new Map<Resource, Set<Watcher>>();

	constructor(
		private readonly historyLimit = 20_000,
		firstVersion = 1000,
	) {
		this.rv = firstVersion;
		this.oldestServable = firstVersion;
	}

	currentVersion(): number {
		return this.rv;
	}

	oldestVersion(): number {
		return this.oldestServable;
	}

	get(resource: Resource, namespace: string | null | undefined, name: string): Stored | undefined {
		return this.bucket(resource).get(keyOf(namespace, name));
	}

	/** Every object of a resource (in one namespace, if given), ordered by namespace then name like etcd. */
	list(resource: Resource, namespace: string | null): Stored[] {
		const bucket = this.bucket(resource);
		let keys = this.sortedKeys.get(resource);
		if (!keys) {
			keys = [...bucket.keys()].sort();
			this.sortedKeys.set(resource, keys);
		}
		const out: Stored[] = [];
		for (const key of keys) {
			const stored = bucket.get(key)!;
			if (namespace === null || stored.object.metadata.namespace === namespace) out.push(stored);
		}
		return out;
	}

	count(resource: Resource): number {
		return this.bucket(resource).size;
	}

	/** Adds an object at start-up: it gets a version but no history entry (nothing watches yet). */
	seed(resource: Resource, object: KObject): Stored {
		const stored = this.put(resource, this.stamp(object, true));
		this.oldestServable = this.rv;
		return stored;
	}

	create(resource: Resource, object: KObject): Stored {
		const stored = this.put(resource, this.stamp(object, true));
		this.emit('ADDED', resource, stored);
		return stored;
	}

	/** Replaces an object with a changed copy; `change` gets a deep copy to edit. */
	update(resource: Resource, namespace: string | null | undefined, name: string, change: (copy: KObject) => void): Stored | undefined {
		const current = this.get(resource, namespace, name);
		if (!current) return undefined;
		const copy = structuredClone(current.object);
		change(copy);
		const stored = this.put(resource, this.stamp(copy, false));
		this.emit('MODIFIED', resource, stored);
		return stored;
	}

	remove(resource: Resource, namespace: string | null | undefined, name: string): Stored | undefined {
		const key = keyOf(namespace, name);
		const current = this.bucket(resource).get(key);
		if (!current) return undefined;
		this.bucket(resource).delete(key);
		this.sortedKeys.delete(resource);
		// A deletion is itself a change: the DELETED object carries the new version.
		const object = {...current.object, metadata: {...current.object.metadata, resourceVersion: String(++this.rv)}};
		const stored: Stored = {object, json: JSON.stringify(object)};
		this.emit('DELETED', resource, stored);
		return stored;
	}

	/**
	 * Registers a watcher and replays what it missed after `fromVersion`. Returns false when that
	 * version is older than the history holds (the caller answers 410 Gone).
	 */
	watch(watcher: Watcher, fromVersion: number | null): boolean {
		if (fromVersion !== null) {
			if (fromVersion < this.oldestServable) return false;
			for (let index = this.historyStart; index < this.history.length; index++) {
				const event = this.history[index];
				if (event.rv > fromVersion && event.resource === watcher.resource && this.inScope(watcher, event.object) && watcher.matches(event.object)) {
					watcher.send(event);
				}
			}
		}
		let set = this.watchers.get(watcher.resource);
		if (!set) {
			set = new Set();
			this.watchers.set(watcher.resource, set);
		}
		set.add(watcher);
		return true;
	}

	unwatch(watcher: Watcher): void {
		this.watchers.get(watcher.resource)?.delete(watcher);
	}

	watcherCount(): number {
		let total = 0;
		for (const set of this.watchers.values()) total += set.size;
		return total;
	}

	private inScope(watcher: Watcher, object: KObject): boolean {
		return watcher.namespace === null || object.metadata.namespace === watcher.namespace;
	}

	private stamp(object: KObject, isNew: boolean): KObject {
		const metadata = object.metadata;
		if (isNew) {
			metadata.uid ??= randomUUID();
			metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		}
		metadata.resourceVersion = String(++this.rv);
		return object;
	}

	private put(resource: Resource, object: KObject): Stored {
		const bucket = this.bucket(resource);
		const key = keyOf(object.metadata.namespace, object.metadata.name);
		if (!bucket.has(key)) this.sortedKeys.delete(resource);
		const stored: Stored = {object, json: JSON.stringify(object)};
		bucket.set(key, stored);
		return stored;
	}

	private emit(type: StoreEvent['type'], resource: Resource, stored: Stored): void {
		const object = stored.object;
		const event: StoreEvent = {type, resource, rv: Number(object.metadata.resourceVersion), object, line: `{"type":"${type}","object":${stored.json}}\n`};
		this.history.push(event);
		if (this.history.length - this.historyStart > this.historyLimit) {
			this.oldestServable = this.history[this.historyStart].rv;
			this.historyStart++;
			// Compact now and then instead of shifting on every event.
			if (this.historyStart > this.historyLimit) {
				this.history.splice(0, this.historyStart);
				this.historyStart = 0;
			}
		}
		const set = this.watchers.get(resource);
		if (!set) return;
		for (const watcher of set) {
			if (this.inScope(watcher, object) && watcher.matches(object)) watcher.send(event);
		}
	}

	private bucket(resource: Resource): Map<string, Stored> {
		let bucket = this.buckets.get(resource);
		if (!bucket) {
			bucket = new Map();
			this.buckets.set(resource, bucket);
		}
		return bucket;
	}
}
