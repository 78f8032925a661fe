// One line on a local cluster's pools screen: does this machine, the cluster's host, allow it?
import React from 'react';
import {Text} from 'ink';
import type {State} from '../model.js';
import {localEnvironments, type EnvironmentId} from '../../domain/types.js';
import {environmentTitle, sharesHostKernel} from '../../domain/fixes/environment-words.js';
import {oneLine} from '../text.js';
import {useTone} from './color.js';

/** `environments`: the loaded pools' (empty while unknown). */
export function HostLine({state, environments}: {readonly state: State; readonly environments: readonly EnvironmentId[]}) {
	const tone = useTone();
	// Nodes in a VM (Minikube's VM drivers, Docker Desktop, …) have their own kernel: this machine's gates do not reach them.
	const local = environments.filter((environment) => localEnvironments.includes(environment));
	if (local.length > 0 && !local.some(sharesHostKernel)) {
		return (
			<Text dimColor wrap="truncate">
				Host check does not apply: {environmentTitle(local[0]!)} nodes have their own (VM) kernel · p probes them
			</Text>
		);
	}
	const host = state.host;
	if (host === null || host.status === 'checking') return <Text dimColor>Host check (this machine is the cluster’s host): checking…</Text>;
	if (host.status === 'failed') {
		return (
			<Text color={tone('warn')} wrap="truncate">
				! Host check could not run: {oneLine(host.problem.message)}
			</Text>
		);
	}
	const report = host.report;
	const failing = report.checks.find((check) => check.status === 'fail');
	if (report.gate === null || report.gate === 'none') {
		return (
			<Text color={tone('good')} wrap="truncate">
				✓ Host check passes: {report.os.prettyName ?? 'this machine'} lets containers create user namespaces · h for details
			</Text>
		);
	}
	return (
		<Text color={tone('bad')} wrap="truncate">
			✗ Host check: blocked by {report.gate}
			{failing ? ` — ${failing.title}: ${oneLine(failing.detail)}` : ''} · h for details and its fix
		</Text>
	);
}
