// node-sysctl and userns-clone-sysctl: plain kernel settings on nodes you manage yourself (or on
// this machine, for a local cluster on Docker). Set now on the running nodes, then persist in
// sysctl.d through whatever builds the nodes.
import type {EnvironmentId, Fix, FixStep} from '../types.js';
import {environmentTitle, sharesHostKernel} from './environment-words.js';
import {cloudInitSysctl, localCommand, nodeDebug, persistSysctlCommand, reprobePool, rerunHost, snippet, step, sysctlDaemonSet} from './steps.js';

type Setting = {readonly name: string; readonly value: string; readonly file: string; readonly daemonSet: string};

const limit: Setting = {name: 'user.max_user_namespaces', value: '15000', file: '/etc/sysctl.d/99-prg-userns-limit.conf', daemonSet: 'prg-userns-limit'};
const clone: Setting = {name: 'kernel.unprivileged_userns_clone', value: '1', file: '/etc/sysctl.d/99-prg-userns-clone.conf', daemonSet: 'prg-userns-clone'};

const line = (setting: Setting) => `${setting.name} = ${setting.value}`;
const assignment = (setting: Setting) => `${setting.name}=${setting.value}`;

/** For kind, Minikube (Docker driver) and k3d: the nodes run on this machine's kernel. */
function hostSteps(setting: Setting): FixStep[] {
	return [
		step('Check the setting on this machine', 'Your local cluster’s nodes share this machine’s kernel, so its value is theirs.', snippet('sh', `sysctl ${setting.name}`), localCommand(['sysctl', setting.name], {needsRoot: false, changesMachine: false})),
		step('Set it now', 'Running clusters pick it up at once.', snippet('sh', `sudo sysctl -w ${assignment(setting)}`), localCommand(['sudo', 'sysctl', '-w', assignment(setting)], {needsRoot: true, changesMachine: true})),
		step('Keep it after a reboot', `Writes ${setting.file}, which the system applies at every boot.`, snippet('sh', `echo '${line(setting)}' | sudo tee ${setting.file}`), persistSysctlCommand(setting.file, line(setting))),
	];
}

function persistStep(setting: Setting, environment: EnvironmentId | null): FixStep {
	switch (environment) {
		case 'eks':
		case 'eks-al2':
		case 'eks-al2023':
			return step(
				'For good: add it to the launch template user data',
				'EKS node groups with a launch template take MIME multi-part user data; a shell-script part runs at boot on Amazon Linux 2 and 2023 alike. Create a new launch template version and update the node group to it; its nodes are replaced.',
				snippet('text', `MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="//"

--//
Content-Type: text/x-shellscript; charset="us-ascii"

#!/bin/bash
echo '${line(setting)}' > ${setting.file}
sysctl --system

--//--
`),
			);
		case 'talos':
			return step('For good: add it to the Talos machine config', 'Talos applies machine.sysctls at boot. Patch the config of the pool’s nodes with `talosctl patch mc --nodes <node> --patch @userns.yaml`.', snippet('yaml', `machine:
  sysctls:
    ${setting.name}: "${setting.value}"
`));
		default:
			return step('For good: write it to sysctl.d on every node', `Whatever builds the nodes (image, cloud-init, configuration management) should write ${setting.file}. With cloud-init user data:`, snippet('yaml', cloudInitSysctl(setting.file, line(setting))));
	}
}

function nodeSteps(setting: Setting, environment: EnvironmentId | null, notes: string): FixStep[] {
	return [
		step('Confirm on a node', `A node debug pod reads the value from the node itself.${notes}`, snippet('sh', nodeDebug(`sysctl ${setting.name}`))),
		step(
			'Set it on the running nodes with a DaemonSet',
			'A privileged init container sets the value on each node of the pool, and on new nodes as they join. It needs a namespace that admits privileged pods (kube-system usually does). To fix a single node by hand instead: `' + nodeDebug(`sysctl -w ${assignment(setting)}`) + '`.',
			snippet('yaml', sysctlDaemonSet(setting.daemonSet, assignment(setting), environment)),
		),
		persistStep(setting, environment),
	];
}

const el7 = ' On RHEL/CentOS 7 (kernel 3.10.0-…el7) user namespaces are off by default and unshare answers "Invalid argument": 7.4 and later need only this setting; 7.2 and 7.3 also need the boot arguments `user_namespace.enable=1 namespace.unpriv_enable=1` (`grubby --update-kernel=ALL --args=…`) and a reboot.';

export function nodeSysctl(environment: EnvironmentId | null): Fix {
	const local = sharesHostKernel(environment);
	return {
		id: 'node-sysctl',
		title: local ? 'Raise user.max_user_namespaces on this machine' : 'Raise user.max_user_namespaces on the pool’s nodes',
		gate: 'userns-limit',
		environment,
		why: `user.max_user_namespaces is 0 (or used up) on ${local ? 'this machine, whose kernel the cluster’s nodes share' : `these ${environmentTitle(environment)} nodes`}, so the kernel refuses every new user namespace ("No space left on device"). 15000 is a common value; any value above the sandboxes a node runs at once works.`,
		// RHEL/CentOS 7 only turns up on nodes we cannot name more precisely.
		steps: local ? hostSteps(limit) : nodeSteps(limit, environment, ` 0 confirms this gate.${environment === 'generic' || environment === null ? el7 : ''}`),
		verify: local ? rerunHost : reprobePool,
	};
}

export function usernsCloneSysctl(environment: EnvironmentId | null): Fix {
	const local = sharesHostKernel(environment);
	return {
		id: 'userns-clone-sysctl',
		title: local ? 'Allow unprivileged user namespaces on this machine' : 'Allow unprivileged user namespaces on the pool’s nodes',
		gate: 'userns-clone',
		environment,
		why: 'Debian kernels carry a switch, kernel.unprivileged_userns_clone, that limits user namespaces to root when it is 0 (the default up to Debian 10). Setting it to 1 restores the upstream behaviour.',
		steps: local ? hostSteps(clone) : nodeSteps(clone, environment, ' 0 confirms this gate.'),
		verify: local ? rerunHost : reprobePool,
	};
}
