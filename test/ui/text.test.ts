import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fit, oneLine, seconds, shortServer, truncate} from '../../source/ui/text.js';

test('names truncate with an ellipsis and pad to their column', () => {
	assert.equal(truncate('ip-10-0-1-11.ec2.internal', 10), 'ip-10-0-1…');
	assert.equal(truncate('short', 10), 'short');
	assert.equal(truncate('anything', 1), '…');
	assert.equal(truncate('anything', 0), '');
	assert.equal(fit('ok', 5), 'ok   ');
	assert.equal(fit('3', 4, 'right'), '   3');
});

test('elapsed time reads as seconds, then minutes', () => {
	assert.equal(seconds(2300), '2.3s');
	assert.equal(seconds(125_000), '2m05s');
	assert.equal(seconds(-5), '0.0s');
});

test('servers lose their scheme; causes lose their line breaks', () => {
	assert.equal(shortServer('https://127.0.0.1:6443/'), '127.0.0.1:6443');
	assert.equal(shortServer(null), '—');
	assert.equal(oneLine('cannot reach\n  the server'), 'cannot reach the server');
});
