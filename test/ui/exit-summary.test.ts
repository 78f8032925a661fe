import {test} from 'node:test';
import assert from 'node:assert/strict';
import {exitSummary} from '../../source/ui/exit-summary.js';
import {createReducer, initialState} from '../../source/ui/state.js';
import type {Action} from '../../source/ui/model.js';
import {catalog, contexts, eksView, failedResult, okResult, runOf} from './fixtures.js';

test('quitting leaves each context’s last run in the scrollback', () => {
	const reduce = createReducer(catalog);
	let state = ([{type: 'cluster-loaded', context: 'sim-eks', view: eksView}, {type: 'probe-everything'}] as Action[]).reduce(reduce, initialState({contexts, readOnly: false, context: 'sim-eks'}));
	assert.equal(exitSummary(state), '', 'nothing while the run has not finished');
	const session = state.probes['sim-eks']!.session!.id;
	const results = [...eksView.pools[0]!.nodes.map((node) => failedResult(node.name)), ...eksView.pools[1]!.nodes.map((node) => okResult(node.name))];
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, run: runOf(results), at: 1});
	assert.equal(exitSummary(state), 'prg-doctor: sim-eks: 5 probed — 2 ready, 3 blocked (userns-limit); run r1x2y3\n');
});
