// `prg-doctor contexts`: every kubeconfig context with reachability and server version.
import {listContexts} from '../workflows/list-contexts.js';
import type {ContextsView} from '../workflows/types.js';
import {toJson} from '../output/json.js';
import {wrap} from '../output/words.js';
import {openSession} from './session.js';
import {exitCodes, type Command} from './types.js';

export const contextsCommand: Command = async ({global, flags, io}) => {
	const session = await openSession(global, io);
	try {
		const check = flags.check !== false;
		const view = await listContexts(session.config, {check, timeoutMs: 4000, signal: io.signal});
		io.stdout.write(await render(view, global.output, check, io.stdout.columns));
		return exitCodes.ok;
	} finally {
		await session.close();
	}
};

async function render(view: ContextsView, output: string, checked: boolean, width: number | undefined): Promise<string> {
	if (output === 'json') return toJson(view);
	// The table is drawn by Ink (React, Yoga): loaded only when a table is wanted, so `-o json`
	// answers as fast as a script expects.
	const [{renderTable}, {markdownTable}] = await Promise.all([import('../output/table.js'), import('../output/markdown.js')]);
	const rows = view.contexts.map((context) => ({
		CURRENT: context.current ? '*' : '',
		NAME: context.name,
		CLUSTER: context.cluster ?? '-',
		SERVER: context.server ?? '-',
		LOCAL: context.local ?? '-',
		REACHABLE: !checked ? 'not checked' : context.reachable ? 'yes' : 'no',
		VERSION: context.version ?? '-',
		...(checked ? {ERROR: context.error ?? ''} : {}),
	}));
	if (rows.length === 0) return 'No contexts in the kubeconfig.\n';
	const columns = Object.keys(rows[0]!).filter((column) => column !== 'ERROR' || rows.some((row) => row.ERROR));
	if (output === 'markdown') return `### Contexts (${view.kubeconfig.join(', ')})\n\n${markdownTable(rows, columns)}`;
	// A cause and its next step are sentences: under the table, wrapped, not a 200-column cell.
	const failed = view.contexts.filter((context) => context.error);
	const notes = failed.flatMap((context) => wrap(`✗ ${context.name}: ${context.error}`, Math.max(40, (width ?? 100) - 5)).map((line, index) => (index === 0 ? line : `    ${line}`)));
	return renderTable(rows, {columns: columns.filter((column) => column !== 'ERROR')}) + (notes.length > 0 ? `\n${notes.join('\n')}\n` : '');
}
