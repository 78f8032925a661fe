// What a node's screen shows, as data: shared by the screen (which draws it) and the reducer (which
// must know how many lines there are to scroll, and so cannot guess).
import {gateInfo} from '../domain/gate-info.js';
import {parseProbeOutput} from '../domain/probe-output.js';
import type {Gate, NodeInfo, ProbeResult} from '../domain/types.js';
import {wrap} from '../output/words.js';
import type {NodeProbe, State} from './model.js';
import {findNode, nodeProbe} from './select.js';
import {printable} from './text.js';

export type NodeView = {
	readonly node: NodeInfo;
	readonly probe: NodeProbe | null;
	readonly result: ProbeResult | null;
	readonly evidence: readonly (readonly [string, string])[];
	readonly verdict: string | null;
	readonly gate: Gate | null;
	readonly outputLines: readonly string[];
};

/** Lines above the paragraphs: name, facts, prediction, probe. */
const headLines = 4;

export function nodeView(state: State, context: string, name: string): NodeView | null {
	const node = findNode(state, context, name);
	if (node === null) return null;
	const probe = nodeProbe(state, context, name);
	const result = probe?.result ?? null;
	const parsed = result?.output ? parseProbeOutput(result.output) : null;
	const prediction = node.prediction;
	return {
		node,
		probe,
		result,
		evidence: parsed === null ? [] : Object.entries(parsed.evidence).filter(([key]) => key !== 'prg-probe').map(([key, value]) => [printable(key), printable(value)] as const),
		verdict: parsed?.verdict ?? null,
		gate: result !== null ? (result.status === 'failed' || result.status === 'ok' ? result.gate : null) : prediction.status === 'likely-blocked' ? prediction.gate : null,
		// For the screen only: `c` copies the output as the probe printed it.
		outputLines: result?.output ? result.output.split('\n').map(printable) : [],
	};
}

/** A paragraph as lines of one terminal line each; a word longer than the line (an image reference) is split, not cut. */
export function paragraphLines(text: string, width: number, indent = ''): string[] {
	const room = Math.max(10, width - indent.length);
	return wrap(text, room)
		.flatMap((line) => (line.length <= room ? [line] : Array.from({length: Math.ceil(line.length / room)}, (_, index) => line.slice(index * room, (index + 1) * room))))
		.map((line) => `${indent}${line}`);
}

/** The reason in full (for an error it carries the next step), only when it is not ok. */
export function reasonLines(view: NodeView, width: number): string[] {
	return view.result?.reason && view.result.status !== 'ok' ? paragraphLines(printable(view.result.reason), width, '  ') : [];
}

export function gateParagraphs(gate: Gate, isPrediction: boolean, width: number): {title: string[]; plain: string[]; why: string[]} {
	const info = gateInfo[gate];
	return {
		title: paragraphLines(`${isPrediction ? 'Predicted gate' : 'Gate'} ${gate}: ${info.title}`, width),
		plain: paragraphLines(info.plain, width),
		why: paragraphLines(`Why: ${info.why}`, width),
	};
}

/** How many lines the node's screen draws at this width (the screen checks it draws exactly these). */
export function nodeLineCount(view: NodeView, width: number): number {
	let lines = headLines + reasonLines(view, width).length;
	if (view.gate !== null) {
		const gate = gateParagraphs(view.gate, view.result === null, width);
		lines += 1 + gate.title.length + gate.plain.length + gate.why.length + (view.gate !== 'none' ? 1 : 0);
	}
	if (view.evidence.length > 0) lines += 2 + view.evidence.length + (view.verdict ? 1 : 0);
	if (view.outputLines.length > 0) lines += 2 + view.outputLines.length;
	return lines;
}
