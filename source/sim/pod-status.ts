// Pod status shapes the kubelet writes at each step, as a real kubelet (1.32, containerd) does:
// conditions with their reasons, containerStatuses with waiting/running/terminated states.
import {createHash, randomBytes} from 'node:crypto';
import type {KObject} from './store.js';

export const nowStamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** `alpine:3.19` → `docker.io/library/alpine:3.19`, the form containerd reports. */
export function fullImageName(image: string): string {
	const withTag = /[:@]/.test(image.split('/').pop() ?? '') ? image : `${image}:latest`;
	const parts = withTag.split('/');
	if (parts.length === 1) return `docker.io/library/${withTag}`;
	if (!parts[0].includes('.') && !parts[0].includes(':') && parts[0] !== 'localhost') return `docker.io/${withTag}`;
	return withTag;
}

export function imageId(image: string): string {
	const full = fullImageName(image);
	const repository = full.replace(/[:@].*$/, '').replace(/:[^/]*$/, '');
	return `${repository}@sha256:${createHash('sha256').update(full).digest('hex')}`;
}

export function containerId(runtimeVersion: string | undefined): string {
	const scheme = (runtimeVersion ?? 'containerd://').split('://')[0] || 'containerd';
	return `${scheme}://${randomBytes(32).toString('hex')}`;
}

type Condition = {type: string; status: 'True' | 'False'; reason?: string};

export function conditions(list: Condition[], at: string): Record<string, unknown>[] {
	return list.map((condition) => ({type: condition.type, status: condition.status, lastProbeTime: null, lastTransitionTime: at, ...(condition.reason ? {reason: condition.reason} : {})}));
}

export function containersOf(pod: KObject): {name: string; image: string; command?: string[]; args?: string[]; securityContext?: Record<string, any>}[] {
	return pod.spec?.containers ?? [];
}

export function waitingStatuses(pod: KObject, reason: string, message?: string): Record<string, unknown>[] {
	return containersOf(pod).map((container) => ({
		name: container.name,
		state: {waiting: message ? {reason, message} : {reason}},
		lastState: {},
		ready: false,
		restartCount: 0,
		image: container.image,
		imageID: '',
		started: false,
	}));
}
