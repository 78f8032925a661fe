// `prg-doctor explain [FILE|-]`: classify probe output (a customer's paste, say) into status, gate
// and fix. The environment, from --environment or --node-file, picks the fix and sharpens a bare
// `FAILED`.
import {classify} from '../domain/gates.js';
import {parseNodeDump} from '../domain/node-dump.js';
import {detectEnvironment} from '../domain/environments.js';
import type {Classification, EnvironmentId} from '../domain/types.js';
import {fixFor} from '../domain/fixes/index.js';
import {renderTable} from '../output/table.js';
import {wrap} from '../output/words.js';
import {markdownTable} from '../output/markdown.js';
import {toJson} from '../output/json.js';
import {UsageError} from '../errors.js';
import {stringFlag} from './flags.js';
import {parseEnvironment} from './fix.js';
import {readInput} from './read-input.js';
import {exitCodes, type Command, type CommandContext, type ExitCode} from './types.js';

export const explainCommand: Command = async (context) => {
	const {global, input, io} = context;
	if (input.length > 1) throw new UsageError('explain reads one FILE (or - for stdin)', 'concatenate the outputs, or explain them one at a time');
	const source = input[0] ?? '-';
	const environment = await environmentOf(context);
	const text = await readInput(source, io, 'probe output');
	const verdict = classify(text, {environment});
	io.stdout.write(global.output === 'json' ? toJson(verdict) : render(verdict, environment, global.output, io.stdout.columns ?? 100));
	return exitCodeOf(verdict);
};

async function environmentOf({flags, io}: CommandContext): Promise<EnvironmentId | null> {
	const named = parseEnvironment(stringFlag(flags, 'environment'));
	if (named !== undefined) return named;
	const nodeFile = stringFlag(flags, 'nodeFile');
	if (nodeFile === undefined) return null;
	const nodes = parseNodeDump(await readInput(nodeFile, io, 'a node object (`kubectl get node NAME -o yaml`)'));
	return detectEnvironment(nodes[0]!);
}

function exitCodeOf(verdict: Classification): ExitCode {
	if (verdict.status === 'ok') return exitCodes.ok;
	if (verdict.status === 'failed') return exitCodes.blocked;
	return exitCodes.undetermined;
}

function render(verdict: Classification, environment: EnvironmentId | null, format: 'table' | 'markdown', width: number): string {
	const summary = [
		{FIELD: 'status', VALUE: verdict.status},
		{FIELD: 'gate', VALUE: verdict.gate ?? '-'},
		{FIELD: 'fix', VALUE: verdict.fix ?? '-'},
		{FIELD: 'confidence', VALUE: verdict.confidence},
		{FIELD: 'environment', VALUE: environment ?? 'not given (use --environment or --node-file)'},
	];
	const evidence = Object.entries(verdict.evidence).map(([key, value]) => ({KEY: key, VALUE: value}));
	const fix = verdict.gate === null ? null : fixFor(verdict.gate, environment);
	const command = `prg-doctor fix --gate ${verdict.gate}${environment ? ` --environment ${environment}` : ''}`;
	if (format === 'markdown') {
		return [
			'### Probe output explained', '', markdownTable(summary), `**Why:** ${verdict.reason}`, '',
			...(evidence.length > 0 ? ['#### Evidence', '', markdownTable(evidence)] : []),
			...(fix ? [`**Next:** ${fix.title} — \`${command}\``, ''] : []),
		].join('\n');
	}
	const para = (text: string) => wrap(text, Math.max(width, 40) - 2).map((line) => `  ${line}`);
	return [
		renderTable(summary), 'Why:', ...para(verdict.reason), '',
		...(evidence.length > 0 ? ['Evidence', renderTable(evidence)] : []),
		...(fix ? ['Next:', ...para(`${fix.title}:`), `  ${command}`, ''] : []),
	].join('\n');
}
