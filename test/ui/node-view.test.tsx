// The node screen scrolls by lines the reducer counts (node-view.ts) and the screen draws
// (nodeRows): they must agree at every width, or a key scrolls into nothing or stops short.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {nodeLineCount, nodeView, reasonLines} from '../../source/ui/node-view.js';
import {scrollMax} from '../../source/ui/components/scroll-view.js';
import {nodeRows} from '../../source/ui/screens/node-screen.js';
import {createReducer, initialState} from '../../source/ui/state.js';
import type {Action, State} from '../../source/ui/model.js';
import {catalog, contexts, eksView, failedResult, okResult, runOf} from './fixtures.js';

const reduce = createReducer(catalog);
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);

function probed(): State {
	let state = run(initialState({contexts, readOnly: false}), {type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView}, {type: 'probe-everything'});
	const session = state.probes['sim-eks']!.session!.id;
	const [br1] = eksView.pools[0]!.nodes.map((node) => node.name);
	const [al1, al2] = eksView.pools[1]!.nodes.map((node) => node.name);
	const error = {...okResult(al2!), status: 'error' as const, gate: null, output: null, reason: 'image-pull: ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/alpine:3.19": failed to resolve reference — the node could not pull alpine:3.19: pass --image with a copy it can reach (a registry mirror), or --image-pull-secret NAME for a private registry'};
	state = reduce(state, {type: 'probe-finished', context: 'sim-eks', session, at: 5, run: runOf([failedResult(br1!), okResult(al1!), error])});
	return state;
}

test('the line count the reducer scrolls by is the number of lines the screen draws, at every width', () => {
	const state = probed();
	const names = eksView.pools.flatMap((pool) => pool.nodes.map((node) => node.name));
	for (const name of names) {
		const view = nodeView(state, 'sim-eks', name)!;
		for (const width of [40, 60, 80, 120, 200]) {
			assert.equal(nodeLineCount(view, width), nodeRows(view, width, 0, () => undefined).length, `${name} at ${width} columns`);
		}
	}
});

test('the furthest scroll leaves the last line in view under the “above” line; a short screen does not scroll', () => {
	const state = probed();
	const blocked = nodeView(state, 'sim-eks', eksView.pools[0]!.nodes[0]!.name)!;
	const lines = nodeLineCount(blocked, 80);
	assert.equal(scrollMax(nodeLineCount(blocked, 80), 18), lines - 18);
	assert.equal(scrollMax(nodeLineCount(blocked, 80), lines + 5), 0);
});

test('output and reasons are drawn without escape sequences or tabs; a long word is split, not cut', () => {
	const state = probed();
	const name = eksView.pools[0]!.nodes[0]!.name;
	const base = state.probes['sim-eks']!.nodes[name]!;
	const hostile = '\x1b]52;c;ZXZpbA==\x07\x1b[31mred\x1b[0m\tafter-tab';
	const longWord = `image-pull: ${'registry.example.com/very/long/path/'.repeat(4)}alpine:3.19 not found`;
	const changed = {...state, probes: {...state.probes, 'sim-eks': {...state.probes['sim-eks']!, nodes: {...state.probes['sim-eks']!.nodes, [name]: {...base, status: 'error' as const, result: {...base.result!, status: 'error' as const, gate: null, reason: longWord, output: `prg-probe=1\n${hostile}`}}}}}};
	const view = nodeView(changed, 'sim-eks', name)!;
	assert.ok(view.outputLines.every((line) => !/[\x00-\x1f\x7f]/.test(line)), JSON.stringify(view.outputLines));
	assert.ok(view.outputLines.includes('red    after-tab'), JSON.stringify(view.outputLines));
	const lines = reasonLines(view, 60);
	assert.ok(lines.every((line) => line.length <= 60), JSON.stringify(lines));
	assert.equal(lines.map((line) => line.slice(2)).join('').replace(/\s+/g, ''), longWord.replace(/\s+/g, ''), 'nothing of the reason is lost');
});
