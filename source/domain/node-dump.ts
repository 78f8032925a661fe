// Reads a `kubectl get nodes -o json|yaml` dump for `nodes --from-file` (SPEC section 3): a NodeList,
// a List of Nodes, a single Node, several YAML documents of them, or a bare JSON array of nodes.
// Anything else is refused with one line saying what was found and how to make a usable file.
import yaml from 'js-yaml';
import {UsageError} from '../errors.js';
import type {KNode} from './k8s.js';
import {jsonErrorOffset} from './json-error.js';

const howTo = 'save the nodes with `kubectl get nodes -o json > nodes.json` and pass that file';

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refuseBinary(text: string): void {
	if (text.startsWith('\u001f\u008b') || text.startsWith('\u001f\uFFFD')) {
		throw new UsageError('the node dump is gzip-compressed, not JSON or YAML', `decompress it first (gunzip), or ${howTo}`);
	}
	const sample = text.slice(0, 4096);
	let odd = 0;
	for (const char of sample) {
		const code = char.charCodeAt(0);
		if (code === 0) throw new UsageError('the node dump is binary data, not JSON or YAML', howTo);
		if (char === '\uFFFD' || (code < 32 && char !== '\n' && char !== '\r' && char !== '\t')) odd++;
	}
	if (odd > 8 && odd / sample.length > 0.02) throw new UsageError('the node dump is binary data, not JSON or YAML', howTo);
}

// `kubectl get nodes` without -o, and `kubectl describe node`, are the two outputs people paste most.
function refuseTextOutputs(text: string): void {
	const first = text.split('\n', 1)[0]?.trim() ?? '';
	if (/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/.test(first)) {
		throw new UsageError("the node dump is kubectl's table output, which lacks labels and node info", `add -o json: ${howTo}`);
	}
	if (/^Name:\s+\S+/.test(first) && /^(Roles|Labels):/m.test(text) && /^System Info:/m.test(text)) {
		throw new UsageError('the node dump is `kubectl describe node` output, which cannot be read back exactly', howTo);
	}
}

function lineAndColumn(text: string, position: number): string {
	const before = text.slice(0, position);
	const line = before.split('\n').length;
	const column = position - before.lastIndexOf('\n');
	return `line ${line}, column ${column}`;
}

function parseJson(text: string): Json {
	try {
		return JSON.parse(text) as Json;
	} catch {
		const offset = jsonErrorOffset(text);
		const where = offset === null ? null : offset >= text.trimEnd().length ? 'the end (it is cut short)' : lineAndColumn(text, offset);
		throw new UsageError(`the node dump is not valid JSON${where ? ` at ${where}` : ''}`, `check that the whole output was saved, or ${howTo}`);
	}
}

function parseYaml(text: string): Json[] {
	try {
		// The core schema keeps timestamps such as creationTimestamp as the strings the API sent.
		return (yaml.loadAll(text, undefined, {schema: yaml.CORE_SCHEMA}) as Json[]).filter((document) => document !== null && document !== undefined);
	} catch (error) {
		const mark = (error as {mark?: {line?: number; column?: number}}).mark;
		const reason = (error as {reason?: string}).reason;
		const where = mark && typeof mark.line === 'number' ? ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : '';
		throw new UsageError(`the node dump is not valid YAML${where}${reason ? ` (${reason})` : ''}`, `check the indentation of the saved output, or ${howTo}`);
	}
}

function describe(value: Json): string {
	if (Array.isArray(value)) return 'a list';
	if (!isObject(value)) return typeof value === 'string' ? 'plain text' : `a bare ${value === null ? 'null' : typeof value}`;
	const kind = value.kind;
	if (typeof kind !== 'string' || kind === '') return 'an object without a kind';
	return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function looksLikeNode(value: Record<string, unknown>): boolean {
	if (value.kind === 'Node') return true;
	if (value.kind !== undefined) return false;
	const status = value.status;
	const spec = value.spec;
	return (isObject(status) && ('nodeInfo' in status || 'addresses' in status)) || (isObject(spec) && 'providerID' in spec);
}

function kindsIn(items: unknown[]): string {
	const kinds = [...new Set(items.map((item) => (isObject(item) && typeof item.kind === 'string' ? item.kind : 'unknown')))];
	return kinds.map((kind) => `${kind}s`).join(', ');
}

function nodesOf(document: Json): KNode[] {
	if (Array.isArray(document)) return nodesOfItems(document, 'the list');
	if (!isObject(document)) {
		throw new UsageError(`the node dump holds ${describe(document)}, not Kubernetes nodes`, howTo);
	}
	if (document.kind === 'Status') {
		const message = typeof document.message === 'string' ? `: ${document.message}` : '';
		throw new UsageError(`the node dump holds an API error (Status${message}), not nodes`, `fix the error, then ${howTo}`);
	}
	if (document.kind === 'NodeList' || document.kind === 'List' || (document.kind === undefined && Array.isArray(document.items))) {
		const items = document.items;
		if (!Array.isArray(items)) throw new UsageError(`the ${String(document.kind ?? 'list')} in the node dump has no items`, howTo);
		return nodesOfItems(items, `the ${String(document.kind ?? 'list')}`);
	}
	if (looksLikeNode(document)) return [document as KNode];
	throw new UsageError(`the node dump holds ${describe(document)}, not nodes`, howTo);
}

function nodesOfItems(items: Json[], where: string): KNode[] {
	const nodes = items.filter((item): item is Record<string, Json> => isObject(item) && looksLikeNode(item));
	if (nodes.length === 0 && items.length > 0) {
		throw new UsageError(`${where} in the node dump holds ${kindsIn(items)}, not Nodes`, howTo);
	}
	return nodes as KNode[];
}

export function parseNodeDump(text: string): KNode[] {
	const body = text.replace(/^\uFEFF/, '');
	if (body.trim() === '') throw new UsageError('the node dump is empty', howTo);
	refuseBinary(body);
	refuseTextOutputs(body);
	const trimmed = body.trimStart();
	const documents = trimmed.startsWith('{') || trimmed.startsWith('[') ? [parseJson(body)] : parseYaml(body);
	if (documents.length === 0) throw new UsageError('the node dump holds no YAML documents', howTo);
	const nodes = documents.flatMap(nodesOf);
	if (nodes.length === 0) {
		throw new UsageError('the node dump lists no nodes (its list is empty)', `check the context with \`kubectl get nodes\`, then ${howTo}`);
	}
	return nodes;
}
