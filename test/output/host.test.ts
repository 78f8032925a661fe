import assert from 'node:assert/strict';
import {join} from 'node:path';
import {before, describe, it} from 'node:test';
import {hostJson, hostMarkdown, hostTable} from '../../source/output/host.js';
import {wrap} from '../../source/output/words.js';
import {checkHost, type HostReport} from '../../source/workflows/check-host.js';
import {fixtures, recorded, recordedRunner, ubuntuUnshare} from '../host/recorded-runner.js';

// The Ubuntu 24.04 host with a kind cluster, and minikube without any profile: blocked by AppArmor.
async function ubuntuReport(): Promise<HostReport> {
	const runner = recordedRunner({
		...ubuntuUnshare,
		'kind get clusters': {stdout: recorded('kind-get-clusters.stdout')},
		'kind get nodes --name halkyon': {stdout: recorded('kind-get-nodes-halkyon.stdout')},
		'docker info --format {{json .}}': {stdout: recorded('docker-info-ubuntu-24.04.json')},
		'minikube profile list -o json': {stderr: recorded('minikube-profile-list-none.stderr')},
	});
	return checkHost({root: join(fixtures, 'ubuntu-24.04'), runner, signal: new AbortController().signal, uid: 1000, contexts: [{name: 'kind-halkyon'}]});
}

const visible = (line: string) => [...line.replace(/\u001B\[[\d;]*m/g, '')].length;

describe('host renderings', () => {
	let report: HostReport;
	before(async () => {
		report = await ubuntuReport();
	});

	it('table: verdict first, status words (not colour alone), 80 columns except copyable commands', () => {
		const text = hostTable(report, {width: 80, color: true});
		const lines = text.split('\n');
		assert.match(lines[0]!, /^BLOCKED by apparmor-userns: /);
		assert.match(text, /✘ FAIL .*unshare -Ur/);
		assert.match(text, /\u001B\[31m✘ FAIL/);
		let inSnippet = false;
		for (const line of lines) {
			const body = line.trim();
			if (/^--- \S+ ---$/.test(body)) inSnippet = true;
			else if (body === '---') inSnippet = false;
			else if (!inSnippet && !/^Run( \(needs root\))?:/.test(body)) assert.ok(visible(line) <= 80, `wider than 80 columns: ${line}`);
		}
		assert.match(text, /Run \(needs root\): sudo sysctl kernel\.apparmor_restrict_unprivileged_userns=0/);
	});

	it('table under --read-only: the steps stay, the machine-changing commands are not offered', () => {
		const text = hostTable(report, {width: 80, readOnly: true});
		assert.match(text, /sudo sysctl kernel\.apparmor_restrict_unprivileged_userns=0/);
		assert.doesNotMatch(text, /Run \(needs root\)/);
	});

	it('markdown: a checks table, the fix and the evidence in probe format', () => {
		const text = hostMarkdown(report);
		assert.match(text, /^\*\*BLOCKED by apparmor-userns/m);
		assert.match(text, /^\| \*\*FAIL\*\* \| `unshare -Ur` \| unshare: write failed \/proc\/self\/uid_map: Operation not permitted/m);
		assert.match(text, /^### Lift AppArmor/m);
		assert.match(text, /^unshare_map=unshare: write failed \/proc\/self\/uid_map: Operation not permitted$/m);
		assert.match(text, /^FAILED$/m);
	});

	it('json: the contract\'s keys only, unknown values null', () => {
		const json = JSON.parse(hostJson(report)) as Record<string, unknown>;
		assert.deepEqual(Object.keys(json), ['os', 'kernel', 'user', 'checks', 'unshare', 'gate', 'fix', 'runtimes']);
		assert.deepEqual(json.user, {uid: 1000, root: false});
		assert.equal(json.gate, 'apparmor-userns');
		assert.equal(json.fix, 'host-apparmor-sysctl');
		const runtimes = json.runtimes as Record<string, Record<string, unknown>>;
		assert.deepEqual(runtimes.kind, {installed: true, clusters: [{name: 'halkyon', context: 'kind-halkyon', inKubeconfig: true, nodes: ['halkyon-control-plane']}], error: null});
		assert.deepEqual(runtimes.minikube, {installed: true, profiles: [], error: null});
		assert.deepEqual(runtimes.dockerDesktop, {detected: false, context: null, kernelVersion: null});
		assert.equal(runtimes.docker!.seccomp, 'builtin');
		assert.ok(!JSON.stringify(json).includes('undefined'));
	});

	it('wrap keeps words whole and never returns nothing', () => {
		assert.deepEqual(wrap('aa bb cc', 5), ['aa bb', 'cc']);
		assert.deepEqual(wrap('', 10), ['']);
		assert.deepEqual(wrap('/a/very/long/path x', 5), ['/a/very/long/path', 'x']);
	});
});
