// kernel-userns: a kernel built without CONFIG_USER_NS. No setting can add the feature; the pool
// needs an image whose kernel has it, which every mainstream node image does.
import type {EnvironmentId, Fix} from '../types.js';
import {environmentTitle} from './environment-words.js';
import {nodeDebug, reprobePool, snippet, step} from './steps.js';

export function kernelUserns(environment: EnvironmentId | null): Fix {
	return {
		id: 'kernel-userns',
		title: 'Move the pool to a kernel with user namespaces',
		gate: 'no-userns',
		environment,
		why: `The kernel on these ${environmentTitle(environment)} nodes was built without user namespaces (CONFIG_USER_NS): /proc/self/ns/user does not exist and unshare answers "Invalid argument". It is a build option, so only another kernel or node image helps.`,
		steps: [
			step(
				'Confirm on a node',
				'No /proc/self/ns/user, and CONFIG_USER_NS missing or "is not set" in the kernel config, confirm it.',
				snippet('sh', nodeDebug("sh -c 'ls -l /proc/self/ns/user; (zcat /proc/config.gz 2>/dev/null || cat /boot/config-$(uname -r)) | grep CONFIG_USER_NS'")),
			),
			step(
				'Run the Plan Runner Group on another node image',
				'Create a pool from a standard image — Ubuntu, Amazon Linux 2023, Container-Optimized OS, Azure Linux, RHCOS, Bottlerocket (with its sysctl raised) all build user namespaces in — and schedule the runner there (a nodeSelector or a taint and toleration for that pool). For a custom kernel, rebuild it with CONFIG_USER_NS=y.',
			),
		],
		verify: reprobePool,
	};
}
