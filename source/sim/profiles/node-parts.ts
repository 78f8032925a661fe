// The parts every simulated node object shares, shaped like what a kubelet posts: the four
// conditions with the kubelet's own reasons and messages, capacity and allocatable, addresses.
// Cheap on purpose: `sim-large` builds thousands of these.
import type {KNode, NodeCondition} from '../../domain/k8s.js';

/** When this process started, to the second: node ages and heartbeats count from it. */
const bootSeconds = Math.floor(Date.now() / 1000);

const stamps = new Map<number, string>();

/** An RFC 3339 time `days` before this process started (plus `extraSeconds`), as the API writes it. */
export function stampDaysAgo(days: number, extraSeconds = 0): string {
	const seconds = bootSeconds - Math.round(days * 86_400) + extraSeconds;
	let stamp = stamps.get(seconds);
	if (stamp === undefined) {
		stamp = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
		stamps.set(seconds, stamp);
	}
	return stamp;
}

/** FNV-1a: a stable 32-bit number per string, for ids that must not change between runs. */
export function hash32(text: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash >>> 0;
}

const byteHex = Array.from({length: 256}, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A cheap stream of stable random digits for one seed (mulberry32): ids that never change between runs. */
export class IdStream {
	private state: number;

	constructor(seed: string) {
		this.state = hash32(seed);
	}

	private next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	hex(length: number): string {
		let out = '';
		while (out.length < length) {
			const word = this.next();
			out += byteHex[word >>> 24] + byteHex[(word >>> 16) & 255] + byteHex[(word >>> 8) & 255] + byteHex[word & 255];
		}
		return out.slice(0, length);
	}

	/** A version-4-shaped UUID. */
	uuid(): string {
		const h = this.hex(32);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.next() % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}

	below(limit: number): number {
		return this.next() % limit;
	}
}

export function hex(seed: string, length: number): string {
	return new IdStream(seed).hex(length);
}

export function uuidFor(seed: string): string {
	return new IdStream(seed).uuid();
}

// The kubelet's own condition wording (pkg/kubelet/nodestatus/setters.go).
let heartbeatStamp: string | null = null;
const conditionMemo = new Map<string, NodeCondition[]>();

/**
 * The conditions of a node that joined at `since`. Nodes that joined in the same second share one
 * array (node objects here are read-only; the API server copies what it stores).
 */
export function conditions(since: string, ready = true): NodeCondition[] {
	const key = `${since}/${ready}`;
	let shared = conditionMemo.get(key);
	if (!shared) {
		shared = buildConditions(since, ready);
		conditionMemo.set(key, shared);
	}
	return shared;
}

function buildConditions(since: string, ready: boolean): NodeCondition[] {
	heartbeatStamp ??= stampDaysAgo(0, -7);
	const heartbeat = heartbeatStamp;
	const condition = (type: string, reason: string, message: string, status = 'False'): NodeCondition => ({
		type,
		status,
		lastHeartbeatTime: heartbeat,
		lastTransitionTime: since,
		reason,
		message,
	});
	return [
		condition('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
		condition('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
		condition('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
		ready
			? condition('Ready', 'KubeletReady', 'kubelet is posting ready status', 'True')
			: condition('Ready', 'KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'),
	];
}

export type Shape = {
	cpu: number;
	/** Memory the kernel reports, in KiB (capacity). */
	memoryKi: number;
	pods: number;
	/** Ephemeral storage capacity in KiB. */
	diskKi: number;
	/** What the kubelet reserves (kube-reserved + system-reserved + eviction), subtracted for allocatable. */
	reservedCpuMillis: number;
	reservedMemoryKi: number;
	/** Extra capacity entries (hugepages, attachable volumes) as the platform reports them. */
	extra?: Record<string, string>;
};

export function resources(shape: Shape): {capacity: Record<string, string>; allocatable: Record<string, string>} {
	const extra = shape.extra ?? {'hugepages-1Gi': '0', 'hugepages-2Mi': '0'};
	const capacity: Record<string, string> = {
		cpu: String(shape.cpu),
		'ephemeral-storage': `${shape.diskKi}Ki`,
		...extra,
		memory: `${shape.memoryKi}Ki`,
		pods: String(shape.pods),
	};
	const allocatableCpu = shape.cpu * 1000 - shape.reservedCpuMillis;
	const allocatable: Record<string, string> = {
		cpu: shape.reservedCpuMillis === 0 ? String(shape.cpu) : `${allocatableCpu}m`,
		// The kubelet reports allocatable storage in bytes: capacity less the 10% eviction threshold.
		'ephemeral-storage': String(Math.floor(shape.diskKi * 1024 * 0.9)),
		...extra,
		memory: `${shape.memoryKi - shape.reservedMemoryKi}Ki`,
		pods: String(shape.pods),
	};
	return {capacity, allocatable};
}

/**
 * The kernel's default `user.max_user_namespaces`: half of max_threads, and max_threads is RAM
 * pages / 32 (16 KiB stacks in at most 1/8 of memory). A node with 16 GiB shows about 63,000.
 */
export function defaultMaxUserNamespaces(memoryKi: number): number {
	return Math.floor(memoryKi / 4 / 32 / 2);
}

export function memoryKiOf(node: KNode): number | null {
	const memory = node.status?.capacity?.memory;
	const match = memory ? /^(\d+)Ki$/.exec(memory) : null;
	return match ? Number(match[1]) : null;
}
