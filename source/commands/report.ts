// `prg-doctor report`: the support report, markdown by default or JSON; secrets always redacted,
// hosts too with --redact-hosts.
import {buildReport} from '../workflows/report.js';
import {proxyHosts, redactRendered} from '../workflows/redact-report.js';
import {reportJson, reportMarkdown} from '../output/report.js';
import {version} from '../version.js';
import {KubeError} from '../errors.js';
import {openSession} from './session.js';
import {exitCodes, type Command} from './types.js';

export const reportCommand: Command = async ({global, flags, io}) => {
	const session = await openSession(global, io);
	try {
		const {contexts, paths} = session.config;
		// A report about a context the kubeconfig lacks would describe nothing: refuse it like every command.
		if (global.context !== undefined && !contexts.some((entry) => entry.name === global.context)) {
			const names = contexts.map((entry) => entry.name);
			const known = names.length > 8 ? `${names.slice(0, 8).join(', ')}, … (\`prg-doctor contexts\` lists all ${names.length})` : names.join(', ');
			throw new KubeError('config', `context "${global.context}" is not in ${paths.join(', ')}`, `pass one of the known contexts: ${known}`);
		}
		const redactHosts = Boolean(flags.redactHosts);
		const report = await buildReport({config: session.config, context: global.context, toolVersion: version, env: io.env, signal: io.signal, redactHosts});
		const text = global.output === 'json' ? reportJson(report) : reportMarkdown(report);
		io.stdout.write(redactRendered(text, report, {secrets: session.config.secrets(), hosts: redactHosts, proxies: proxyHosts(session.config.raw(), io.env)}));
		return exitCodes.ok;
	} finally {
		await session.close();
	}
};
