// A fix, step by step, for a terminal, a ticket (markdown) or a script (JSON of SPEC section 6).
import type {Fix} from '../domain/types.js';
import {codeBlock} from './markdown.js';
import {toJson} from './json.js';
import {wrap} from './words.js';

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

export function fixText(fix: Fix, format: 'table' | 'markdown', options: {readOnly?: boolean; width?: number} = {}): string {
	const markdown = format === 'markdown';
	// Prose wraps to the terminal; snippets and commands stay whole so they copy as they are.
	const width = Math.max(options.width ?? 100, 40);
	const prose = (text: string, indent = '') => (markdown ? [text] : text.split('\n').flatMap((line) => wrap(line, width - indent.length).map((part) => `${indent}${part}`)));
	const lines: string[] = [];
	lines.push(...(markdown ? [`### ${fix.title} (\`${fix.id}\`)`] : prose(`${fix.title}  [${fix.id}]`)), '');
	lines.push(...prose(`Gate: ${fix.gate}${fix.environment ? ` · environment: ${fix.environment}` : ''}`), '', ...prose(`Why: ${fix.why}`), '');
	fix.steps.forEach((step, index) => {
		lines.push(...(markdown ? [`#### ${index + 1}. ${step.title}`] : prose(`Step ${index + 1}/${fix.steps.length}: ${step.title}`)), '');
		if (step.text) lines.push(...prose(step.text, markdown ? '' : '  '), '');
		if (step.snippet !== null) {
			lines.push(markdown ? codeBlock(step.snippet.content, step.snippet.language) : `  --- ${step.snippet.language} ---\n${indentBlock(step.snippet.content.replace(/\n$/, ''))}\n  ---\n`);
		}
		if (step.command !== null && !(options.readOnly && step.command.changesMachine)) {
			const root = step.command.needsRoot ? ' (needs root)' : '';
			lines.push(markdown ? `Run${root}:\n\n${codeBlock(step.command.run, 'sh')}` : `  Run${root}: ${step.command.run}`, '');
		}
	});
	lines.push(...prose(markdown ? `**Verify:** ${fix.verify}` : `Verify: ${fix.verify}`), '');
	return lines.join('\n');
}

function indentBlock(text: string): string {
	return text.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
}
