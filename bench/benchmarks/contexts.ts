// The offline context listing, `contexts -o json --no-check`, against `kubectl config
// get-contexts` on the same 20-context kubeconfig.
import type {BenchContext} from '../context.js';
import {median, runTimed} from '../measure.js';

export async function benchContexts(context: BenchContext, kubeconfig: string): Promise<{contextsMs: number; kubectlContextsMs: number}> {
	const ours = [process.execPath, context.cli, 'contexts', '-o', 'json', '--no-check', '--kubeconfig', kubeconfig];
	const theirs = ['kubectl', 'config', 'get-contexts', '--kubeconfig', kubeconfig];
	const check = await runTimed(ours[0]!, ours.slice(1));
	const listed = (JSON.parse(check.stdout) as {contexts: unknown[]}).contexts.length;
	if (listed !== context.sizes.contexts) throw new Error(`contexts listed ${listed} contexts, expected ${context.sizes.contexts}`);
	await runTimed(theirs[0]!, theirs.slice(1));
	const mine: number[] = [];
	const kubectl: number[] = [];
	for (let index = 0; index < context.sizes.startupRuns; index++) {
		mine.push((await runTimed(ours[0]!, ours.slice(1))).ms);
		kubectl.push((await runTimed(theirs[0]!, theirs.slice(1))).ms);
	}
	context.progress(`contexts ${mine.map(Math.round).join(' ')} ms; kubectl ${kubectl.map(Math.round).join(' ')} ms`);
	return {contextsMs: median(mine), kubectlContextsMs: median(kubectl)};
}
