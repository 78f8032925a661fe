// The status words of a run: an error's code in the probe cell, and the stop hint that has to match
// what Esc does (with a kept filter the first Esc clears it).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {probeCell} from '../../../source/ui/components/status-badge.js';
import {RunSummary} from '../../../source/ui/components/run-summary.js';
import {createReducer, initialState} from '../../../source/ui/state.js';
import type {Action, NodeProbe, State} from '../../../source/ui/model.js';
import {catalog, contexts, eksView} from '../fixtures.js';

const reduce = createReducer(catalog);
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);

test('an error shows its code, and a reason without one shows no stray word', () => {
	const probe = (reason: string): NodeProbe => ({status: 'error', startedAt: null, result: {node: 'n', pool: 'p', environment: 'generic', status: 'error', gate: null, fix: null, reason, output: null, pod: null, durationMs: 1200}} as unknown as NodeProbe);
	assert.equal(probeCell(probe('image-pull: ErrImagePull: rpc error'), 0).text, '! error image-pull 1.2s');
	assert.equal(probeCell(probe('the node is NotReady, so no pod can run there'), 0).text, '! error 1.2s');
});

test('while a run goes on, the summary says what Esc does: stop, or clear the kept filter first', () => {
	let state = run(initialState({contexts, readOnly: false}), {type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView}, {type: 'probe-everything'});
	const draw = (current: State) => {
		const instance = render(<RunSummary state={current} context="sim-eks" now={Date.now()} />);
		const frame = instance.lastFrame() ?? '';
		instance.unmount();
		return frame;
	};
	assert.match(draw(state), /· Esc stops$/m);
	state = run(state, {type: 'start-filter'}, {type: 'type-filter', text: 'al'}, {type: 'keep-filter'});
	assert.match(draw(state), /· Esc clears the filter/);
});
