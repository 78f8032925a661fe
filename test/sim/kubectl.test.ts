// The real kubectl against the sim, exactly as people use it: the documented manual probe
// procedure (apply, wait, logs, delete) pinned to a Bottlerocket node (FAILED) and an AL2023
// node (OK) of sim-eks and unpinned on minikube, plus get nodes/pods/--raw on every context and
// the refusals kubectl prints from the server's Status bodies.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {realKubeletAvailable, realKubeletProblem} from '../../source/sim/exec/index.js';
import {hasKubectl, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// The manifest of plan-runner-groups.md, "How to verify a node with a probe pod", unchanged.
const documentedProbe = `apiVersion: v1
kind: Pod
metadata:
  name: prg-probe
spec:
  restartPolicy: Never
  securityContext:
    runAsNonRoot: true
    runAsUser: 3377
    runAsGroup: 3377
  containers:
  - name: probe
    image: alpine:3.19
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      seccompProfile:
        type: Unconfined
    command: ["sh", "-c"]
    args: ["unshare -U echo OK || echo FAILED"]
`;

const pinned = (node: string): string => documentedProbe.replace('  restartPolicy: Never\n', `  restartPolicy: Never\n  nodeName: ${node}\n`);

describe('kubectl against the sim', {skip: hasKubectl ? false : 'kubectl is not on PATH; install kubectl to run these tests'}, () => {
	let sim: TestSim;
	let dir: string;
	before(async () => {
		sim = await startTestSim(null, {latencyMs: 100});
		dir = mkdtempSync(join(tmpdir(), 'prg-doctor-kubectl-'));
	});
	after(async () => {
		await sim.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	async function nodeWhere(context: string, test: (node: any) => boolean): Promise<string> {
		const listed = await kubectl(sim, ['--context', context, 'get', 'nodes', '-o', 'json']);
		assert.equal(listed.status, 0, listed.stderr);
		const node = JSON.parse(listed.stdout).items.find(test);
		assert.ok(node, `no matching node in ${context}`);
		return node.metadata.name;
	}

	async function documentedProcedure(context: string, manifest: string): Promise<string> {
		const file = join(dir, 'prg-probe.yaml');
		writeFileSync(file, manifest);
		const applied = await kubectl(sim, ['--context', context, 'apply', '-f', 'prg-probe.yaml'], {cwd: dir});
		assert.equal(applied.status, 0, applied.stderr);
		assert.equal(applied.stdout.trim(), 'pod/prg-probe created');
		const waited = await kubectl(sim, ['--context', context, 'wait', "--for=jsonpath={.status.phase}=Succeeded", 'pod/prg-probe', '--timeout=60s']);
		assert.equal(waited.status, 0, waited.stderr);
		assert.equal(waited.stdout.trim(), 'pod/prg-probe condition met');
		const logs = await kubectl(sim, ['--context', context, 'logs', 'prg-probe']);
		assert.equal(logs.status, 0, logs.stderr);
		const deleted = await kubectl(sim, ['--context', context, 'delete', 'pod', 'prg-probe']);
		assert.equal(deleted.status, 0, deleted.stderr);
		assert.equal(deleted.stdout.trim(), 'pod "prg-probe" deleted');
		const gone = await kubectl(sim, ['--context', context, 'get', 'pod', 'prg-probe']);
		assert.notEqual(gone.status, 0);
		assert.match(gone.stderr, /Error from server \(NotFound\): pods "prg-probe" not found/);
		return logs.stdout;
	}

	it('runs the documented procedure pinned to a Bottlerocket node: FAILED', async () => {
		const node = await nodeWhere('sim-eks', (entry) => /^Bottlerocket/.test(entry.status.nodeInfo.osImage) && entry.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'));
		const log = await documentedProcedure('sim-eks', pinned(node));
		assert.match(log, /FAILED\n$/);
	});

	it('runs the documented procedure pinned to an AL2023 node: OK', async () => {
		const node = await nodeWhere('sim-eks', (entry) => /^Amazon Linux 2023/.test(entry.status.nodeInfo.osImage) && entry.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'));
		const log = await documentedProcedure('sim-eks', pinned(node));
		assert.match(log, /OK\n$/);
	});

	it('runs the documented procedure unpinned on minikube: scheduled, OK', async () => {
		const log = await documentedProcedure('minikube', documentedProbe);
		assert.match(log, /OK\n$/);
	});

	it('gets the verdict from this kernel with --kubelet real: Bottlerocket FAILED, AL2023 OK', {skip: realKubeletAvailable() ? false : `the real kubelet cannot run here: ${realKubeletProblem()}`}, async () => {
		const real = await startTestSim(null, {latencyMs: 100, kubelet: 'real'});
		const saved = sim;
		sim = real;
		try {
			const bottlerocket = await nodeWhere('sim-eks', (entry) => /^Bottlerocket/.test(entry.status.nodeInfo.osImage));
			const blocked = await documentedProcedure('sim-eks', pinned(bottlerocket));
			assert.match(blocked, /^unshare: unshare\(0x10000000\): No space left on device\nFAILED\n$/);
			const al2023 = await nodeWhere('sim-eks', (entry) => /^Amazon Linux 2023/.test(entry.status.nodeInfo.osImage));
			assert.equal(await documentedProcedure('sim-eks', pinned(al2023)), 'OK\n');
		} finally {
			sim = saved;
			await real.stop();
		}
	});

	it('answers get nodes, get pods -l and get --raw /version on every context', async () => {
		for (const {name} of sim.contexts) {
			const version = await kubectl(sim, ['--context', name, 'get', '--raw', '/version']);
			assert.equal(version.status, 0, `${name}: ${version.stderr}`);
			assert.match(JSON.parse(version.stdout).gitVersion, /^v1\.\d+\.\d+/);
			const nodes = await kubectl(sim, ['--context', name, 'get', 'nodes']);
			assert.equal(nodes.status, 0, `${name}: ${nodes.stderr}`);
			const lines = nodes.stdout.trim().split('\n');
			assert.match(lines[0], /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
			assert.ok(lines.length >= 2, `${name} has nodes`);
			assert.match(lines[1], /\s(Ready|NotReady)(,SchedulingDisabled)?\s/);
			const pods = await kubectl(sim, ['--context', name, 'get', 'pods', '-l', 'app.kubernetes.io/name=prg-probe']);
			assert.equal(pods.status, 0, `${name}: ${pods.stderr}`);
			assert.match(pods.stderr + pods.stdout, /No resources found in default namespace\.|NAME\s+READY\s+STATUS/);
		}
	});

	it('lists probe pods by label with kubectl get pods -l', async () => {
		const manifest = documentedProbe.replace('  name: prg-probe\n', '  name: labelled\n  labels:\n    app.kubernetes.io/name: prg-probe\n');
		const created = await kubectl(sim, ['--context', 'minikube', 'create', '-f', '-'], {input: manifest});
		assert.equal(created.status, 0, created.stderr);
		const listed = await kubectl(sim, ['--context', 'minikube', 'get', 'pods', '-l', 'app.kubernetes.io/name=prg-probe', '-o', 'name']);
		assert.equal(listed.stdout.trim(), 'pod/labelled');
		const other = await kubectl(sim, ['--context', 'minikube', 'get', 'pods', '-l', 'app.kubernetes.io/name=other', '-o', 'name']);
		assert.equal(other.stdout.trim(), '');
		const deleted = await kubectl(sim, ['--context', 'minikube', 'delete', 'pods', '-l', 'app.kubernetes.io/name=prg-probe']);
		assert.equal(deleted.status, 0, deleted.stderr);
	});

	it('prints the server refusals: RBAC for the read-only user, PSA in restricted-ns', async () => {
		const readonly = await kubectl(sim, ['--context', 'sim-eks-readonly', 'create', '-f', '-'], {input: documentedProbe});
		assert.equal(readonly.status, 1);
		assert.match(readonly.stderr, /^Error from server \(Forbidden\): error when creating "STDIN": pods is forbidden: User "[^"]+" cannot create resource "pods" in API group "" in the namespace "default"/);
		const psa = await kubectl(sim, ['--context', 'sim-eks', '-n', 'restricted-ns', 'create', '-f', '-'], {input: documentedProbe});
		assert.equal(psa.status, 1);
		assert.match(psa.stderr, /pods "prg-probe" is forbidden: violates PodSecurity "baseline:latest": seccompProfile \(container "probe" must not set securityContext\.seccompProfile\.type to "Unconfined"\)/);
		const canI = await kubectl(sim, ['--context', 'sim-eks-readonly', 'auth', 'can-i', 'create', 'pods']);
		assert.equal(canI.stdout.trim(), 'no');
	});

	it('refuses the probe by SCC in a restricted-v2 OpenShift project and admits it in default', async () => {
		const listed = await kubectl(sim, ['--context', 'sim-openshift', 'get', 'namespaces', '-o', 'json']);
		const project = JSON.parse(listed.stdout).items.find((ns: any) => ns.metadata.annotations?.['openshift.io/sa.scc.uid-range'])?.metadata.name;
		assert.ok(project, 'sim-openshift has a project with a restricted-v2 UID range');
		const refused = await kubectl(sim, ['--context', 'sim-openshift', '-n', project, 'create', '-f', '-'], {input: documentedProbe});
		assert.equal(refused.status, 1);
		assert.match(refused.stderr, /pods "prg-probe" is forbidden: unable to validate against any security context constraint: \[provider "anyuid": Forbidden: not usable by user or serviceaccount, provider restricted-v2: .*runAsUser: Invalid value: 3377: must be in the ranges: \[\d+, \d+\].*unconfined is not an allowed seccomp profile/);
		const admitted = await kubectl(sim, ['--context', 'sim-openshift', 'create', '-f', '-'], {input: documentedProbe});
		assert.equal(admitted.status, 0, admitted.stderr);
		const deleted = await kubectl(sim, ['--context', 'sim-openshift', 'delete', 'pod', 'prg-probe']);
		assert.equal(deleted.status, 0, deleted.stderr);
	});

	it('rejects an unknown field through server-side strict validation', async () => {
		const manifest = documentedProbe.replace('    image: alpine:3.19\n', '    image: alpine:3.19\n    imagePolicy: Always\n');
		const applied = await kubectl(sim, ['--context', 'sim-eks', 'apply', '-f', '-'], {input: manifest});
		assert.equal(applied.status, 1);
		assert.match(applied.stderr, /strict decoding error: unknown field "spec\.containers\[0\]\.imagePolicy"/);
	});
});
