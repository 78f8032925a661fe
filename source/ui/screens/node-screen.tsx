// One node: what it is, the prediction (as a prediction), the probe result, the gate in plain words
// and why it blocks, the evidence the probe printed, and the raw output (c copies it).
import React from 'react';
import {Box, Text} from 'ink';
import {gateInfo} from '../../domain/gate-info.js';
import {parseProbeOutput} from '../../domain/probe-output.js';
import type {Gate} from '../../domain/types.js';
import type {State} from '../model.js';
import {findNode, nodeProbe} from '../select.js';
import {predictionLooks, probeLooks} from '../theme.js';
import {seconds, truncate} from '../text.js';
import {StatusBadge} from '../components/status-badge.js';
import {useTone} from '../components/color.js';

type Props = {readonly state: State; readonly context: string; readonly node: string; readonly width: number; readonly height: number; readonly now: number};

function GateWords({gate, isPrediction}: {readonly gate: Gate; readonly isPrediction: boolean}) {
	const tone = useTone();
	const info = gateInfo[gate];
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold color={tone(gate === 'none' ? 'good' : 'bad')}>
				{isPrediction ? 'Predicted gate' : 'Gate'} {gate}: {info.title}
			</Text>
			<Text>{info.plain}</Text>
			<Text dimColor>Why: {info.why}</Text>
			{gate !== 'none' ? <Text>f walks you through the fix.</Text> : null}
		</Box>
	);
}

export function NodeScreen({state, context, node: name, width, height, now}: Props) {
	const node = findNode(state, context, name);
	const probe = nodeProbe(state, context, name);
	if (node === null) return <Text dimColor>{name} is not in {context} any more (r reloads).</Text>;
	const result = probe?.result ?? null;
	const parsed = result?.output ? parseProbeOutput(result.output) : null;
	const evidence = parsed === null ? [] : Object.entries(parsed.evidence).filter(([key]) => key !== 'prg-probe');
	const elapsed = probe?.status === 'running' && probe.startedAt !== null ? seconds(now - probe.startedAt) : result?.durationMs != null ? seconds(result.durationMs) : '';
	const prediction = node.prediction;
	const gate: Gate | null = result !== null ? (result.status === 'failed' || result.status === 'ok' ? result.gate : null) : prediction.status === 'likely-blocked' ? prediction.gate : null;
	const outputLines = (result?.output ?? '').split('\n');
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				{node.name} <Text dimColor>· pool {node.pool} · {node.environment} · {node.ready === null ? 'Ready unknown' : node.ready ? 'Ready' : 'NotReady'}{node.schedulable ? '' : ' · cordoned'}</Text>
			</Text>
			<Text dimColor wrap="truncate">
				{[node.osImage, node.kernelVersion && `kernel ${node.kernelVersion}`, node.containerRuntime, node.kubeletVersion && `kubelet ${node.kubeletVersion}`, node.architecture].filter(Boolean).join(' · ')}
				{node.taints.length > 0 ? ` · taints ${node.taints.join(', ')}` : ''}
			</Text>
			<Text wrap="truncate">
				Prediction (not a result): <StatusBadge look={predictionLooks[prediction.status]} detail={prediction.gate && prediction.gate !== 'none' ? `(${prediction.gate}) — ${prediction.reason}` : `— ${prediction.reason}`} />
			</Text>
			<Text wrap="truncate">
				Probe: {probe === null ? <Text dimColor>not probed yet — p probes this node</Text> : <StatusBadge look={probeLooks[probe.status]} detail={[elapsed, result?.pod && `pod ${result.pod}`].filter(Boolean).join(' · ')} />}
			</Text>
			{result?.reason && result.status !== 'ok' ? <Text wrap="truncate-end">  {result.reason}</Text> : null}
			{gate !== null ? <GateWords gate={gate} isPrediction={result === null} /> : null}
			{evidence.length > 0 ? (
				<Box flexDirection="column" marginTop={1}>
					<Text bold>Evidence the probe printed</Text>
					{evidence.map(([key, value]) => (
						<Text key={key} wrap="truncate">
							{'  '}
							{key.padEnd(38)}
							{truncate(value, Math.max(10, width - 42))}
						</Text>
					))}
					{parsed?.verdict ? <Text>{'  '}verdict{' '.repeat(31)}{parsed.verdict}</Text> : null}
				</Box>
			) : null}
			{result?.output ? (
				<Box flexDirection="column" marginTop={1}>
					<Text bold>Probe output (c copies it)</Text>
					{outputLines.map((line, index) => (
						<Text key={index} dimColor wrap="truncate">
							{'  '}
							{line}
						</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}
