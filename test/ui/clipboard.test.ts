import {test} from 'node:test';
import assert from 'node:assert/strict';
import {osc52} from '../../source/ui/clipboard.js';

const toml = "[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'";
const base64 = Buffer.from(toml).toString('base64');

test('OSC 52 carries the text base64-encoded to the system clipboard', () => {
	assert.equal(osc52(toml, {}), `\x1b]52;c;${base64}\x07`);
});

test('inside tmux it is also sent through a DCS passthrough with escapes doubled', () => {
	const sequence = osc52(toml, {TMUX: '/tmp/tmux-0/default,123,0'});
	assert.ok(sequence.startsWith(`\x1b]52;c;${base64}\x07`));
	assert.ok(sequence.endsWith(`\x1bPtmux;\x1b\x1b]52;c;${base64}\x07\x1b\\`));
});
