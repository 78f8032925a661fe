// openshift-selinux: SELinux policy older than container-selinux 2.232.0 does not let container_t
// create user namespaces. Newer policy fixes it; until then a one-rule local module grants it.
import type {EnvironmentId, Fix, FixStep} from '../types.js';
import {machineConfigRollout, sccStep} from './openshift.js';
import {localCommand, reprobePool, snippet, step} from './steps.js';

export const policyModule = `module prg_userns 1.0;

require {
	type container_t;
	class user_namespace create;
}

# Let containers create user namespaces (what container-selinux >= 2.232.0 allows).
allow container_t self:user_namespace create;
`;

const loadUnit = `[Unit]
Description=Load the prg_userns SELinux module (user_namespace create for container_t)
ConditionPathExists=/etc/prg-doctor/prg_userns.pp
Before=crio.service kubelet.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/sbin/semodule -i /etc/prg-doctor/prg_userns.pp

[Install]
WantedBy=multi-user.target
`;

export function selinuxMachineConfig(): string {
	const unit = loadUnit
		.trimEnd()
		.split('\n')
		.map((line) => (line === '' ? '' : `            ${line}`))
		.join('\n');
	return `apiVersion: machineconfiguration.openshift.io/v1
kind: MachineConfig
metadata:
  name: 99-worker-prg-userns-selinux
  labels:
    machineconfiguration.openshift.io/role: worker
spec:
  config:
    ignition:
      version: 3.2.0
    storage:
      files:
        - path: /etc/prg-doctor/prg_userns.pp
          mode: 420          # 0644
          overwrite: true
          contents:
            # paste the output of: base64 -w0 prg_userns.pp
            source: data:;base64,<base64 of prg_userns.pp>
    systemd:
      units:
        - name: prg-userns-selinux.service
          enabled: true
          contents: |
${unit}
`;
}

function confirmStep(): FixStep {
	return step(
		'Confirm the gate on a node',
		'Look for the denial and the policy version. An AVC line with `{ create }` and `tclass=user_namespace` for container_t confirms this gate; container-selinux below 2.232.0 explains it.',
		snippet(
			'sh',
			`oc debug node/<node> -- chroot /host ausearch -m AVC -ts recent
oc debug node/<node> -- chroot /host rpm -q container-selinux`,
		),
	);
}

function updateStep(environment: EnvironmentId | null): FixStep {
	if (environment === 'openshift-rhel') {
		return step(
			'Preferred: update container-selinux to 2.232.0 or later',
			'RHEL compute nodes take packages from their own repositories: update the package on each worker (drain it first), then confirm the version.',
			snippet('sh', `sudo yum update -y container-selinux
rpm -q container-selinux`),
		);
	}
	return step(
		'Preferred: get container-selinux 2.232.0 or later',
		'RHCOS is image-based: its container-selinux comes with the OpenShift release. Upgrade the cluster to a release whose RHCOS carries container-selinux >= 2.232.0, then confirm on a node with `rpm -q container-selinux`.',
		snippet('sh', `oc adm upgrade
oc adm upgrade --to=<version>`),
	);
}

export function openshiftSelinux(environment: EnvironmentId | null): Fix {
	return {
		id: 'openshift-selinux',
		title: 'Let container_t create user namespaces (SELinux)',
		gate: 'selinux-userns',
		environment,
		why: 'SELinux policy older than container-selinux 2.232.0 does not give containers (container_t) the user_namespace create permission, so unshare fails with "Permission denied" and an AVC denial. Newer policy grants it; until you can upgrade, a local policy module with that one rule does the same.',
		steps: [
			confirmStep(),
			updateStep(environment),
			step(
				'Otherwise: write a local policy module',
				'Save this as prg_userns.te on a RHEL or Fedora machine with the checkpolicy and policycoreutils packages installed. It grants one permission: container_t may create user namespaces.',
				snippet('te', policyModule),
			),
			step(
				'Compile the module',
				'checkmodule turns the .te source into a policy module (prg_userns.mod).',
				snippet('sh', 'checkmodule -M -m -o prg_userns.mod prg_userns.te'),
				localCommand(['checkmodule', '-M', '-m', '-o', 'prg_userns.mod', 'prg_userns.te'], {needsRoot: false, changesMachine: false}),
			),
			step(
				'Package it',
				'semodule_package wraps it into prg_userns.pp, the file semodule installs. `base64 -w0 prg_userns.pp` gives the text for the MachineConfig in the next step.',
				snippet('sh', `semodule_package -o prg_userns.pp -m prg_userns.mod
base64 -w0 prg_userns.pp`),
				localCommand(['semodule_package', '-o', 'prg_userns.pp', '-m', 'prg_userns.mod'], {needsRoot: false, changesMachine: false}),
			),
			step(
				'Ship it to the workers with a MachineConfig',
				`The MachineConfig places the module on every worker and a one-shot unit loads it at boot, before CRI-O and the kubelet. Paste the base64 text in place of the placeholder, then \`oc apply -f 99-worker-prg-userns-selinux.yaml\`. (semodule also installs the same rule written as CIL, \`(allow container_t self (user_namespace (create)))\` in prg_userns.cil, which needs no compiling: ship that file instead and point the unit at it.)`,
				snippet('yaml', selinuxMachineConfig()),
			),
			machineConfigRollout(),
			sccStep(),
		],
		verify: `${reprobePool} On a node, \`oc debug node/<node> -- chroot /host semodule -l | grep prg_userns\` lists the module when you shipped it.`,
	};
}
