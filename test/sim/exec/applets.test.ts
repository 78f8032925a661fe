import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {appletDir, busyboxPath, reachableTempBase, resolveInImage} from '../../../source/sim/exec/applets.js';

const bin = {dir: '/tmp/bin-x', names: new Set(['sh', 'unshare', 'cat'])};

test('argv[0] resolves like execvp on the image: bare names on PATH, /bin and /usr/bin paths by applet', () => {
	assert.equal(resolveInImage('sh', bin), '/tmp/bin-x/sh');
	assert.equal(resolveInImage('/bin/sh', bin), '/tmp/bin-x/sh');
	assert.equal(resolveInImage('/usr/bin/unshare', bin), '/tmp/bin-x/unshare');
	assert.equal(resolveInImage('/usr/sbin/cat', bin), '/tmp/bin-x/cat');
	assert.equal(resolveInImage('bash', bin), null);
	assert.equal(resolveInImage('/opt/tool/sh', bin), null);
	assert.equal(resolveInImage('./sh', bin), null);
	assert.equal(resolveInImage('', bin), null);
});

test('the applet dir links every busybox applet and is world-readable', {skip: existsSync(busyboxPath) ? false : `no ${busyboxPath}`}, () => {
	const applets = appletDir();
	assert.equal(appletDir(), applets, 'made once per process');
	for (const name of ['sh', 'unshare', 'cat', 'uname', 'grep', 'sed', 'tr', 'echo']) {
		assert.ok(applets.names.has(name), name);
		assert.equal(readlinkSync(join(applets.dir, name)), busyboxPath);
	}
	assert.equal(statSync(applets.dir).mode & 0o777, 0o755);
});

test('a process leaves no applet dir behind, and sweeps those of processes that were killed', {skip: existsSync(busyboxPath) ? false : `no ${busyboxPath}`}, () => {
	const dead = spawnSync('true').pid!;
	const stale = join(tmpdir(), `prg-doctor-sim-bin-${dead}-stale`);
	mkdirSync(stale);
	const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(join(import.meta.dirname, '../../../source/sim/exec/applets.ts'))}).then((m) => console.log(m.appletDir().dir))`], {encoding: 'utf8', timeout: 30_000});
	assert.equal(child.status, 0, child.stderr);
	const made = child.stdout.trim();
	assert.match(made, /prg-doctor-sim-bin-\d+-/);
	assert.equal(existsSync(stale), false, 'the stale dir was swept');
	assert.equal(existsSync(made), false, 'its own dir went at exit');
});

test('a private temp dir is passed over for one every user can enter', () => {
	const home = mkdtempSync(join(tmpdir(), 'prg-private-'));
	chmodSync(home, 0o700);
	try {
		assert.equal(reachableTempBase([home, '/tmp']), '/tmp');
		assert.equal(reachableTempBase(['/tmp']), '/tmp');
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
});
