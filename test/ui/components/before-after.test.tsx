// The verify step's before → after: a node a stopped verify run never reached gets its earlier
// result back on the other screens, but here it must not pass for an "after".
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {BeforeAfter} from '../../../source/ui/components/before-after.js';
import {createReducer, initialState} from '../../../source/ui/state.js';
import type {Action, State} from '../../../source/ui/model.js';
import type {ProbeResult} from '../../../source/domain/types.js';
import {catalog, contexts, eksView, failedResult, runOf} from '../fixtures.js';

const reduce = createReducer(catalog);
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const skipped = (node: string): ProbeResult => ({node, pool: 'bottlerocket-ng', environment: 'eks-bottlerocket', status: 'skipped', gate: null, fix: null, reason: 'the run was stopped before this node was probed', output: null, pod: null, durationMs: null});

test('a stopped verify run: reached nodes show their new result, the others "not re-probed"', () => {
	const [br1, br2, br3] = eksView.pools[0]!.nodes.map((node) => node.name) as [string, string, string];
	let state = run(initialState({contexts, readOnly: false}), {type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView}, {type: 'move-cursor', delta: 0}, {type: 'probe-selection'});
	let session = state.probes['sim-eks']!.session!.id;
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 10, run: runOf([failedResult(br1), failedResult(br2), failedResult(br3)])});
	state = run(state, {type: 'open-fix'}, {type: 'next-step'}, {type: 'next-step'}, {type: 'next-step'}, {type: 'open-selection'});
	assert.ok(state.screen.kind === 'fix' && state.screen.verifySession !== null);
	session = state.screen.verifySession;
	state = run(state, {type: 'request-stop'}, {type: 'confirm-stop'}, {type: 'probe-finished', context: 'sim-eks', session, at: 20, run: runOf([failedResult(br1), skipped(br2), skipped(br3)])});
	const instance = render(<BeforeAfter state={state} context="sim-eks" session={session} maxRows={10} width={120} />);
	const frame = instance.lastFrame() ?? '';
	instance.unmount();
	assert.match(frame, new RegExp(`${br1.slice(0, 12)}.*✗ failed.*✗ failed.*userns-limit`));
	assert.match(frame, new RegExp(`${br2.slice(0, 12)}.*✗ failed.*not re-probed`));
	assert.match(frame, new RegExp(`${br3.slice(0, 12)}.*✗ failed.*not re-probed`));
});
