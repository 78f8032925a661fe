// A fix for a known pool reads better, and copies straight into a terminal, with that pool's and
// one of its nodes' names in place of `<pool>` and `<node>`. Other placeholders (cluster, group)
// stay for the user to fill in: we do not know them.
import type {Fix} from '../types.js';

export type FixTarget = {readonly pool?: string; readonly node?: string; readonly context?: string};

export function personalizeFix(fix: Fix, target: FixTarget): Fix {
	const fill = (text: string): string => {
		let out = text;
		if (target.pool !== undefined) out = out.replaceAll('<pool>', target.pool);
		if (target.node !== undefined) out = out.replaceAll('<node>', target.node);
		if (target.context !== undefined && target.pool !== undefined) {
			out = out.replaceAll(`prg-doctor probe --pool ${target.pool}`, `prg-doctor probe --context ${target.context} --pool ${target.pool}`);
		}
		return out;
	};
	return {
		...fix,
		why: fill(fix.why),
		verify: fill(fix.verify),
		steps: fix.steps.map((step) => ({
			...step,
			title: fill(step.title),
			text: fill(step.text),
			snippet: step.snippet === null ? null : {...step.snippet, content: fill(step.snippet.content)},
			// Commands run on this machine are never rewritten: they are exactly what was reviewed.
			command: step.command,
		})),
	};
}
