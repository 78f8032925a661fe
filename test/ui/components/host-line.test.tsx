// The host line on a local context's pools screen: this machine's verdict, unless the nodes turn
// out to run in a VM with their own kernel, where this machine's gates do not reach them.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {HostLine} from '../../../source/ui/components/host-line.js';
import {createReducer, initialState} from '../../../source/ui/state.js';
import type {EnvironmentId} from '../../../source/domain/types.js';
import {catalog, contexts, hostReport} from '../fixtures.js';

const state = createReducer(catalog)(initialState({contexts, readOnly: false, context: 'kind-sim'}), {type: 'host-checked', report: hostReport});

function draw(environments: EnvironmentId[]): string {
	const instance = render(<HostLine state={state} environments={environments} />);
	const frame = instance.lastFrame() ?? '';
	instance.unmount();
	return frame;
}

test('kind shares this kernel: the host check’s verdict shows', () => {
	assert.match(draw(['kind']), /✗ Host check: blocked by apparmor-userns/);
	assert.match(draw([]), /Host check: blocked/, 'nodes not loaded yet: the verdict, as the kubeconfig suggests');
});

test('nodes in a VM: the line says the host check does not apply and what to do instead', () => {
	const frame = draw(['minikube-vm']);
	assert.match(frame, /Host check does not apply: Minikube.* nodes have their own \(VM\) kernel · p probes them/);
	assert.doesNotMatch(frame, /blocked/);
});
