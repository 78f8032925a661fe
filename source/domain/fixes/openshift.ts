// openshift-sysctl and the OpenShift pieces other fixes share: nodes are changed only through
// MachineConfigs (the Machine Config Operator drains and reboots each node of the pool), and pods
// are admitted through SecurityContextConstraints.
import type {EnvironmentId, Fix, FixStep} from '../types.js';
import {reprobePool, snippet, step} from './steps.js';

export const userNamespacesConf = 'user.max_user_namespaces = 15000\n';

/** An Ignition `data:` URL (RFC 2397) holding text, base64-encoded. */
export function dataUrl(text: string): string {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return `data:text/plain;charset=utf-8;base64,${btoa(binary)}`;
}

export function sysctlMachineConfig(pool = 'worker'): string {
	return `apiVersion: machineconfiguration.openshift.io/v1
kind: MachineConfig
metadata:
  name: 99-${pool}-prg-userns
  labels:
    machineconfiguration.openshift.io/role: ${pool}
spec:
  config:
    ignition:
      version: 3.2.0
    storage:
      files:
        - path: /etc/sysctl.d/99-userns.conf
          mode: 420          # 0644
          overwrite: true
          contents:
            # ${userNamespacesConf.trim()}
            source: ${dataUrl(userNamespacesConf)}
`;
}

export const probeScc = `apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata:
  name: prg-probe
allowHostDirVolumePlugin: false
allowHostIPC: false
allowHostNetwork: false
allowHostPID: false
allowHostPorts: false
allowPrivilegeEscalation: false
allowPrivilegedContainer: false
allowedCapabilities: null
defaultAddCapabilities: null
readOnlyRootFilesystem: false
runAsUser:
  type: MustRunAs
  uid: 3377
seLinuxContext:
  type: MustRunAs
fsGroup:
  type: RunAsAny
supplementalGroups:
  type: RunAsAny
seccompProfiles:
  - unconfined
users: []
groups: []
volumes:
  - configMap
  - downwardAPI
  - emptyDir
  - projected
  - secret
`;

/** When restricted-v2 refuses the probe (or the runner): it forces RuntimeDefault seccomp and a namespace UID range. */
export function sccStep(): FixStep {
	return step(
		'If the probe or the runner pod is refused: grant a custom SCC',
		'The default restricted-v2 SCC forces the RuntimeDefault seccomp profile and a UID from the namespace’s range, so it refuses a pod that asks for seccomp Unconfined and UID 3377. This SCC allows exactly that and nothing more (no privilege, no host access). Grant it to the service account the pods run as: `default` for the probe, the runner’s own account for the Plan Runner Group: `oc apply -f prg-probe-scc.yaml`, then `oc adm policy add-scc-to-user prg-probe -z default -n <namespace>`.',
		snippet('yaml', probeScc),
	);
}

export function machineConfigRollout(): FixStep {
	return step(
		'Watch the pool roll out',
		'Each node of the pool is drained and rebooted in turn. Wait until the pool reports UPDATED=True and UPDATING=False.',
		snippet('sh', 'oc get machineconfigpool worker -w'),
	);
}

export function openshiftSysctl(environment: EnvironmentId | null): Fix {
	return {
		id: 'openshift-sysctl',
		title: 'Raise user.max_user_namespaces on the worker pool with a MachineConfig',
		gate: 'userns-limit',
		environment,
		why: 'Some RHCOS/RHEL releases ship user.max_user_namespaces at 0, so the kernel refuses every user namespace ("No space left on device"). On OpenShift, node settings are changed by a MachineConfig: it writes a sysctl.d file on every node of the pool, and the pool reboots.',
		steps: [
			step(
				'Confirm the value on a node',
				'A node debug pod reads the setting from the node itself. 0 confirms this gate.',
				snippet('sh', 'oc debug node/<node> -- chroot /host sysctl user.max_user_namespaces'),
			),
			step(
				'Apply a MachineConfig that writes /etc/sysctl.d/99-userns.conf',
				'The file content travels as a base64 data URL (the comment shows it decoded). It targets the worker pool; for a custom pool (e.g. infra) change the role label and name to that pool’s. Apply it with `oc apply -f 99-worker-prg-userns.yaml`.',
				snippet('yaml', sysctlMachineConfig()),
			),
			machineConfigRollout(),
			sccStep(),
		],
		verify: reprobePool,
	};
}
