import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {inspectKind} from '../../source/host/kind.js';
import {runProcess} from '../../source/host/runner.js';
import {recorded, recordedRunner} from './recorded-runner.js';

const signal = new AbortController().signal;

describe('inspectKind', () => {
	it('lists clusters, their node containers and their kubeconfig contexts', async () => {
		const runner = recordedRunner({
			'kind get clusters': {stdout: recorded('kind-get-clusters.stdout')},
			'kind get nodes --name halkyon': {stdout: recorded('kind-get-nodes-halkyon.stdout')},
		});
		const kind = await inspectKind({runner, signal, contexts: new Set(['kind-halkyon', 'prod'])});
		assert.deepEqual(kind, {
			installed: true,
			clusters: [{name: 'halkyon', context: 'kind-halkyon', inKubeconfig: true, nodes: ['halkyon-control-plane']}],
			error: null,
		});
	});

	it('reads "No kind clusters found." as no clusters', async () => {
		const runner = recordedRunner({'kind get clusters': {stderr: recorded('kind-get-clusters-none.stderr')}});
		assert.deepEqual(await inspectKind({runner, signal, contexts: null}), {installed: true, clusters: [], error: null});
	});

	it('keeps kind\'s error and the docker line that explains it', async () => {
		const runner = recordedRunner({'kind get clusters': {exitCode: 1, stderr: recorded('kind-get-clusters-no-access.stderr')}});
		const kind = await inspectKind({runner, signal, contexts: null});
		assert.equal(kind.installed, true);
		assert.equal(kind.error, 'ERROR: failed to list clusters: permission denied while trying to connect to the docker API at unix:///var/run/docker.sock');
	});

	it('is "not installed" on this machine', async () => {
		assert.deepEqual(await inspectKind({runner: runProcess, signal: AbortSignal.timeout(10_000), contexts: null}), {installed: false, clusters: [], error: null});
	});
});
