// The fix catalog: one builder per fix id, each tailored to the environment where that matters.
import {fixIdFor} from '../gates.js';
import {fixIds, type EnvironmentId, type Fix, type FixId, type Gate} from '../types.js';
import {hostAppArmorSysctl, nodeAppArmorSysctl} from './apparmor.js';
import {bottlerocketSysctl} from './bottlerocket.js';
import {kernelUserns} from './kernel.js';
import {openshiftSysctl} from './openshift.js';
import {openshiftSelinux} from './openshift-selinux.js';
import {seccompUnconfined} from './seccomp.js';
import {support} from './support.js';
import {nodeSysctl, usernsCloneSysctl} from './sysctl.js';

const builders: Record<FixId, (environment: EnvironmentId | null) => Fix> = {
	'bottlerocket-sysctl': bottlerocketSysctl,
	'openshift-sysctl': openshiftSysctl,
	'openshift-selinux': openshiftSelinux,
	'host-apparmor-sysctl': hostAppArmorSysctl,
	'node-apparmor-sysctl': nodeAppArmorSysctl,
	'node-sysctl': nodeSysctl,
	'userns-clone-sysctl': usernsCloneSysctl,
	'seccomp-unconfined': seccompUnconfined,
	'kernel-userns': kernelUserns,
	support,
};

export const allFixIds: readonly FixId[] = fixIds;

export function fixById(id: FixId, environment: EnvironmentId | null): Fix {
	return builders[id](environment);
}

/** The fix for a gate in an environment (SPEC section 5's table); null for gate `none`. */
export function fixFor(gate: Gate, environment: EnvironmentId | null): Fix | null {
	const id = fixIdFor(gate, environment);
	return id === null ? null : fixById(id, environment);
}

export {fixIdFor};
