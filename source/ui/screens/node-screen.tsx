// One node: what it is, the prediction (as a prediction), the probe result, the gate in plain words
// and why it blocks, the evidence the probe printed, and the raw output (c copies it).
import React from 'react';
import {Text} from 'ink';
import type {State} from '../model.js';
import {gateParagraphs, nodeView, reasonLines, type NodeView} from '../node-view.js';
import {ScrollView} from '../components/scroll-view.js';
import {predictionLooks, probeLooks} from '../theme.js';
import {seconds, truncate} from '../text.js';
import {StatusBadge} from '../components/status-badge.js';
import {useTone} from '../components/color.js';

type Props = {readonly state: State; readonly context: string; readonly node: string; readonly width: number; readonly height: number; readonly now: number};

type Row = React.ReactElement;

function paragraph(key: string, lines: readonly string[], props: {dimColor?: boolean; bold?: boolean; color?: string} = {}): Row[] {
	return lines.map((line, index) => (
		<Text key={`${key}-${index}`} dimColor={props.dimColor} bold={props.bold} color={props.color} wrap="truncate">
			{line}
		</Text>
	));
}

/** Every line of the screen, one element each, exactly as many as nodeLineCount() says. */
export function nodeRows(view: NodeView, width: number, now: number, tone: (name: 'good' | 'bad') => string | undefined): Row[] {
	const {node, probe, result, evidence, verdict, gate, outputLines} = view;
	const prediction = node.prediction;
	const elapsed = probe?.status === 'running' && probe.startedAt !== null ? seconds(now - probe.startedAt) : result?.durationMs != null ? seconds(result.durationMs) : '';
	const gateText = gate === null ? null : gateParagraphs(gate, result === null, width);
	return [
		<Text key="name" bold wrap="truncate">
			{node.name} <Text dimColor>· pool {node.pool} · {node.environment} · {node.ready === null ? 'Ready unknown' : node.ready ? 'Ready' : 'NotReady'}{node.schedulable ? '' : ' · cordoned'}</Text>
		</Text>,
		<Text key="facts" dimColor wrap="truncate">
			{[node.osImage, node.kernelVersion && `kernel ${node.kernelVersion}`, node.containerRuntime, node.kubeletVersion && `kubelet ${node.kubeletVersion}`, node.architecture].filter(Boolean).join(' · ')}
			{node.taints.length > 0 ? ` · taints ${node.taints.join(', ')}` : ''}
		</Text>,
		<Text key="prediction" wrap="truncate">
			Prediction (not a result): <StatusBadge look={predictionLooks[prediction.status]} detail={prediction.gate && prediction.gate !== 'none' ? `(${prediction.gate}) — ${prediction.reason}` : `— ${prediction.reason}`} />
		</Text>,
		<Text key="probe" wrap="truncate">
			Probe: {probe === null ? <Text dimColor>not probed yet — p probes this node</Text> : <StatusBadge look={probeLooks[probe.status]} detail={[elapsed, result?.pod && `pod ${result.pod}`].filter(Boolean).join(' · ')} />}
		</Text>,
		...paragraph('reason', reasonLines(view, width)),
		...(gate !== null && gateText !== null
			? [
					<Text key="gate-gap"> </Text>,
					...paragraph('gate-title', gateText.title, {bold: true, color: tone(gate === 'none' ? 'good' : 'bad')}),
					...paragraph('gate-plain', gateText.plain),
					...paragraph('gate-why', gateText.why, {dimColor: true}),
					...(gate !== 'none' ? [<Text key="gate-fix">f walks you through the fix.</Text>] : []),
				]
			: []),
		...(evidence.length > 0
			? [
					<Text key="evidence-gap"> </Text>,
					<Text key="evidence" bold>Evidence the probe printed</Text>,
					...evidence.map(([key, value]) => (
						<Text key={`evidence-${key}`} wrap="truncate">
							{'  '}
							{key.padEnd(38)}
							{truncate(value, Math.max(10, width - 42))}
						</Text>
					)),
					...(verdict ? [<Text key="verdict">{'  '}verdict{' '.repeat(31)}{verdict}</Text>] : []),
				]
			: []),
		...(outputLines.length > 0
			? [
					<Text key="output-gap"> </Text>,
					<Text key="output" bold>Probe output (c copies it)</Text>,
					...outputLines.map((line, index) => (
						<Text key={`output-${index}`} dimColor wrap="truncate">
							{'  '}
							{line}
						</Text>
					)),
				]
			: []),
	];
}

export function NodeScreen({state, context, node: name, width, height, now}: Props) {
	const tone = useTone();
	const view = nodeView(state, context, name);
	if (view === null) return <Text dimColor>{name} is not in {context} any more (r reloads).</Text>;
	return <ScrollView rows={nodeRows(view, width, now, tone)} offset={state.scrolls[`node:${context}:${name}`] ?? 0} height={height} />;
}
