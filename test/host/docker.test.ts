import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {inspectDocker, parseDockerInfo} from '../../source/host/docker.js';
import {runProcess} from '../../source/host/runner.js';
import {recorded, recordedRunner} from './recorded-runner.js';

const signal = new AbortController().signal;
const infoArgv = "docker info --format {{json .}}";

describe('inspectDocker', () => {
	it('reads the security options of Docker Engine on Ubuntu 24.04', async () => {
		const docker = await inspectDocker(recordedRunner({[infoArgv]: {stdout: recorded('docker-info-ubuntu-24.04.json')}}), signal);
		assert.deepEqual(docker, {
			installed: true,
			running: true,
			clientVersion: '29.6.1',
			serverVersion: '29.6.1',
			operatingSystem: 'Ubuntu 24.04.4 LTS',
			kernelVersion: '6.8.0-124-generic',
			desktop: false,
			rootless: false,
			apparmor: true,
			seccomp: 'builtin',
			selinux: false,
			cgroupns: true,
			userns: false,
			error: null,
		});
	});

	it('recognises Docker Desktop and its VM kernel', async () => {
		const docker = await inspectDocker(recordedRunner({[infoArgv]: {stdout: recorded('docker-info-desktop-macos.json')}}), signal);
		assert.equal(docker.desktop, true);
		assert.equal(docker.kernelVersion, '4.19.76-linuxkit');
		assert.equal(docker.seccomp, 'default');
		assert.equal(docker.apparmor, false);
	});

	it('turns a CLI without an engine into "not running" with docker\'s own line', async () => {
		const runner = recordedRunner({
			[infoArgv]: {exitCode: 1, stdout: recorded('docker-info-no-daemon.stdout'), stderr: recorded('docker-info-no-daemon.stderr')},
		});
		const docker = await inspectDocker(runner, signal);
		assert.equal(docker.installed, true);
		assert.equal(docker.running, false);
		assert.equal(docker.clientVersion, '28.2.2');
		assert.equal(docker.error, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
		assert.equal(docker.apparmor, null);
	});

	it('is "not installed" when there is no docker binary', async () => {
		const docker = await inspectDocker(recordedRunner({}), signal);
		assert.equal(docker.installed, false);
		assert.equal(docker.running, null);
		assert.equal(docker.error, null);
	});

	it('runs the real CLI on this machine: installed, no engine, no crash', async () => {
		const docker = await inspectDocker(runProcess, AbortSignal.timeout(15_000));
		assert.equal(docker.installed, true);
		assert.equal(docker.running, false);
		assert.match(docker.error ?? '', /Cannot connect to the Docker daemon/);
	});

	it('rejects text that is not docker info JSON', () => {
		assert.equal(parseDockerInfo('Cannot connect to the Docker daemon'), null);
	});
});
