// Flag definitions (for meow) and their validation into typed values. Bad values are UsageErrors:
// one line of cause and the next step, exit 2.
import {UsageError} from '../errors.js';
import type {GlobalFlags, OutputFormat} from './types.js';

export const commandFlags = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	output: {type: 'string', shortFlag: 'o', default: 'table'},
	demo: {type: 'boolean', default: false},
	color: {type: 'boolean', default: true},
	readOnly: {type: 'boolean', default: false},
	// probe
	all: {type: 'boolean', default: false},
	pool: {type: 'string', isMultiple: true},
	node: {type: 'string', isMultiple: true},
	perPool: {type: 'string'},
	concurrency: {type: 'string'},
	timeout: {type: 'string'},
	image: {type: 'string'},
	imagePullSecret: {type: 'string'},
	keep: {type: 'boolean', default: false},
	// nodes / contexts
	fromFile: {type: 'string'},
	check: {type: 'boolean', default: true},
	// fix / explain
	gate: {type: 'string'},
	environment: {type: 'string'},
	nodeFile: {type: 'string'},
	// cleanup / report
	allNamespaces: {type: 'boolean', default: false},
	redactHosts: {type: 'boolean', default: false},
	// sim
	nodes: {type: 'string'},
	latency: {type: 'string'},
	kubelet: {type: 'string'},
	fault: {type: 'string', isMultiple: true},
} as const;

const outputs: readonly OutputFormat[] = ['table', 'json', 'markdown'];

export function parseGlobalFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): GlobalFlags {
	const output = String(flags.output ?? 'table');
	if (!outputs.includes(output as OutputFormat)) {
		throw new UsageError(`--output "${output}" is not a format`, 'use -o table, -o json or -o markdown');
	}
	const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
	return {
		kubeconfig: nonEmpty(flags.kubeconfig, '--kubeconfig'),
		context: nonEmpty(flags.context, '--context'),
		namespace: nonEmpty(flags.namespace, '--namespace'),
		output: output as OutputFormat,
		demo: Boolean(flags.demo),
		color: flags.color !== false && !noColorEnv,
		readOnly: Boolean(flags.readOnly),
	};
}

function nonEmpty(value: unknown, flag: string): string | undefined {
	if (value === undefined) return undefined;
	const text = String(value).trim();
	if (text === '') throw new UsageError(`${flag} is empty`, `give ${flag} a value, or leave it out for the default`);
	return text;
}

/** A whole number within [min, max], or the default when the flag is absent. */
export function intFlag(flags: Record<string, unknown>, key: string, flag: string, fallback: number, min: number, max: number): number {
	const raw = flags[key];
	if (raw === undefined) return fallback;
	// Parsed here, not by meow, so the message quotes what was typed rather than NaN.
	const text = String(Array.isArray(raw) ? raw.at(-1) : raw).trim();
	const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isInteger(value) || value < min || value > max) {
		const shown = text === '' ? 'needs a value; it' : `"${text}"`;
		throw new UsageError(`${flag} ${shown} is not a whole number from ${min} to ${max}`, `for example ${flag} ${fallback}`);
	}
	return value;
}

/** Every spelling meow accepts for our flags: camelCase, kebab-case and short aliases. */
export function knownFlagNames(): Set<string> {
	const names = new Set<string>(['help', 'version']);
	for (const [name, spec] of Object.entries(commandFlags)) {
		names.add(name);
		names.add(name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
		if ('shortFlag' in spec) names.add(spec.shortFlag);
	}
	return names;
}

/**
 * yargs-parser reads a lone `-` after a flag as a flag of its own, so `--from-file -` would lose
 * its value; joining it (`--from-file=-`) keeps stdin reachable the way users type it.
 */
export function joinDashValues(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg.startsWith('-') && !arg.includes('=') && arg !== '-' && arg !== '--' && argv[index + 1] === '-' && takesValue(arg)) {
			out.push(`${arg}=-`);
			index++;
		} else {
			out.push(arg);
		}
	}
	return out;
}

function takesValue(arg: string): boolean {
	const name = arg.replace(/^--?/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
	const spec = Object.entries(commandFlags).find(([key, value]) => key === name || ('shortFlag' in value && value.shortFlag === name))?.[1];
	return spec?.type === 'string';
}

export function listFlag(flags: Record<string, unknown>, key: string): string[] {
	const value = flags[key];
	if (value === undefined) return [];
	const list = Array.isArray(value) ? value : [value];
	return list.map(String).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
}

/** A string flag's value; an empty one (`--image ''`) is refused here, not by the API server later. */
export function stringFlag(flags: Record<string, unknown>, key: string): string | undefined {
	const value = flags[key];
	if (value === undefined) return undefined;
	return nonEmpty(value, `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
}
