// `prg-doctor report`: the support report, markdown by default or JSON; secrets always redacted,
// hosts too with --redact-hosts.
import {buildReport} from '../workflows/report.js';
import {redactRendered} from '../workflows/redact-report.js';
import {reportJson, reportMarkdown} from '../output/report.js';
import {version} from '../version.js';
import {openSession} from './session.js';
import {exitCodes, type Command} from './types.js';

export const reportCommand: Command = async ({global, flags, io}) => {
	const session = await openSession(global, io);
	try {
		const redactHosts = Boolean(flags.redactHosts);
		const report = await buildReport({config: session.config, context: global.context, toolVersion: version, env: io.env, signal: io.signal, redactHosts});
		const text = global.output === 'json' ? reportJson(report) : reportMarkdown(report);
		io.stdout.write(redactRendered(text, report, {secrets: session.config.secrets(), hosts: redactHosts}));
		return exitCodes.ok;
	} finally {
		await session.close();
	}
};
