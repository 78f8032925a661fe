// This machine as the host of a local cluster: OS, kernel, each check with its status word, the
// real unshare test, and the gate; f walks the host fix, r re-runs the check.
import React from 'react';
import {Box, Text} from 'ink';
import type {State} from '../model.js';
import {oneLine, truncate} from '../text.js';
import {useTone} from '../components/color.js';
import {ProblemLine} from '../components/problem-line.js';
import type {Tone} from '../theme.js';

type Props = {readonly state: State; readonly context: string; readonly width: number; readonly height: number};

const looks: Readonly<Record<'pass' | 'fail' | 'warn' | 'skip', {symbol: string; tone: Tone}>> = {
	pass: {symbol: '✓', tone: 'good'},
	fail: {symbol: '✗', tone: 'bad'},
	warn: {symbol: '!', tone: 'warn'},
	skip: {symbol: '-', tone: 'muted'},
};

export function HostScreen({state, context, width, height}: Props) {
	const tone = useTone();
	const host = state.host;
	if (host === null || host.status === 'checking') return <Text dimColor>Checking this machine as the host of {context}…</Text>;
	if (host.status === 'failed') return <ProblemLine prefix="The host check could not run" problem={host.problem} />;
	const report = host.report;
	const blocked = report.gate !== null && report.gate !== 'none';
	const titleWidth = Math.min(46, Math.max(...report.checks.map((check) => check.title.length), 10));
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				{report.os.prettyName ?? 'Unknown OS'} · kernel {report.kernel ?? '?'} · {report.user.root ? 'running as root' : `uid ${report.user.uid ?? '?'}`}
			</Text>
			<Text color={tone(blocked ? 'bad' : 'good')} bold wrap="truncate">
				{blocked ? `✗ blocked: ${report.gate}` : '✓ this host lets containers create user namespaces'}
				{report.fix ? ` — fix ${report.fix} (f)` : ''}
			</Text>
			{report.hostGatesApply === false ? <Text dimColor>This host’s kernel is not the one the local cluster runs on (VM driver): its nodes are checked by probing.</Text> : null}
			{report.cannotRun ? <Text color={tone('warn')}>! {oneLine(report.cannotRun)}</Text> : null}
			<Box flexDirection="column" marginTop={1}>
				{report.checks.map((check) => (
					<Text key={check.id} wrap="truncate">
						<Text color={tone(looks[check.status].tone)}>
							{looks[check.status].symbol} {check.status.padEnd(5)}
						</Text>{' '}
						{truncate(check.title, titleWidth).padEnd(titleWidth)}  <Text dimColor>{oneLine(check.detail)}</Text>
					</Text>
				))}
			</Box>
			{report.unshare ? (
				<Text wrap="truncate">
					unshare -Ur as {report.testedAs === null ? 'an unprivileged user' : report.testedAs.via === 'namespace-root' ? 'this user namespace’s root (only uid 0 is mapped)' : `uid ${report.testedAs.uid}`}: {report.unshare.status === 'ok' ? 'ok' : report.unshare.error ?? 'failed'}
				</Text>
			) : null}
			{host.previous && host.previous.gate !== report.gate ? (
				<Text bold>
					Before → after: {host.previous.gate ?? 'none'} → {report.gate ?? 'none'}
				</Text>
			) : null}
		</Box>
	);
}
