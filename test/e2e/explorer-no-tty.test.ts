// Without a terminal the explorer cannot take raw keys: `prg-doctor` then prints the `nodes` table
// of the context (SPEC section 3) instead of failing on raw mode.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {runCli} from '../helpers/cli.js';
import {startTestSim} from '../helpers/sim.js';

test('prg-doctor without a TTY prints the nodes table of the context and exits 0', {timeout: 60_000}, async (t) => {
	const sim = await startTestSim(t);
	const result = await runCli(['--context', 'sim-eks'], {env: sim.env});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /bottlerocket-workers/);
	assert.match(result.stdout, /likely-blocked/);
	assert.doesNotMatch(result.stdout + result.stderr, /Raw mode|\x1b\[\?1049h/, 'no raw mode, no alternate screen');
});
