import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readinessCell} from '../../../source/ui/screens/contexts-screen.js';
import {createReducer, initialState} from '../../../source/ui/state.js';
import type {Action, State} from '../../../source/ui/model.js';
import {catalog, contexts, eksView, okResult, runOf} from '../fixtures.js';

const reduce = createReducer(catalog);
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const eks = contexts[0]!;

function probing(): {state: State; session: number} {
	const state = run(initialState({contexts, readOnly: false}), {type: 'probe-everything'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView});
	return {state, session: state.probes['sim-eks']!.session!.id};
}

test('a context whose probe could not run says so in its READINESS cell', () => {
	const {state, session} = probing();
	assert.match(readinessCell(state, eks).text, /5 probing/);
	// preflight's refusal for a user without pod rights (source/workflows/preflight.ts).
	const refused = reduce(state, {type: 'probe-failed', context: 'sim-eks', session, at: 9, aborted: false, problem: {
		message: 'context sim-eks may not create pods, delete pods in namespace default (RBAC)',
		hint: 'ask an admin to bind the Role "prg-doctor-probe" from the README in that namespace, or pick another with -n; check with `kubectl auth can-i create pods -n default`',
	}});
	assert.deepEqual(readinessCell(refused, eks), {text: '✗ could not probe', tone: 'bad', bold: true});
});

test('a stopped run is not a failure, and a finished run shows N/N ready', () => {
	const {state, session} = probing();
	const stopped = run(state, {type: 'request-stop'}, {type: 'confirm-stop'}, {type: 'probe-failed', context: 'sim-eks', session, at: 9, aborted: true, problem: {message: 'the probe run was stopped', hint: null}});
	assert.deepEqual(readinessCell(stopped, eks), {text: '—', tone: 'muted'});
	const results = eksView.pools.flatMap((pool) => pool.nodes).map((node) => okResult(node.name, node.pool));
	const finished = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 9, run: runOf(results)});
	assert.deepEqual(readinessCell(finished, eks), {text: '5/5 ready', tone: 'good'});
});
