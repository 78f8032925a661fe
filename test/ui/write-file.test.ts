import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {writeNewFile} from '../../source/ui/write-file.js';

test('a snippet file never overwrites: the second gets -2', async (t) => {
	const directory = await mkdtemp(join(tmpdir(), 'prg-doctor-ui-'));
	t.after(() => rm(directory, {recursive: true, force: true}));
	const first = await writeNewFile(directory, 'fix-step-1.toml', 'a = 1');
	const second = await writeNewFile(directory, 'fix-step-1.toml', 'a = 2');
	assert.equal(first, join(directory, 'fix-step-1.toml'));
	assert.equal(second, join(directory, 'fix-step-1-2.toml'));
	assert.equal(await readFile(first, 'utf8'), 'a = 1\n');
	assert.equal(await readFile(second, 'utf8'), 'a = 2\n');
});
