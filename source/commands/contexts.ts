// `prg-doctor contexts`: every kubeconfig context with reachability and server version.
import {listContexts} from '../workflows/list-contexts.js';
import type {ContextsView} from '../workflows/types.js';
import {toJson} from '../output/json.js';
import {openSession} from './session.js';
import {exitCodes, type Command} from './types.js';

export const contextsCommand: Command = async ({global, flags, io}) => {
	const session = await openSession(global, io);
	try {
		const check = flags.check !== false;
		const view = await listContexts(session.config, {check, timeoutMs: 4000, signal: io.signal});
		io.stdout.write(await render(view, global.output, check));
		return exitCodes.ok;
	} finally {
		await session.close();
	}
};

async function render(view: ContextsView, output: string, checked: boolean): Promise<string> {
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
	return renderTable(rows, {columns});
}
