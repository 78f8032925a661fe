// `prg-doctor cleanup`: delete the probe pods this tool left behind (by label), in the namespace
// or, with --all-namespaces, everywhere the user may list pods.
import {sweepProbePods} from '../workflows/cleanup.js';
import {renderTable} from '../output/table.js';
import {markdownTable} from '../output/markdown.js';
import {toJson} from '../output/json.js';
import {openClient} from './session.js';
import {isActionable} from '../errors.js';
import {usageLine} from './report-error.js';
import {exitCodes, type Command} from './types.js';

export const cleanupCommand: Command = async ({global, flags, io}) => {
	const session = await openClient(global, io);
	try {
		const namespace = flags.allNamespaces ? null : session.namespace;
		const result = await sweepProbePods(session.client, {namespace, onlyExpired: false, signal: io.signal});
		const where = namespace === null ? 'all namespaces' : `namespace ${namespace}`;
		if (global.output === 'json') {
			io.stdout.write(toJson({context: session.client.context, namespace, deleted: result.deleted, failed: result.failed}));
		} else if (result.found.length === 0) {
			// A run with -n (or --keep in another namespace) leaves its pods where this does not look.
			const elsewhere = namespace === null ? '' : ' (`prg-doctor cleanup --all-namespaces` looks in every namespace)';
			io.stdout.write(`No probe pods left in ${where} of ${session.client.context}${elsewhere}.\n`);
		} else {
			const rows = [...result.deleted.map((pod) => ({POD: pod, RESULT: 'deleted'})), ...result.failed.map((pod) => ({POD: pod, RESULT: 'could not delete'}))];
			io.stdout.write(global.output === 'markdown' ? markdownTable(rows) : renderTable(rows));
			io.stdout.write(`Deleted ${result.deleted.length} of ${result.found.length} probe pod(s) in ${where} of ${session.client.context}.\n`);
		}
		if (result.failed.length === 0) return exitCodes.ok;
		// Exit 2 always comes with its cause and the next step (SPEC section 3).
		const why = isActionable(result.failure) ? result.failure : null;
		const scope = namespace === null ? '' : ` -n ${namespace}`;
		io.stderr.write(usageLine(
			`could not delete ${result.failed.length} of ${result.found.length} probe pod(s) in ${where} of ${session.client.context}${why ? `: ${why.message.replace(/\s*\n\s*/g, ' ')}` : ''}`,
			why?.hint ?? `check with \`kubectl auth can-i delete pods${scope}\`, then run the cleanup again`,
		));
		return exitCodes.cannotRun;
	} finally {
		await session.close();
	}
};
