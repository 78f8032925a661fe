import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fixById} from '../../source/domain/fixes/index.js';
import type {FixCommand} from '../../source/domain/types.js';
import {UsageError} from '../../source/errors.js';
import {runFixCommand} from '../../source/host/run-command.js';

// A `sudo` that records its argv (one per line, NUL-free) and whatever it was fed on stdin.
const fakeSudo = `#!/bin/sh
log="$FAKE_SUDO_LOG"
: > "$log.argv"
for arg in "$@"; do printf '%s\\n' "$arg" >> "$log.argv"; done
cat > "$log.stdin"
echo "fake sudo ran $1"
exit 0
`;

describe('runFixCommand', () => {
	let dir = '';
	let env: NodeJS.ProcessEnv = {};
	const log = () => join(dir, 'sudo');
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'prg-fake-sudo-'));
		writeFileSync(join(dir, 'sudo'), fakeSudo);
		chmodSync(join(dir, 'sudo'), 0o755);
		env = {...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_SUDO_LOG: log()};
	});
	after(() => rmSync(dir, {recursive: true, force: true}));

	const fix = fixById('host-apparmor-sysctl', 'kind');
	const commands = fix.steps.map((step) => step.command).filter((command): command is FixCommand => command !== null && command.argv[0] === 'sudo');

	it('the catalog\'s host-apparmor-sysctl has sudo commands to run (sysctl, and tee with stdin)', () => {
		assert.deepEqual(commands.map((command) => command.argv), [
			['sudo', 'sysctl', 'kernel.apparmor_restrict_unprivileged_userns=0'],
			['sudo', 'tee', '/etc/sysctl.d/99-prg-userns.conf'],
		]);
	});

	for (const [index, label] of [[0, 'the sysctl'], [1, 'the persisted setting, fed on stdin']] as const) {
		it(`runs exactly the shown argv: ${label}`, async () => {
			const command = commands[index]!;
			const result = await runFixCommand(command, {signal: new AbortController().signal, stdio: 'pipe', env});
			assert.equal(result.exitCode, 0);
			assert.equal(result.output, `fake sudo ran ${command.argv[1]}\n`);
			const argv = readFileSync(`${log()}.argv`, 'utf8').split('\n').slice(0, -1);
			assert.deepEqual(argv, command.argv.slice(1));
			assert.equal(readFileSync(`${log()}.stdin`, 'utf8'), command.stdin ?? '');
		});
	}

	it('refuses a machine-changing command under --read-only, without running it', async () => {
		rmSync(`${log()}.argv`, {force: true});
		await assert.rejects(
			runFixCommand(commands[0]!, {signal: new AbortController().signal, stdio: 'pipe', env, readOnly: true}),
			(error: unknown) => error instanceof UsageError && /--read-only/.test(error.message),
		);
		assert.equal(existsSync(`${log()}.argv`), false);
	});

	it('runs a read-only command under --read-only', async () => {
		const check: FixCommand = {run: 'true', argv: ['true'], needsRoot: false, changesMachine: false};
		assert.deepEqual(await runFixCommand(check, {signal: new AbortController().signal, stdio: 'pipe', readOnly: true}), {exitCode: 0, output: ''});
	});

	it('says plainly when the program is not installed', async () => {
		const missing: FixCommand = {run: 'no-such-tool-xyz', argv: ['no-such-tool-xyz'], needsRoot: false, changesMachine: false};
		await assert.rejects(runFixCommand(missing, {signal: new AbortController().signal, stdio: 'pipe'}), UsageError);
	});

	it('reports a failing command\'s exit code and output', async () => {
		const failing: FixCommand = {run: 'sh -c …', argv: ['sh', '-c', 'echo nope >&2; exit 3'], needsRoot: false, changesMachine: false};
		assert.deepEqual(await runFixCommand(failing, {signal: new AbortController().signal, stdio: 'pipe'}), {exitCode: 3, output: 'nope\n'});
	});
});
