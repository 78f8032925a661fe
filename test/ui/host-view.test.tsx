// The host check screen: every check's detail in full (wrapped, not cut), and a screen longer than
// the terminal scrolls by exactly the lines it draws.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {hostLines} from '../../source/ui/host-view.js';
import type {HostReport} from '../../source/host/types.js';
import {scrollMax} from '../../source/ui/components/scroll-view.js';
import {createReducer, initialState} from '../../source/ui/state.js';
import type {Action, State} from '../../source/ui/model.js';
import {bindingsFor} from '../../source/ui/keymap.js';
import {catalog, contexts, hostReport, kindView} from './fixtures.js';

const reduce = createReducer(catalog);
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const long = 'docker info says: apparmor, seccomp (profile=builtin), cgroupns; the AppArmor restriction blocks rootless containers on Ubuntu 24.04 unless a profile allows userns';
// The real report's checks, each with a long detail (as docker's and AppArmor's can be).
const report: HostReport = {...hostReport, checks: [...hostReport.checks, ...hostReport.checks, ...hostReport.checks].map((check) => ({...check, detail: long}))};

test('a long detail wraps under its check instead of being cut off', () => {
	const lines = hostLines(report, null, 80);
	for (const line of lines) assert.ok((line.lead?.text.length ?? 0) + line.text.length <= 80, line.text);
	const joined = lines.map((line) => line.text.trim()).join(' ');
	assert.ok(joined.includes('on Ubuntu 24.04 unless a profile allows userns'), 'the end of a long detail is shown');
});

test('on the host screen, j/G scroll through every line and stop at the last one', () => {
	let state = run(initialState({contexts, readOnly: false, context: 'kind-sim'}), {type: 'cluster-loaded', context: 'kind-sim', view: kindView}, {type: 'host-checked', report}, {type: 'open-host-check'});
	assert.deepEqual(state.screen, {kind: 'host', context: 'kind-sim'});
	const viewport = {columns: 80, height: 18};
	const max = scrollMax(hostLines(report, null, 80).length, 18);
	assert.ok(max > 0);
	assert.ok(bindingsFor(state, {pageRows: 10, viewport}).some((binding) => binding.label === '↑↓/jk'));
	state = reduce(state, {type: 'key-pressed', press: {input: 'G', key: {} as never}, pageRows: 10, viewport});
	assert.equal(state.scrolls['host:kind-sim'], max);
	state = reduce(state, {type: 'key-pressed', press: {input: 'j', key: {} as never}, pageRows: 10, viewport});
	assert.equal(state.scrolls['host:kind-sim'], max, 'no scrolling past the end');
	state = reduce(state, {type: 'key-pressed', press: {input: 'k', key: {} as never}, pageRows: 10, viewport});
	assert.equal(state.scrolls['host:kind-sim'], max - 1, 'one key up moves at once');
});

test('when the content shrinks under a scrolled screen, one key up moves at once; reopening starts at the top', () => {
	const viewport = {columns: 80, height: 18};
	const key = (input: string) => ({type: 'key-pressed' as const, press: {input, key: {} as never}, pageRows: 10, viewport});
	let state = run(initialState({contexts, readOnly: false, context: 'kind-sim'}), {type: 'cluster-loaded', context: 'kind-sim', view: kindView}, {type: 'host-checked', report}, {type: 'open-host-check'});
	state = reduce(state, key('G'));
	// The check runs again and finds less to say.
	const short = {...report, checks: report.checks.slice(0, 5)};
	state = reduce(state, {type: 'host-checked', report: short});
	const max = scrollMax(hostLines(short, state.host?.status === 'done' ? state.host.previous : null, 80).length, 18);
	state = reduce(state, key('k'));
	assert.equal(state.scrolls['host:kind-sim'], Math.max(0, max - 1));
	state = run(state, {type: 'go-back'}, {type: 'open-host-check'});
	assert.equal(state.scrolls['host:kind-sim'], 0);
});
