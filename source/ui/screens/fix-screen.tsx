// The fix walkthrough: one step at a time (→/↵ next, ← previous), its snippet to copy (OSC 52) or
// write to a file, its local command shown exactly and run only after a typed yes, and a last
// step that re-probes the same nodes (and re-checks the host) and shows before → after.
import React from 'react';
import {Box, Text} from 'ink';
import type {Fix} from '../../domain/types.js';
import type {Screen, State} from '../model.js';
import {useTone} from '../components/color.js';
import {SnippetBox} from '../components/snippet-box.js';
import {wrap} from '../../output/words.js';
import {BeforeAfter} from '../components/before-after.js';
import {RunSummary} from '../components/run-summary.js';
import {HostLine} from '../components/host-line.js';
import {ProblemLine} from '../components/problem-line.js';

type FixScreenState = Extract<Screen, {kind: 'fix'}>;
type Props = {readonly state: State; readonly screen: FixScreenState; readonly width: number; readonly height: number; readonly now: number};

function StepView({state, fix, step, width, height}: {readonly state: State; readonly fix: Fix; readonly step: number; readonly width: number; readonly height: number}) {
	const tone = useTone();
	const current = fix.steps[step]!;
	const command = current.command;
	const last = state.lastCommand;
	return (
		<Box flexDirection="column">
			<Text bold>
				Step {step + 1} of {fix.steps.length}: {current.title}
			</Text>
			{/* The snippet before the prose: on a small terminal it is what must stay in view. */}
			{current.snippet ? <SnippetBox snippet={current.snippet} width={width} maxLines={Math.max(3, height - (command ? 8 : 5))} canWrite={!state.readOnly} /> : null}
			{/* Wrapped here: Ink's own wrap starts a continued line with the space it broke at. */}
			<Text>{wrap(current.text, width).join('\n')}</Text>
			{command ? (
				<Box flexDirection="column">
					<Text>
						Command: <Text bold color={tone('info')}>{command.run}</Text>
						<Text dimColor>{command.needsRoot ? ' (needs root)' : ''}{command.changesMachine ? ' — changes this machine' : ' — only reads'}</Text>
					</Text>
					<Text dimColor>
						{state.readOnly ? '--read-only: prg-doctor runs nothing; run it yourself if you mean to.' : `x runs it here after you type ${command.changesMachine ? 'yes' : 'y'}; the terminal is the command’s until it ends.`}
					</Text>
				</Box>
			) : null}
			{last !== null && last.problem !== null ? <ProblemLine prefix={`\`${last.run}\``} problem={last.problem} /> : null}
			{last !== null && last.problem === null ? (
				<Text color={tone(last.code === 0 ? 'good' : 'bad')}>
					{last.code === 0 ? '✓' : '✗'} `{last.run}` exited with {last.code ?? 'a signal'}
				</Text>
			) : null}
		</Box>
	);
}

export function FixScreen({state, screen, width, height, now}: Props) {
	const tone = useTone();
	const {fix, step, verify} = screen;
	const isVerify = step === fix.steps.length;
	return (
		<Box flexDirection="column">
			<Text bold color={tone('info')} wrap="truncate">
				Fix {fix.id}: {fix.title}
			</Text>
			<Text dimColor wrap="truncate">
				for gate {fix.gate}
				{fix.environment ? ` on ${fix.environment}` : ''} · {isVerify ? 'last step: verify' : `step ${step + 1} of ${fix.steps.length}, then verify`}
			</Text>
			{step === 0 ? height >= 30 ? <Text>{wrap(fix.why, width).join('\n')}</Text> : <Text dimColor wrap="truncate-end">{fix.why}</Text> : null}
			<Box marginTop={1} flexDirection="column">
				{isVerify ? (
					<Box flexDirection="column">
						<Text bold>Verify: {fix.verify}</Text>
						<Text>
							↵ re-probes {verify.nodes.length} node{verify.nodes.length === 1 ? '' : 's'} of {verify.context}
							{verify.host ? ' and re-runs the host check' : ''}, then shows before → after.
						</Text>
						{verify.host ? <HostLine state={state} environments={[]} /> : null}
						{screen.verifySession !== null ? (
							<>
								<RunSummary state={state} context={verify.context} now={now} />
								<BeforeAfter state={state} context={verify.context} session={screen.verifySession} maxRows={Math.max(1, height - 12)} width={width} />
							</>
						) : null}
					</Box>
				) : (
					<StepView state={state} fix={fix} step={step} width={width} height={height - 3} />
				)}
			</Box>
		</Box>
	);
}
