// listContexts: every context checked at once under a short timeout; a dead one never delays the
// others; a kubeconfig of many contexts is not a listener leak.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {listContexts} from '../../source/workflows/list-contexts.js';

async function manyContexts(t: {after(fn: () => void): void}, count: number) {
	const dir = mkdtempSync(join(tmpdir(), 'prg-list-contexts-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const names = Array.from({length: count}, (_, index) => `ctx-${index + 1}`);
	const lines = ['apiVersion: v1', 'kind: Config', 'clusters:', ...names.map((name) => `- name: ${name}\n  cluster: {server: "https://127.0.0.1:9"}`), 'users:', '- name: u\n  user: {token: abc}', 'contexts:', ...names.map((name) => `- name: ${name}\n  context: {cluster: ${name}, user: u}`), `current-context: ${names[0]}`, ''];
	const path = join(dir, 'config');
	writeFileSync(path, lines.join('\n'), {mode: 0o600});
	return loadKubeconfig({path, env: {}});
}

test('fifteen unreachable contexts: each says why, at once, with no listener-leak warning', async (t) => {
	const config = await manyContexts(t, 15);
	const warnings: string[] = [];
	const onWarning = (warning: Error) => warnings.push(warning.name);
	process.on('warning', onWarning);
	t.after(() => process.off('warning', onWarning));
	const started = Date.now();
	const view = await listContexts(config, {check: true, timeoutMs: 3000, signal: new AbortController().signal});
	await new Promise((resolve) => setImmediate(resolve));
	assert.equal(view.contexts.length, 15);
	for (const entry of view.contexts) {
		assert.equal(entry.reachable, false);
		assert.match(entry.error ?? '', /refused/i);
	}
	assert.ok(Date.now() - started < 3000, 'refused connections answer at once, not at the timeout');
	assert.deepEqual(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);
});

test('an aborted signal ends the checks and leaves no listener on it', async (t) => {
	const config = await manyContexts(t, 3);
	const controller = new AbortController();
	controller.abort(new Error('stopped'));
	const view = await listContexts(config, {check: true, timeoutMs: 3000, signal: controller.signal});
	assert.equal(view.contexts.length, 3);
	for (const entry of view.contexts) assert.equal(entry.reachable, false);
});
