// `--fault SPEC`: failures injected for reliability tests. Parsed strictly; a bad spec is a
// UsageError naming the accepted forms.
import {UsageError} from '../errors.js';

export type Faults = {
	/** Fraction of API requests answered 500 InternalError or 429 TooManyRequests (with Retry-After). */
	apiErrorRate: number;
	/** Milliseconds added before each API request is handled. */
	latencyMs: number;
	/** Seconds after which the server ends each watch (null: never). */
	watchDropSeconds: number | null;
	/** Fraction of API responses whose socket is destroyed mid-response. */
	resetRate: number;
	/** Probe pods fail to pull their image (ErrImagePull → ImagePullBackOff). */
	imagePull: boolean;
	/** Fraction of probe pods whose node's kubelet stops mid-run (the node goes NotReady for a while). */
	nodeNotReadyRate: number;
	/** Fraction of running probe pods the kubelet evicts (node low on memory). */
	evictRate: number;
};

export const noFaults: Faults = {apiErrorRate: 0, latencyMs: 0, watchDropSeconds: null, resetRate: 0, imagePull: false, nodeNotReadyRate: 0, evictRate: 0};

const forms = 'api-error:RATE, latency:MS, watch-drop:SECONDS, reset:RATE, image-pull, node-not-ready:RATE or evict:RATE (RATE from 0 to 1)';

function rate(spec: string, text: string | undefined): number {
	const value = text !== undefined && /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
	if (Number.isNaN(value)) throw new UsageError(`--fault ${spec}: the rate must be a number from 0 to 1`, `for example --fault ${spec.split(':')[0]}:0.1`);
	return value;
}

function whole(spec: string, text: string | undefined, max: number): number {
	if (text === undefined || !/^\d+$/.test(text) || Number(text) > max) {
		throw new UsageError(`--fault ${spec}: expected a whole number from 0 to ${max}`, `for example --fault ${spec.split(':')[0]}:${spec.startsWith('latency') ? 200 : 5}`);
	}
	return Number(text);
}

export function parseFaults(specs: readonly string[]): Faults {
	const faults: Faults = {...noFaults};
	for (const raw of specs) {
		const spec = raw.trim();
		const [name, value, ...rest] = spec.split(':');
		if (rest.length > 0) throw new UsageError(`--fault ${spec} is not a fault`, `use ${forms}`);
		switch (name) {
			case 'api-error':
				faults.apiErrorRate = rate(spec, value);
				break;
			case 'latency':
				faults.latencyMs = whole(spec, value, 60_000);
				break;
			case 'watch-drop': {
				const seconds = whole(spec, value, 86_400);
				if (seconds === 0) throw new UsageError(`--fault ${spec}: a watch cannot be dropped after 0 seconds`, 'for example --fault watch-drop:5');
				faults.watchDropSeconds = seconds;
				break;
			}
			case 'reset':
				faults.resetRate = rate(spec, value);
				break;
			case 'image-pull':
				if (value !== undefined) throw new UsageError(`--fault ${spec}: image-pull takes no value`, 'use --fault image-pull');
				faults.imagePull = true;
				break;
			case 'node-not-ready':
				faults.nodeNotReadyRate = rate(spec, value);
				break;
			case 'evict':
				faults.evictRate = rate(spec, value);
				break;
			default:
				throw new UsageError(`--fault ${spec} is not a fault`, `use ${forms}`);
		}
	}
	return faults;
}
