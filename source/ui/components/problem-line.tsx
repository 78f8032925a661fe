// An error in place: the cause on one line, the next step on the other. Never a stack.
import React from 'react';
import {Box, Text} from 'ink';
import type {Problem} from '../model.js';
import {oneLine} from '../text.js';
import {useTone} from './color.js';

export function ProblemLine({problem, prefix}: {readonly problem: Problem; readonly prefix?: string}) {
	const tone = useTone();
	return (
		<Box flexDirection="column">
			<Text color={tone('bad')} wrap="truncate-end">
				✗ {prefix ? `${prefix}: ` : ''}
				{oneLine(problem.message)}
			</Text>
			{problem.hint ? (
				// The next step wraps rather than lose its end: it is what the user acts on.
				<Text wrap="wrap">
					{'  '}next: {oneLine(problem.hint)}
				</Text>
			) : null}
		</Box>
	);
}
