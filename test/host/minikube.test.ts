import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {inspectMinikube, parseMinikubeProfiles} from '../../source/host/minikube.js';
import {runProcess} from '../../source/host/runner.js';
import {recorded, recordedRunner} from './recorded-runner.js';

const signal = new AbortController().signal;

describe('inspectMinikube', () => {
	it('reads a docker-driver profile: shares this kernel', async () => {
		const runner = recordedRunner({'minikube profile list -o json': {stdout: recorded('minikube-profile-list.json')}});
		const minikube = await inspectMinikube({runner, signal, contexts: new Set(['minikube'])});
		assert.deepEqual(minikube.profiles, [
			{
				name: 'minikube',
				status: 'Running',
				driver: 'docker',
				kubernetesVersion: 'v1.19.2',
				containerRuntime: 'docker',
				nodes: 1,
				environment: 'minikube-docker',
				sharesHostKernel: true,
				context: 'minikube',
				inKubeconfig: true,
				valid: true,
			},
		]);
	});

	it('reads a kvm2 profile: a VM with its own kernel', () => {
		const [profile] = parseMinikubeProfiles(recorded('minikube-profile-list-kvm2.json'), null) ?? [];
		assert.equal(profile?.driver, 'kvm2');
		assert.equal(profile?.environment, 'minikube-vm');
		assert.equal(profile?.sharesHostKernel, false);
		assert.equal(profile?.inKubeconfig, null);
	});

	it('treats "no profile" as no profiles, and other failures as an error', async () => {
		const none = recordedRunner({'minikube profile list -o json': {exitCode: 0, stderr: recorded('minikube-profile-list-none.stderr')}});
		assert.deepEqual(await inspectMinikube({runner: none, signal, contexts: null}), {installed: true, profiles: [], error: null});
		const broken = recordedRunner({'minikube profile list -o json': {exitCode: 1, stderr: 'something else broke\n'}});
		assert.equal((await inspectMinikube({runner: broken, signal, contexts: null})).error, 'something else broke');
	});

	it('is "not installed" on this machine', async () => {
		assert.deepEqual(await inspectMinikube({runner: runProcess, signal: AbortSignal.timeout(10_000), contexts: null}), {installed: false, profiles: [], error: null});
	});
});
