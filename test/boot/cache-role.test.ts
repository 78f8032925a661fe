import {test} from 'node:test';
import assert from 'node:assert/strict';
import {cacheRole} from '../../source/boot/cache-role.js';
import {commandNames} from '../../source/commands/names.js';

test('the cache role is the command named on the command line, else the explorer', () => {
	assert.equal(cacheRole(['contexts', '-o', 'json', '--no-check']), 'contexts');
	assert.equal(cacheRole(['--kubeconfig', '/tmp/config', 'probe', '--all']), 'probe');
	assert.equal(cacheRole(['--demo']), 'explorer');
	assert.equal(cacheRole([]), 'explorer');
	// An unknown word is not a command: the run fails fast, whichever cache it picked.
	assert.equal(cacheRole(['contxts']), 'explorer');
	for (const name of commandNames) assert.equal(cacheRole([name]), name);
});

test('--help, -h and --version keep no cache: a later explorer start must not inherit theirs', () => {
	assert.equal(cacheRole(['--version']), null);
	assert.equal(cacheRole(['probe', '--help']), null);
	assert.equal(cacheRole(['-h']), null);
});
