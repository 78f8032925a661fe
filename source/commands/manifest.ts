// `prg-doctor manifest`: the probe pod as YAML, to apply by hand or hand to a security review.
import {buildProbePod, newRunId, renderManifest} from '../domain/probe-pod.js';
import {toJson} from '../output/json.js';
import {UsageError} from '../errors.js';
import {intFlag, listFlag, stringFlag} from './flags.js';
import {exitCodes, type Command} from './types.js';

export const manifestCommand: Command = async ({global, flags, io}) => {
	const nodes = listFlag(flags, 'node');
	if (nodes.length > 1) throw new UsageError('manifest pins to one --node', 'run it once per node, or leave --node out for an unpinned pod');
	const pod = buildProbePod({
		namespace: global.namespace ?? 'default',
		node: nodes[0] ?? null,
		image: stringFlag(flags, 'image') ?? 'alpine:3.19',
		runId: newRunId(),
		imagePullSecret: stringFlag(flags, 'imagePullSecret') ?? null,
		deadlineSeconds: intFlag(flags, 'timeout', '--timeout', 120, 5, 3600) + 30,
	});
	io.stdout.write(global.output === 'json' ? toJson(pod) : renderManifest(pod));
	return exitCodes.ok;
};
