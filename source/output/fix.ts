// A fix, step by step, for a terminal, a ticket (markdown) or a script (JSON of SPEC section 6).
import type {Fix} from '../domain/types.js';
import {codeBlock} from './markdown.js';
import {toJson} from './json.js';

export function fixObject(fix: Fix) {
	return {
		id: fix.id,
		title: fix.title,
		gate: fix.gate,
		environment: fix.environment,
		why: fix.why,
		steps: fix.steps.map((step) => ({
			title: step.title,
			text: step.text,
			snippet: step.snippet === null ? null : {language: step.snippet.language, content: step.snippet.content},
			command: step.command === null ? null : {run: step.command.run, needsRoot: step.command.needsRoot},
		})),
		verify: fix.verify,
	};
}

export function fixJson(fix: Fix): string {
	return toJson(fixObject(fix));
}

export function fixText(fix: Fix, format: 'table' | 'markdown', options: {readOnly?: boolean} = {}): string {
	const lines: string[] = [];
	const heading = format === 'markdown' ? `### ${fix.title} (\`${fix.id}\`)` : `${fix.title}  [${fix.id}]`;
	lines.push(heading, '', `Gate: ${fix.gate}${fix.environment ? ` · environment: ${fix.environment}` : ''}`, '', `Why: ${fix.why}`, '');
	fix.steps.forEach((step, index) => {
		lines.push(format === 'markdown' ? `#### ${index + 1}. ${step.title}` : `Step ${index + 1}/${fix.steps.length}: ${step.title}`, '');
		if (step.text) lines.push(indent(step.text, format), '');
		if (step.snippet !== null) {
			lines.push(format === 'markdown' ? codeBlock(step.snippet.content, step.snippet.language) : `${indent(`--- ${step.snippet.language} ---`, format)}\n${indent(step.snippet.content.replace(/\n$/, ''), format)}\n${indent('---', format)}\n`);
		}
		if (step.command !== null && !(options.readOnly && step.command.changesMachine)) {
			const root = step.command.needsRoot ? ' (needs root)' : '';
			lines.push(format === 'markdown' ? `Run${root}:\n\n${codeBlock(step.command.run, 'sh')}` : indent(`Run${root}: ${step.command.run}`, format), '');
		}
	});
	lines.push(format === 'markdown' ? `**Verify:** ${fix.verify}` : `Verify: ${fix.verify}`, '');
	return lines.join('\n');
}

function indent(text: string, format: 'table' | 'markdown'): string {
	return format === 'markdown' ? text : text.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
}
