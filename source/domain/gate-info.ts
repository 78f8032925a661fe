// Each gate in plain words, for the explorer's node screen and the reports: what it is (title),
// what happens (plain), and why the node behaves so (why). No jargon a cluster admin would need
// to look up before acting; the fix walkthrough carries the exact commands.
import type {Gate} from './types.js';

export type GateInfo = {readonly title: string; readonly plain: string; readonly why: string};

export const gateInfo: Record<Gate, GateInfo> = {
	none: {
		title: 'Ready',
		plain: 'A non-root process on this node can create a user namespace and map its IDs, so plan steps can start their sandbox.',
		why: 'Nothing in the kernel, its settings or the security modules stops the rootless sandbox.',
	},
	'no-userns': {
		title: 'Kernel without user namespaces',
		plain: 'The node’s kernel was built without user namespace support, so no sandbox can start on it.',
		why: 'User namespaces are a kernel build option (CONFIG_USER_NS). No setting turns them on; the node needs a different image or kernel.',
	},
	'userns-limit': {
		title: 'User namespaces capped at 0',
		plain: 'The node allows zero user namespaces (user.max_user_namespaces = 0), so every sandbox start is refused with "No space left on device".',
		why: 'Some hardened images (Bottlerocket, some RHEL/RHCOS setups) set the limit to 0 until something needs it. Raising it to a normal value, e.g. 15000, is a one-line node setting.',
	},
	'userns-clone': {
		title: 'Unprivileged user namespaces switched off',
		plain: 'The node’s kernel lets only root create user namespaces (kernel.unprivileged_userns_clone = 0).',
		why: 'Debian (10 and older) ships this switch off. Setting it to 1 restores the upstream default.',
	},
	seccomp: {
		title: 'Seccomp filter blocks unshare',
		plain: 'A seccomp filter is applied to the pod even though it asks for none, and it refuses to create user namespaces.',
		why: 'The runtime’s default seccomp profile blocks unshare for processes without CAP_SYS_ADMIN. Something — an OpenShift SCC, an admission webhook, or a runtime default — overrides the pod’s Unconfined profile.',
	},
	'selinux-userns': {
		title: 'SELinux denies user namespaces to containers',
		plain: 'SELinux policy does not allow containers (container_t) to create user namespaces, so the sandbox start is refused with "Permission denied".',
		why: 'container-selinux before 2.232.0 lacks the user_namespace create permission for container_t. Newer policy, or a small local policy module, grants it.',
	},
	'apparmor-userns': {
		title: 'AppArmor restricts user namespaces',
		plain: 'The kernel lets the sandbox create a user namespace but AppArmor stops it from mapping IDs, so the start fails with "Operation not permitted". The documented probe can still say OK here.',
		why: 'Ubuntu 23.10 and later set kernel.apparmor_restrict_unprivileged_userns = 1. Local clusters on Docker (kind, Minikube’s Docker driver) share the host’s kernel, so the host’s setting decides.',
	},
	unknown: {
		title: 'Blocked, cause not recognised',
		plain: 'The probe failed, but its output matches none of the known gates.',
		why: 'Something outside the known list refuses user namespaces on this node. The probe output and a support report let support pinpoint it.',
	},
};
