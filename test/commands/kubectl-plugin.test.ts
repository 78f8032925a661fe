// `kubectl prg-doctor …` works as a kubectl plugin: kubectl finds `kubectl-prg_doctor` on PATH (the
// second bin in package.json) and runs it with the arguments after the plugin name.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const hasKubectl = spawnSync('kubectl', ['version', '--client'], {stdio: 'ignore'}).status === 0;

test('package.json installs the same entry as prg-doctor and kubectl-prg_doctor', () => {
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {bin: Record<string, string>};
	assert.deepEqual(pkg.bin, {'prg-doctor': 'dist/cli.js', 'kubectl-prg_doctor': 'dist/cli.js'});
});

test('kubectl prg-doctor runs the tool with its arguments', {skip: hasKubectl ? false : 'kubectl is not on PATH'}, () => {
	const dir = mkdtempSync(join(tmpdir(), 'prg-plugin-'));
	try {
		symlinkSync(cli, join(dir, 'kubectl-prg_doctor'));
		const env = {...process.env, PATH: `${dir}:${process.env.PATH}`};
		assert.match(execFileSync('kubectl', ['plugin', 'list'], {env, encoding: 'utf8'}), /kubectl-prg_doctor/);
		const fix = execFileSync('kubectl', ['prg-doctor', 'fix', '--gate', 'userns-limit', '--environment', 'eks-bottlerocket', '-o', 'json'], {env, encoding: 'utf8'});
		assert.equal(JSON.parse(fix).id, 'bottlerocket-sysctl');
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
