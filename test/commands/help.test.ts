// `--help` lists every command and the global flags; `--version` prints the package's version.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {commandNames} from '../../source/commands/dispatch.js';
import {runCli} from '../helpers/cli.js';

test('--help lists every command and every global flag', async () => {
	const result = await runCli(['--help']);
	assert.equal(result.code, 0, result.stderr);
	for (const name of commandNames) assert.match(result.stdout, new RegExp(`^ {4}${name} `, 'm'), `--help does not list ${name}`);
	for (const flag of ['--kubeconfig', '--context', '--namespace', '--output', '--demo', '--no-color', '--read-only']) assert.ok(result.stdout.includes(flag), `--help does not mention ${flag}`);
	assert.match(result.stdout, /0 all ready · 1 a gate blocks a node \(or the host\) · 2 could not run · 3 some nodes undetermined/);
});

test('--version prints the version in package.json', async () => {
	const {version} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
	const result = await runCli(['--version']);
	assert.equal(result.code, 0);
	assert.equal(result.stdout.trim(), version);
});

test('--help (or -h) anywhere on the line shows the help and runs nothing; --version too', async () => {
	for (const args of [['probe', '--help'], ['cleanup', '--help', '-o', 'json'], ['sim', '--help'], ['--help', '--kubeconfig', '/nonexistent'], ['probe', '-h', '--all']]) {
		const result = await runCli(args, {timeoutMs: 10_000});
		assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stdout, /Usage\n\s+\$ prg-doctor \[command\] \[flags\]/, args.join(' '));
		assert.equal(result.stderr, '', args.join(' '));
	}
	const {version} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
	const result = await runCli(['probe', '--version', '--context', 'nope'], {timeoutMs: 10_000});
	assert.equal(result.code, 0, result.stderr);
	assert.equal(result.stdout.trim(), version);
});
