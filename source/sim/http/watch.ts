// Watch streams: newline-delimited JSON events, replayed from a resourceVersion out of the
// store's bounded history (410 Expired as an ERROR event when it is older than that), or
// starting with synthetic ADDED events for the current state. Bookmarks, timeoutSeconds, the
// watch-drop fault and a client going away all end the stream cleanly.
import type {SimCluster} from '../cluster.js';
import type {KObject, Resource, StoreEvent, Watcher} from '../store.js';
import type {Call} from './call.js';
import {badRequest, expiredStatus} from './status.js';
import {parseIncludeObject, tableFor, wantsTable} from './tables.js';

const kinds: Record<Resource, string> = {pods: 'Pod', nodes: 'Node', namespaces: 'Namespace', events: 'Event'};
const bookmarkIntervalMs = 5_000;

export function parseVersion(text: string | null): number | null {
	if (text === null || text === '' || text === '0') return null;
	if (!/^\d+$/.test(text)) throw badRequest(`resourceVersion: Invalid value: "${text}": strconv.ParseUint: parsing "${text}": invalid syntax`);
	return Number(text);
}

export function serveWatch(cluster: SimCluster, call: Call, resource: Resource, namespace: string | null, matches: (object: KObject) => boolean): void {
	const {res, query} = call;
	const fromVersion = parseVersion(query.get('resourceVersion'));
	const table = wantsTable(call.req.headers.accept);
	const include = parseIncludeObject(query.get('includeObject'));
	const line = (event: {type: string; object: KObject}, cached?: string): string =>
		table ? `{"type":"${event.type}","object":${tableFor(resource, [event.object], {resourceVersion: event.object.metadata.resourceVersion ?? ''}, include)}}\n` : cached ?? `${JSON.stringify(event)}\n`;

	res.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked'});
	res.flushHeaders();
	const timers: NodeJS.Timeout[] = [];
	let closed = false;
	const watcher: Watcher = {
		resource,
		namespace,
		matches,
		send(event: StoreEvent) {
			if (!closed) res.write(line(event, event.line));
		},
	};
	const close = (): void => {
		if (closed) return;
		closed = true;
		cluster.store.unwatch(watcher);
		for (const timer of timers) clearTimeout(timer);
		if (!res.writableEnded) res.end();
	};
	res.on('close', close);

	const sendInitial = query.get('sendInitialEvents') === 'true';
	if (fromVersion === null || sendInitial) {
		// One write for the whole initial state (thousands of nodes on sim-large).
		const initial: string[] = [];
		for (const stored of cluster.store.list(resource, namespace)) {
			if (matches(stored.object)) initial.push(table ? line({type: 'ADDED', object: stored.object}) : `{"type":"ADDED","object":${stored.json}}\n`);
		}
		if (initial.length > 0) res.write(initial.join(''));
	}
	if (!cluster.store.watch(watcher, sendInitial ? null : fromVersion)) {
		res.write(`${JSON.stringify({type: 'ERROR', object: expiredStatus(fromVersion!, cluster.store.oldestVersion())})}\n`);
		close();
		return;
	}
	const bookmarks = query.get('allowWatchBookmarks') === 'true';
	const bookmark = (annotations?: Record<string, string>): void => {
		if (closed) return;
		const metadata: Record<string, unknown> = {resourceVersion: String(cluster.store.currentVersion())};
		if (annotations) metadata.annotations = annotations;
		res.write(`${JSON.stringify({type: 'BOOKMARK', object: {kind: kinds[resource], apiVersion: 'v1', metadata}})}\n`);
	};
	if (sendInitial && bookmarks) bookmark({'k8s.io/initial-events-end': 'true'});
	if (bookmarks) {
		const tick = (): void => {
			bookmark();
			timers.push(setTimeout(tick, bookmarkIntervalMs));
		};
		timers.push(setTimeout(tick, bookmarkIntervalMs));
	}
	const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
	const limits = [timeoutSeconds > 0 ? timeoutSeconds : Infinity, cluster.faults.watchDropSeconds ?? Infinity];
	const endAfter = Math.min(...limits);
	if (Number.isFinite(endAfter)) timers.push(setTimeout(close, endAfter * 1000));
	if (call.reset) timers.push(setTimeout(() => res.socket?.destroy(), 50));
}
