import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import yaml from 'js-yaml';
import {fixIdFor} from '../../source/domain/gates.js';
import {allFixIds, fixById, fixFor} from '../../source/domain/fixes/index.js';
import {policyModule} from '../../source/domain/fixes/openshift-selinux.js';
import {environments, fixIds, gates, type EnvironmentId, type Fix, type FixId} from '../../source/domain/types.js';

const everyEnvironment: (EnvironmentId | null)[] = [...environments, null];
const all: Fix[] = allFixIds.flatMap((id) => everyEnvironment.map((environment) => fixById(id, environment)));

/** YAML snippets may hold several documents. */
const loadAll = (content: string) => yaml.loadAll(content) as Record<string, any>[];
const snippets = (fix: Fix) => fix.steps.flatMap((step) => (step.snippet === null ? [] : [step.snippet]));
const findStep = (fix: Fix, words: RegExp) => {
	const step = fix.steps.find((candidate) => words.test(candidate.title));
	assert.ok(step, `no step titled like ${words} in ${fix.id}`);
	return step;
};

describe('the catalog', () => {
	test('holds every fix id of SPEC section 5', () => {
		assert.deepEqual([...allFixIds].sort(), [...fixIds].sort());
	});
	test('every fix, in every environment, is complete', () => {
		for (const fix of all) {
			const where = `${fix.id} on ${fix.environment}`;
			assert.ok(fix.title.length > 10 && fix.why.length > 40 && fix.verify.length > 20, where);
			assert.ok(fix.steps.length >= 2 || fix.id === 'host-apparmor-sysctl', where);
			assert.ok(fix.steps.length >= 1, where);
			for (const step of fix.steps) {
				assert.ok(step.title.length > 3 && step.text.length > 20, `${where}: ${step.title}`);
				if (step.snippet) assert.ok(step.snippet.content.endsWith('\n') && step.snippet.language.length > 0, `${where}: ${step.title}`);
			}
		}
	});
	test('each fix answers the gate that leads to it', () => {
		for (const gate of gates) {
			for (const environment of everyEnvironment) {
				const fix = fixFor(gate, environment);
				if (gate === 'none') assert.equal(fix, null);
				else {
					assert.equal(fix!.id, fixIdFor(gate, environment));
					assert.equal(fix!.gate, gate);
					assert.equal(fix!.environment, environment);
				}
			}
		}
	});
	test('every YAML snippet parses', () => {
		for (const fix of all) for (const snippet of snippets(fix)) if (snippet.language === 'yaml') assert.doesNotThrow(() => loadAll(snippet.content), `${fix.id} on ${fix.environment}`);
	});
	test('commands are argv, never a shell string, and say what they need', () => {
		for (const fix of all) {
			for (const step of fix.steps) {
				const command = step.command;
				if (command === null) continue;
				const where = `${fix.id}: ${step.title}`;
				assert.ok(command.argv.length > 0 && command.run.length > 0, where);
				assert.ok(!['sh', 'bash', '/bin/sh', 'zsh'].includes(command.argv[0]!), `${where}: runs a shell`);
				for (const arg of command.argv) assert.ok(!/[|;&<>`$]/.test(arg), `${where}: shell syntax in ${arg}`);
				assert.equal(command.needsRoot, command.argv[0] === 'sudo', where);
				assert.equal(typeof command.changesMachine, 'boolean', where);
			}
		}
	});
	test('a read-only check never claims to change the machine, a sysctl write always does', () => {
		for (const fix of all) {
			for (const {command} of fix.steps) {
				if (command === null) continue;
				const writes = command.argv.some((arg) => /=\d+$/.test(arg)) || command.argv.includes('tee');
				assert.equal(command.changesMachine, writes, command.run);
			}
		}
	});
});

describe('bottlerocket-sysctl', () => {
	const fix = fixById('bottlerocket-sysctl', 'eks-bottlerocket');
	test('launch template TOML: the quoted dotted key, and why it must be quoted', () => {
		const step = findStep(fix, /launch template/);
		assert.equal(step.snippet!.language, 'toml');
		assert.equal(step.snippet!.content, "[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'\n");
		assert.match(step.text, /invalid type: map, expected a string/);
	});
	test('eksctl ClusterConfig sets it through bottlerocket.settings', () => {
		const [config] = loadAll(findStep(fix, /eksctl/).snippet!.content);
		assert.equal(config!['apiVersion'], 'eksctl.io/v1alpha5');
		assert.equal(config!['kind'], 'ClusterConfig');
		const group = config!['managedNodeGroups'][0];
		assert.equal(group.amiFamily, 'Bottlerocket');
		assert.equal(group.bottlerocket.settings.kernel.sysctl['user.max_user_namespaces'], '15000');
	});
	test('Karpenter EC2NodeClass carries the TOML in userData', () => {
		const [nodeClass] = loadAll(findStep(fix, /Karpenter/).snippet!.content);
		assert.equal(nodeClass!['apiVersion'], 'karpenter.k8s.aws/v1');
		assert.equal(nodeClass!['kind'], 'EC2NodeClass');
		assert.deepEqual(nodeClass!['spec'].amiSelectorTerms, [{alias: 'bottlerocket@latest'}]);
		assert.equal(nodeClass!['spec'].userData, "[settings.kernel.sysctl]\n'user.max_user_namespaces' = '15000'\n");
	});
	test('apiclient on a running node sends valid JSON with the dotted key whole', () => {
		const content = findStep(fix, /apiclient/).snippet!.content;
		const json = /apiclient set --json '([^']+)'/.exec(content)?.[1];
		assert.ok(json, content);
		assert.deepEqual(JSON.parse(json), {kernel: {sysctl: {'user.max_user_namespaces': '15000'}}});
	});
});

describe('openshift-sysctl', () => {
	const fix = fixById('openshift-sysctl', 'openshift-rhcos');
	test('a worker MachineConfig writing /etc/sysctl.d/99-userns.conf', () => {
		const [config] = loadAll(findStep(fix, /MachineConfig/).snippet!.content);
		assert.equal(config!['apiVersion'], 'machineconfiguration.openshift.io/v1');
		assert.equal(config!['metadata'].labels['machineconfiguration.openshift.io/role'], 'worker');
		assert.equal(config!['spec'].config.ignition.version, '3.2.0');
		const [file] = config!['spec'].config.storage.files;
		assert.equal(file.path, '/etc/sysctl.d/99-userns.conf');
		assert.equal(file.mode, 0o644);
		const [, base64] = /^data:text\/plain;charset=utf-8;base64,(.+)$/.exec(file.contents.source)!;
		assert.equal(Buffer.from(base64!, 'base64').toString('utf8'), 'user.max_user_namespaces = 15000\n');
	});
	test('says the pool reboots, and how to watch it', () => {
		assert.match(fix.why, /reboot/);
		assert.match(findStep(fix, /roll out/).snippet!.content, /oc get machineconfigpool worker/);
	});
	test('ends with the custom SCC for restricted-v2', () => {
		const scc = fix.steps.at(-1)!;
		const [object] = loadAll(scc.snippet!.content);
		assert.equal(object!['kind'], 'SecurityContextConstraints');
		assert.deepEqual(object!['seccompProfiles'], ['unconfined']);
		assert.deepEqual(object!['runAsUser'], {type: 'MustRunAs', uid: 3377});
		assert.equal(object!['allowPrivilegedContainer'], false);
		assert.match(scc.text, /oc adm policy add-scc-to-user prg-probe -z default -n <namespace>/);
	});
});

describe('openshift-selinux', () => {
	const rhcos = fixById('openshift-selinux', 'openshift-rhcos');
	test('confirms the gate first with oc debug: the AVC and the policy version', () => {
		const first = rhcos.steps[0]!;
		assert.match(first.snippet!.content, /oc debug node\/<node> -- chroot \/host ausearch -m AVC/);
		assert.match(first.snippet!.content, /oc debug node\/<node> -- chroot \/host rpm -q container-selinux/);
	});
	test('prefers container-selinux >= 2.232.0: by release on RHCOS, by yum on RHEL workers', () => {
		assert.match(rhcos.steps[1]!.text, /2\.232\.0/);
		assert.match(rhcos.steps[1]!.snippet!.content, /oc adm upgrade/);
		assert.match(fixById('openshift-selinux', 'openshift-rhel').steps[1]!.snippet!.content, /yum update -y container-selinux/);
	});
	test('the local module grants exactly user_namespace create to container_t', () => {
		assert.match(policyModule, /^allow container_t self:user_namespace create;$/m);
		assert.equal((policyModule.match(/^allow /gm) ?? []).length, 1);
	});
	test('build commands run checkmodule and semodule_package by argv', () => {
		assert.deepEqual(findStep(rhcos, /Compile/).command!.argv, ['checkmodule', '-M', '-m', '-o', 'prg_userns.mod', 'prg_userns.te']);
		assert.deepEqual(findStep(rhcos, /Package/).command!.argv, ['semodule_package', '-o', 'prg_userns.pp', '-m', 'prg_userns.mod']);
	});
	test('the MachineConfig ships the module and a unit that loads it', () => {
		const [config] = loadAll(findStep(rhcos, /MachineConfig/).snippet!.content);
		assert.equal(config!['spec'].config.ignition.version, '3.2.0');
		assert.equal(config!['spec'].config.storage.files[0].path, '/etc/prg-doctor/prg_userns.pp');
		const [unit] = config!['spec'].config.systemd.units;
		assert.equal(unit.enabled, true);
		assert.match(unit.contents, /^ExecStart=\/usr\/sbin\/semodule -i \/etc\/prg-doctor\/prg_userns\.pp$/m);
		assert.match(unit.contents, /^\[Install\]\nWantedBy=multi-user\.target$/m);
	});
	const haveTools = existsSync('/usr/bin/checkmodule') && existsSync('/usr/bin/semodule_package');
	test('the module compiles and packages with the real tools', {skip: haveTools ? false : 'needs checkmodule and semodule_package (Debian: checkpolicy, semodule-utils)'}, () => {
		const dir = mkdtempSync(join(tmpdir(), 'prg-te-'));
		try {
			writeFileSync(join(dir, 'prg_userns.te'), policyModule);
			for (const step of [findStep(rhcos, /Compile/), findStep(rhcos, /Package/)]) {
				const [program, ...args] = step.command!.argv;
				const run = spawnSync(program!, args, {cwd: dir, encoding: 'utf8'});
				assert.equal(run.status, 0, run.stderr);
			}
			assert.ok(existsSync(join(dir, 'prg_userns.pp')));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('host-apparmor-sysctl', () => {
	const kind = fixById('host-apparmor-sysctl', 'kind');
	test('the runnable host commands, with root and machine changes declared', () => {
		const commands = kind.steps.flatMap((step) => (step.command ? [step.command] : []));
		assert.deepEqual(
			commands.map(({argv, needsRoot, changesMachine}) => ({argv, needsRoot, changesMachine})),
			[
				{argv: ['sysctl', 'kernel.apparmor_restrict_unprivileged_userns'], needsRoot: false, changesMachine: false},
				{argv: ['sudo', 'sysctl', 'kernel.apparmor_restrict_unprivileged_userns=0'], needsRoot: true, changesMachine: true},
				{argv: ['sudo', 'tee', '/etc/sysctl.d/99-prg-userns.conf'], needsRoot: true, changesMachine: true},
			],
		);
		assert.equal(commands[1]!.run, 'sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0', 'the PRG documentation’s own line');
		assert.equal(commands[2]!.stdin, 'kernel.apparmor_restrict_unprivileged_userns = 0\n');
		assert.match(kind.verify, /prg-doctor host/);
	});
	test('Minikube on Docker is offered a VM driver', () => {
		const minikube = fixById('host-apparmor-sysctl', 'minikube-docker');
		assert.ok(minikube.steps.some((step) => step.snippet?.content.includes('minikube start --driver=kvm2')));
	});
	test('VM-backed clusters change the VM’s kernel, through its own shell', () => {
		const vm = fixById('host-apparmor-sysctl', 'minikube-vm');
		assert.deepEqual(vm.steps.map((step) => step.command?.argv), [['minikube', 'ssh', '--', 'sudo', 'sysctl', 'kernel.apparmor_restrict_unprivileged_userns=0']]);
		assert.equal(vm.steps[0]!.command!.needsRoot, false, 'no local root needed');
	});
});

describe('node fixes', () => {
	test('node-apparmor-sysctl: a privileged DaemonSet pinned to the pool by its cloud label', () => {
		const fix = fixById('node-apparmor-sysctl', 'gke-ubuntu');
		const [daemonSet] = loadAll(findStep(fix, /DaemonSet/).snippet!.content);
		const spec = daemonSet!['spec'].template.spec;
		assert.deepEqual(spec.nodeSelector, {'cloud.google.com/gke-nodepool': '<pool>'});
		assert.deepEqual(spec.initContainers[0].command, ['sysctl', '-w', 'kernel.apparmor_restrict_unprivileged_userns=0']);
		assert.equal(spec.initContainers[0].securityContext.privileged, true);
		assert.deepEqual(spec.tolerations, [{operator: 'Exists'}]);
	});
	test('node-sysctl: EKS AL2023 persists through MIME user data, Talos through machine.sysctls', () => {
		const eks = fixById('node-sysctl', 'eks-al2023').steps.at(-1)!.snippet!.content;
		assert.match(eks, /^Content-Type: multipart\/mixed; boundary="\/\/"$/m);
		assert.match(eks, /echo 'user\.max_user_namespaces = 15000' > \/etc\/sysctl\.d\/99-prg-userns-limit\.conf/);
		const [talos] = loadAll(fixById('node-sysctl', 'talos').steps.at(-1)!.snippet!.content);
		assert.deepEqual(talos!['machine'].sysctls, {'user.max_user_namespaces': '15000'});
	});
	test('node-sysctl and userns-clone-sysctl persist to different files, so one never erases the other', () => {
		const files = (id: 'node-sysctl' | 'userns-clone-sysctl') => fixById(id, 'generic').steps.flatMap((step) => [step.command?.run ?? '', step.snippet?.content ?? '']).join('\n').match(/\/etc\/sysctl\.d\/[\w.-]+\.conf/g) ?? [];
		const limit = new Set(files('node-sysctl'));
		const clone = new Set(files('userns-clone-sysctl'));
		assert.ok(limit.size > 0 && clone.size > 0);
		for (const file of limit) assert.ok(!clone.has(file), `${file} is written by both fixes`);
	});
	test('node-sysctl: the el7 note names the boot arguments older releases need', () => {
		assert.match(fixById('node-sysctl', 'generic').steps[0]!.text, /user_namespace\.enable=1 namespace\.unpriv_enable=1/);
	});
	test('node-sysctl on kind fixes this machine, not a node', () => {
		const fix = fixById('node-sysctl', 'kind');
		assert.deepEqual(fix.steps.map((step) => step.command?.argv[0]), ['sysctl', 'sudo', 'sudo']);
		assert.match(fix.verify, /prg-doctor host/);
	});
	test('userns-clone-sysctl sets the Debian switch to 1', () => {
		const fix = fixById('userns-clone-sysctl', 'generic');
		const [daemonSet] = loadAll(findStep(fix, /DaemonSet/).snippet!.content);
		assert.deepEqual(daemonSet!['spec'].template.spec.initContainers[0].command, ['sysctl', '-w', 'kernel.unprivileged_userns_clone=1']);
	});
	test('seccomp-unconfined on OpenShift points at the SCC', () => {
		const fix = fixById('seccomp-unconfined', 'openshift-rhcos');
		assert.ok(fix.steps.some((step) => step.snippet?.content.includes('kind: SecurityContextConstraints')));
		assert.ok(!fixById('seccomp-unconfined', 'eks').steps.some((step) => step.snippet?.content.includes('SecurityContextConstraints')));
	});
	test('support explains how to make and send the report', () => {
		const fix = fixById('support', null);
		assert.match(fix.steps[0]!.snippet!.content, /prg-doctor report/);
		assert.ok(fix.steps.some((step) => /info@signadot\.com/.test(step.text)));
	});
});

test('fixFor picks per SPEC section 5 for the environments people run', () => {
	const table: [Parameters<typeof fixFor>[0], EnvironmentId | null, FixId][] = [
		['userns-limit', 'eks-bottlerocket', 'bottlerocket-sysctl'],
		['userns-limit', 'openshift-rhcos', 'openshift-sysctl'],
		['userns-limit', 'eks-al2023', 'node-sysctl'],
		['selinux-userns', 'openshift-rhcos', 'openshift-selinux'],
		['apparmor-userns', 'kind', 'host-apparmor-sysctl'],
		['apparmor-userns', 'aks-ubuntu', 'node-apparmor-sysctl'],
		['unknown', null, 'support'],
	];
	for (const [gate, environment, id] of table) assert.equal(fixFor(gate, environment)!.id, id);
});
