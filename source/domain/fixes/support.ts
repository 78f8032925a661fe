// support: the probe failed for a reason no known gate explains. The report carries everything
// support needs (nodes, environments, probe output), with secrets redacted.
import type {EnvironmentId, Fix} from '../types.js';
import {snippet, step} from './steps.js';

export function support(environment: EnvironmentId | null): Fix {
	return {
		id: 'support',
		title: 'Send a support report',
		gate: 'unknown',
		environment,
		why: 'The probe failed, but its output matches none of the known gates. The probe output and a description of the nodes let support pinpoint which gate is involved.',
		steps: [
			step(
				'Make the report',
				'It holds the contexts, node pools, environments and the latest probe output. Secrets are always redacted; --redact-hosts also masks server URLs, account IDs and node names.',
				snippet('sh', 'prg-doctor report > prg-doctor-report.md\nprg-doctor report --redact-hosts > prg-doctor-report.md    # to mask hosts too'),
			),
			step(
				'Add the raw probe output',
				'The full log of the probe pod on a failing node, exactly as printed.',
				snippet('sh', 'prg-doctor probe --node <node> --keep\nkubectl logs <probe pod>'),
			),
			step('Send it', 'Send the report and the probe output to info@signadot.com, or post them in the Signadot community Slack.'),
		],
		verify: 'When support names the gate and its fix, apply it, then re-probe the pool: `prg-doctor probe --pool <pool>`.',
	};
}
