// Runs every test file with Node's built-in runner (via tsx), so its summary is the last thing
// printed. Node 20's --test takes no globs, so the files are listed here.
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';

function find(dir) {
	const out = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...find(path));
		else if (/\.test\.tsx?$/.test(name)) out.push(path);
	}
	return out;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', '--test-concurrency=4', '--test-reporter=spec', ...files],
	{stdio: 'inherit', env: {...process.env, FORCE_COLOR: '0'}},
);
process.exit(result.status ?? 1);
