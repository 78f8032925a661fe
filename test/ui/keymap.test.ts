import {test} from 'node:test';
import assert from 'node:assert/strict';
import {bindingsFor, resolveKey, type KeyPress} from '../../source/ui/keymap.js';
import {createReducer, initialState} from '../../source/ui/state.js';
import {footerLines} from '../../source/ui/components/footer.js';
import type {State} from '../../source/ui/model.js';
import {catalog, contexts, eksView} from './fixtures.js';

const reduce = createReducer(catalog);
const options = {pageRows: 10};
const char = (input: string): KeyPress => ({input, key: {}});
const special = (name: 'escape' | 'return' | 'backspace' | 'upArrow' | 'pageDown'): KeyPress => ({input: '', key: {[name]: true}});

function onPools(): State {
	return [{type: 'open-selection'}, {type: 'cluster-loaded', context: 'sim-eks', view: eksView}].reduce(reduce as never, initialState({contexts, readOnly: false}));
}

test('the footer is drawn from the same bindings that handle the keys', () => {
	const state = onPools();
	const bindings = bindingsFor(state, options);
	const [line] = footerLines(bindings, 200);
	for (const binding of bindings.filter((entry) => entry.footer && entry.label !== '')) {
		assert.ok(line!.includes(`${binding.label} ${binding.does}`), binding.does);
		const press = binding.chars?.[0] !== undefined ? char(binding.chars[0]) : special(binding.specials![0] as 'escape');
		assert.deepEqual(resolveKey(state, press, options), binding.action);
	}
});

test('the footer fits its width in at most two lines', () => {
	const lines = footerLines(bindingsFor(onPools(), options), 40);
	assert.ok(lines.length <= 2);
	for (const line of lines) assert.ok(line.length <= 40, line);
});

test('Esc means back, clear the filter, or stop the run, by what is going on', () => {
	let state = onPools();
	assert.deepEqual(resolveKey(state, special('escape'), options), {type: 'go-back'});
	state = reduce(state, {type: 'probe-selection'});
	assert.deepEqual(resolveKey(state, special('escape'), options), {type: 'request-stop'});
	assert.deepEqual(resolveKey(state, special('backspace'), options), {type: 'go-back'}, 'Backspace still goes back while a run goes on');
	assert.deepEqual(resolveKey(state, char('q'), options), {type: 'request-quit'});
	assert.deepEqual(resolveKey(state, {input: 'c', key: {ctrl: true}}, options), {type: 'interrupt'});
});

test('while filtering, letters are text, not commands', () => {
	const state = reduce(onPools(), {type: 'start-filter'});
	assert.deepEqual(resolveKey(state, char('q'), options), {type: 'type-filter', text: 'q'});
	assert.deepEqual(resolveKey(state, char('p'), options), {type: 'type-filter', text: 'p'});
	assert.deepEqual(resolveKey(state, special('backspace'), options), {type: 'erase-filter'});
	assert.deepEqual(resolveKey(state, special('return'), options), {type: 'keep-filter'});
	assert.deepEqual(resolveKey(state, special('escape'), options), {type: 'clear-filter'});
});

test('page keys move by the visible rows; unbound keys mean nothing', () => {
	const state = onPools();
	assert.deepEqual(resolveKey(state, special('pageDown'), {pageRows: 17}), {type: 'move-cursor', delta: 17});
	assert.equal(resolveKey(state, char('z'), options), null);
	assert.equal(resolveKey(state, char('x'), options), null, 'x runs commands only on a fix step that has one');
});

test('a key press through the reducer acts on the state it lands on', () => {
	let state = onPools();
	state = reduce(state, {type: 'key-pressed', press: char('/'), pageRows: 10});
	state = reduce(state, {type: 'key-pressed', press: char('a'), pageRows: 10});
	state = reduce(state, {type: 'key-pressed', press: char('l'), pageRows: 10});
	assert.equal(state.filters['pools:sim-eks'], 'al');
	state = reduce(state, {type: 'key-pressed', press: special('return'), pageRows: 10});
	state = reduce(state, {type: 'key-pressed', press: special('return'), pageRows: 10});
	assert.deepEqual(state.screen, {kind: 'nodes', context: 'sim-eks', pool: 'al2023-ng'});
});

test('keys typed ahead in one chunk act one by one: `/sim-o` then Enter filters and keeps', () => {
	let state = initialState({contexts, readOnly: false});
	state = reduce(state, {type: 'key-pressed', press: char('/sim-o\r'), pageRows: 10});
	assert.equal(state.filters.contexts, 'sim-o');
	assert.equal(state.isFiltering, false);
	state = reduce(state, {type: 'key-pressed', press: special('return'), pageRows: 10});
	assert.deepEqual(state.screen, {kind: 'pools', context: 'sim-openshift'});
});

test('during a run with a kept filter, Esc clears the filter first and says so; the next Esc asks to stop; q asks at once', () => {
	let state = onPools();
	state = reduce(state, {type: 'probe-selection'});
	for (const key of ['/', 'a', 'l']) state = reduce(state, {type: 'key-pressed', press: char(key), pageRows: 10});
	state = reduce(state, {type: 'key-pressed', press: special('return'), pageRows: 10});
	assert.equal(state.filters['pools:sim-eks'], 'al');
	assert.equal(state.isFiltering, false);
	const esc = bindingsFor(state, options).find((binding) => binding.specials?.includes('escape'));
	assert.equal(esc?.action.type, 'clear-filter');
	assert.match(footerLines(bindingsFor(state, options), 80).join('\n'), /Esc clear the filter \(Esc again: stop the run…\)/);
	assert.deepEqual(resolveKey(state, char('q'), options), {type: 'request-quit'});
	state = reduce(state, {type: 'key-pressed', press: special('escape'), pageRows: 10});
	assert.equal(state.filters['pools:sim-eks'], '');
	assert.equal(state.dialog, null, 'the first Esc stops nothing');
	assert.match(footerLines(bindingsFor(state, options), 80).join('\n'), /Esc stop the run…/);
	state = reduce(state, {type: 'key-pressed', press: special('escape'), pageRows: 10});
	assert.equal(state.dialog?.kind, 'confirm-stop');
	// Without a run, a kept filter's Esc just clears it.
	const idle = [{type: 'start-filter'}, {type: 'type-filter', text: 'al'}, {type: 'keep-filter'}].reduce(reduce as never, onPools()) as State;
	assert.equal(bindingsFor(idle, options).find((binding) => binding.specials?.includes('escape'))?.does, 'clear the filter');
});
